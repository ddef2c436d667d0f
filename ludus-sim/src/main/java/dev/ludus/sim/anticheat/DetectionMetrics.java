package dev.ludus.sim.anticheat;

import org.hipparchus.stat.ranking.NaturalRanking;
import org.hipparchus.stat.ranking.TiesStrategy;

/** Figures of a detector's scores against labels. Stateless and thread-safe. */
public final class DetectionMetrics {
    private DetectionMetrics() {
    }

    /**
     * Precision and recall of "score at least threshold" as the detector's call.
     *
     * @param threshold the score from which a row is called a cheater
     * @param precision true positives over rows called; NaN when none is called
     * @param recall true positives over positives; NaN without positives
     */
    public record PrecisionRecall(double threshold, double precision, double recall) {
    }

    /**
     * The area under the ROC curve, as the Mann-Whitney statistic {@code U / (n1 n0)}: the
     * probability that a random positive scores above a random negative, ties counting one half
     * (Hanley and McNeil 1982, "The meaning and use of the area under a receiver operating
     * characteristic (ROC) curve", <i>Radiology</i> 143(1)). Ranks come from Hipparchus'
     * {@link NaturalRanking} with averaged ties.
     *
     * @param scores one score per row, no NaN
     * @param positive one label per row
     * @return the AUC in [0, 1]
     * @throws IllegalArgumentException if the lengths differ or a class is empty
     */
    public static double auc(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("scores, labels : " + scores.length + ", " + positive.length
                + " (expected: equal lengths)");
        }
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(scores);
        double positiveRankSum = 0;
        long positives = 0;
        for (int i = 0; i < ranks.length; i++) {
            if (positive[i]) {
                positiveRankSum += ranks[i];
                positives++;
            }
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("positives, negatives : " + positives + ", " + negatives
                + " (expected: both > 0)");
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * @param scores one score per row
     * @param positive one label per row, same length
     * @param threshold the score from which a row is called a cheater
     * @return precision and recall at that threshold
     */
    public static PrecisionRecall at(double[] scores, boolean[] positive, double threshold) {
        long called = 0;
        long truePositives = 0;
        long positives = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean call = scores[i] >= threshold;
            called += call ? 1 : 0;
            positives += positive[i] ? 1 : 0;
            truePositives += call && positive[i] ? 1 : 0;
        }
        return new PrecisionRecall(threshold, (double) truePositives / called, (double) truePositives / positives);
    }

    /**
     * The threshold, among the scores themselves, with the highest F1 (harmonic mean of precision
     * and recall); the lowest such score on ties.
     *
     * @param scores one score per row, at least one
     * @param positive one label per row, same length, at least one positive
     * @return that threshold
     */
    public static double bestF1Threshold(double[] scores, boolean[] positive) {
        double best = Double.NaN;
        double bestF1 = -1;
        for (double candidate : scores) {
            PrecisionRecall pr = at(scores, positive, candidate);
            double f1 = pr.precision() + pr.recall() == 0 ? 0 : 2 * pr.precision() * pr.recall()
                / (pr.precision() + pr.recall());
            if (f1 > bestF1 || (f1 == bestF1 && candidate < best)) {
                bestF1 = f1;
                best = candidate;
            }
        }
        return best;
    }
}
