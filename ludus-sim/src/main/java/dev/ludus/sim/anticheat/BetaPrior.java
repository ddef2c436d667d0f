package dev.ludus.sim.anticheat;

import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Beta;

/**
 * A Beta(alpha, beta) distribution of a success rate across a population of players, the conjugate
 * prior of a binomial count: after {@code k} successes in {@code n} trials a player's rate has the
 * posterior Beta(alpha + k, beta + n - k) (Gelman et al., <i>Bayesian Data Analysis</i>, 3rd ed.,
 * §2.4). Immutable and thread-safe.
 *
 * @param alpha the prior's pseudo-successes, {@code > 0}
 * @param beta the prior's pseudo-failures, {@code > 0}
 */
public record BetaPrior(double alpha, double beta) {
    /**
     * @throws IllegalArgumentException if a parameter is not a positive finite number
     */
    public BetaPrior {
        if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("alpha, beta : " + alpha + ", " + beta + " (expected: > 0 and finite)");
        }
    }

    /**
     * Fits a prior to per-player rates by the method of moments, correcting for binomial noise. A
     * rate {@code p_i = k_i / n_i} measured on {@code n_i} trials has variance
     * {@code Var(theta) + E[theta (1 - theta)] / n_i}; with {@code E[theta (1 - theta)] = mu (1 - mu) - Var(theta)}
     * and {@code h} the mean of {@code 1 / n_i}, {@code Var(theta) = (Var(p) - mu (1 - mu) h) / (1 - h)}
     * (Kleinman 1973, "Proportions with extraneous variance", <i>Biometrics</i> 29(2), in its
     * unweighted form). Then {@code alpha + beta = mu (1 - mu) / Var(theta) - 1}.
     *
     * <p>The strength {@code alpha + beta} is kept within {@code [1, maxStrength]}: a population whose
     * rates barely vary (all zero, say) would otherwise give a prior no player's own data could move.
     * The mean is kept within {@code [0.5 / maxStrength, 1 - 0.5 / maxStrength]} so both parameters
     * stay positive.
     *
     * @param moments the population's rates, at least one player
     * @param maxStrength the largest {@code alpha + beta}, {@code >= 1}
     * @return the fitted prior
     */
    static BetaPrior fit(RateMoments moments, double maxStrength) {
        return fit(moments.mean(), moments.variance(), moments.meanInverseExposure(), maxStrength);
    }

    /**
     * The same fit from a centre, a measured variance and the mean {@code 1 / n}, as
     * {@link RobustMoments} gives them.
     *
     * @param measuredMean the population's mean (or median) share
     * @param measuredVariance the variance of the measured shares, noise included
     * @param meanInverseTrials the mean of {@code 1 / n} over the players
     * @param maxStrength the largest {@code alpha + beta}, {@code >= 1}
     * @return the fitted prior
     */
    static BetaPrior fit(double measuredMean, double measuredVariance, double meanInverseTrials, double maxStrength) {
        double floor = 0.5 / maxStrength;
        double mean = Math.clamp(measuredMean, floor, 1.0 - floor);
        double spread = mean * (1.0 - mean);
        double trueVariance = meanInverseTrials >= 1.0 ? 0.0
            : (measuredVariance - spread * meanInverseTrials) / (1.0 - meanInverseTrials);
        double strength = trueVariance <= 0.0 ? maxStrength : Math.clamp(spread / trueVariance - 1.0, 1.0, maxStrength);
        return new BetaPrior(mean * strength, (1.0 - mean) * strength);
    }

    /** @return the prior mean {@code alpha / (alpha + beta)} */
    public double mean() {
        return alpha / (alpha + beta);
    }

    /**
     * @param probability in (0, 1)
     * @return the rate below which that share of the population lies
     */
    public double quantile(double probability) {
        return new BetaDistribution(alpha, beta).inverseCumulativeProbability(probability);
    }

    /**
     * @param successes {@code 0 <= successes <= trials}
     * @param trials the player's trials
     * @return the posterior mean rate {@code (alpha + k) / (alpha + beta + n)}
     */
    public double posteriorMean(long successes, long trials) {
        return (alpha + successes) / (alpha + beta + trials);
    }

    /**
     * The posterior probability that the player's true rate exceeds {@code threshold}:
     * {@code 1 - I_t(alpha + k, beta + n - k)}, computed as {@code I_{1-t}(beta + n - k, alpha + k)} so a
     * probability close to 1 keeps its precision ({@code I} is the regularized incomplete beta
     * function).
     *
     * @param successes {@code 0 <= successes <= trials}
     * @param trials the player's trials
     * @param threshold a rate in [0, 1]
     * @return the probability, in [0, 1]
     */
    public double exceedance(long successes, long trials, double threshold) {
        return Beta.regularizedBeta(1.0 - threshold, beta + trials - successes, alpha + successes);
    }
}
