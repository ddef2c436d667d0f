package dev.ludus.sim.anticheat;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;

/**
 * L2-regularised logistic regression fitted by Newton-Raphson (iteratively reweighted least
 * squares; Hastie, Tibshirani and Friedman, <i>The Elements of Statistical Learning</i>, 2nd ed.,
 * §4.4.1), the intercept unpenalised. Deterministic. Stateless.
 */
final class LogisticRegression {
    private static final int MAX_ITERATIONS = 50;
    private static final double TOLERANCE = 1e-10;

    private LogisticRegression() {
    }

    /**
     * @param x one row of features per example, all rows the same length
     * @param y one label per example
     * @param l2 the penalty on the squared weights, {@code > 0}
     * @return the intercept followed by one weight per feature
     */
    static double[] fit(double[][] x, boolean[] y, double l2) {
        int features = x[0].length + 1;
        double[] w = new double[features];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            RealMatrix hessian = new Array2DRowRealMatrix(features, features);
            RealVector gradient = new ArrayRealVector(features);
            for (int i = 0; i < x.length; i++) {
                double p = logistic(linear(w, x[i]));
                double residual = p - (y[i] ? 1 : 0);
                double weight = Math.max(p * (1 - p), 1e-12);
                for (int a = 0; a < features; a++) {
                    double xa = a == 0 ? 1 : x[i][a - 1];
                    gradient.addToEntry(a, residual * xa);
                    for (int b = 0; b <= a; b++) {
                        hessian.addToEntry(a, b, weight * xa * (b == 0 ? 1 : x[i][b - 1]));
                    }
                }
            }
            for (int a = 0; a < features; a++) {
                for (int b = a + 1; b < features; b++) {
                    hessian.setEntry(a, b, hessian.getEntry(b, a));
                }
            }
            for (int a = 1; a < features; a++) {
                gradient.addToEntry(a, 2 * l2 * w[a]);
                hessian.addToEntry(a, a, 2 * l2);
            }
            RealVector step = new CholeskyDecomposition(hessian).getSolver().solve(gradient);
            for (int a = 0; a < features; a++) {
                w[a] -= step.getEntry(a);
            }
            if (step.getNorm() < TOLERANCE) {
                break;
            }
        }
        return w;
    }

    /** @return {@code w[0] + sum w[i + 1] x[i]} */
    static double linear(double[] w, double[] x) {
        double z = w[0];
        for (int i = 0; i < x.length; i++) {
            z += w[i + 1] * x[i];
        }
        return z;
    }

    /** @return {@code 1 / (1 + e^-z)} */
    static double logistic(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }
}
