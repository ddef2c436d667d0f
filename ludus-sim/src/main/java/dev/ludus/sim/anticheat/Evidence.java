package dev.ludus.sim.anticheat;

/**
 * One feature's contribution to a {@link Verdict}.
 *
 * @param feature the feature: one of the {@code StatisticalDetector} feature names, such as
 *     {@link StatisticalDetector#ACCURACY}
 * @param observed the player's raw measurement (a share in [0, 1], milliseconds for reaction time,
 *     units per second for resource gain)
 * @param expected the bound it is compared with: the population's upper quantile, or the human floor
 *     for reaction time
 * @param score the posterior probability, in [0, 1], that the player is beyond that bound
 * @param detail the sample and the comparison, for a human reviewer
 */
public record Evidence(String feature, double observed, double expected, double score, String detail) {
}
