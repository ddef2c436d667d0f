package dev.ludus.sim.anticheat;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of a {@link StatisticalDetector}, checked once at construction. Immutable.
 *
 * @param rankBuckets skill buckets of the rating service, 1 to 64 (default 10): population priors
 *     are fitted per bucket, so a player is compared with players of the same skill
 * @param tickSeconds length of a tick, seconds, {@code > 0} (default 0.05, the 20 Hz tick of DESIGN.md §2)
 * @param populationQuantile the share of the honest population a player's true rate is compared
 *     with, in (0.5, 1) (default 0.999: a feature scores the posterior probability that the player is
 *     beyond all but one in a thousand players of their bucket; tuned on the synthetic population of
 *     {@code PopulationDetectionTest}, where 0.995 sanctioned 14 of 4,850 honest players and 0.9995
 *     caught fewer closet cheaters with no fewer false alarms)
 * @param minSamples observations a player needs before a rate feature scores them and before they
 *     join their bucket's population, {@code >= 1} (default 30: shots for accuracy and snaps, hits for
 *     head ratio, shots plus violations for violations)
 * @param minReactions reaction times a player needs before that feature scores them, {@code >= 2} (default 10)
 * @param minPopulation players a bucket needs before its own prior is fitted, {@code >= 2}
 *     (default 30); a smaller bucket borrows the prior of all buckets together, and a feature of a
 *     population smaller than this scores nobody
 * @param maxPriorStrength the largest weight of a population prior, in pseudo-observations,
 *     {@code >= 1} (default 1000): caps {@code alpha + beta} and the Gamma shape, so a population
 *     whose rates barely vary (violations: nearly all zero) still lets a player's own data speak
 * @param refitEvery population updates after which a prior is fitted again when a verdict asks for
 *     it, {@code >= 1} (default 1024); fits happen only inside {@link StatisticalDetector#verdict}
 * @param snapDegrees a view-angle change in the tick before a shot at least this large counts as a
 *     snap, degrees in (0, 180] (default 25). Human aimed movements end in a slow corrective
 *     sub-movement (Meyer et al. 1988, "Optimality in human motor performance: ideal control of rapid
 *     aimed movements", <i>Psychological Review</i> 95(3)), so a large turn in the last 50 ms before a
 *     shot is rare for people and routine for an aimbot; the snap share is then compared with the
 *     population's, so the exact value is not critical
 * @param reactionFloorMillis the median reaction time below which no human plays, milliseconds,
 *     {@code > 0} (default 150). Mean simple visual reaction time is about 190-250 ms (Kosinski 2013,
 *     "A literature review on reaction time", Clemson University) and auditory reactions under 100 ms
 *     count as false starts in athletics (World Athletics Technical Rule 16.6); a game reaction
 *     (target visible to first shot) also includes aiming, so a median under 150 ms is not human
 * @param minResourceSeconds seconds of harvesting a player needs before resource gain scores them,
 *     {@code > 0} (default 60)
 * @param policy maps scores to sanctions, not null (default {@link Policy#DEFAULT})
 * @param ratingToleranceBuckets tiers of rating uncertainty, {@code 0 <= t < rankBuckets} (default 1):
 *     accuracy and head-hit shares are compared with the population of the rank bucket this many above
 *     the player's own (capped at the top one), because a matchmaking rating (Glicko, TrueSkill,
 *     OpenSkill) is a noisy estimate of skill and a player a tier better than its rating is common
 */
public record DetectorSettings(int rankBuckets, double tickSeconds, double populationQuantile, int minSamples,
                               int minReactions, int minPopulation, double maxPriorStrength, int refitEvery,
                               double snapDegrees, double reactionFloorMillis, double minResourceSeconds,
                               Policy policy, int ratingToleranceBuckets) {
    /** The largest number of rank buckets. */
    public static final int MAX_RANK_BUCKETS = 64;

    /**
     * @throws IllegalArgumentException listing every bad setting, one per line, as
     *     {@code name : value (expected: ...)}
     */
    public DetectorSettings {
        List<String> problems = new ArrayList<>();
        if (rankBuckets < 1 || rankBuckets > MAX_RANK_BUCKETS) {
            problems.add("rankBuckets : " + rankBuckets + " (expected: 1 to " + MAX_RANK_BUCKETS + ")");
        }
        if (!(tickSeconds > 0) || Double.isInfinite(tickSeconds)) {
            problems.add("tickSeconds : " + tickSeconds + " (expected: > 0)");
        }
        if (!(populationQuantile > 0.5 && populationQuantile < 1)) {
            problems.add("populationQuantile : " + populationQuantile + " (expected: > 0.5 and < 1)");
        }
        if (minSamples < 1) {
            problems.add("minSamples : " + minSamples + " (expected: >= 1)");
        }
        if (minReactions < 2) {
            problems.add("minReactions : " + minReactions + " (expected: >= 2)");
        }
        if (minPopulation < 2) {
            problems.add("minPopulation : " + minPopulation + " (expected: >= 2)");
        }
        if (!(maxPriorStrength >= 1) || Double.isInfinite(maxPriorStrength)) {
            problems.add("maxPriorStrength : " + maxPriorStrength + " (expected: >= 1)");
        }
        if (refitEvery < 1) {
            problems.add("refitEvery : " + refitEvery + " (expected: >= 1)");
        }
        if (!(snapDegrees > 0 && snapDegrees <= 180)) {
            problems.add("snapDegrees : " + snapDegrees + " (expected: > 0 and <= 180)");
        }
        if (!(reactionFloorMillis > 0) || Double.isInfinite(reactionFloorMillis)) {
            problems.add("reactionFloorMillis : " + reactionFloorMillis + " (expected: > 0)");
        }
        if (!(minResourceSeconds > 0) || Double.isInfinite(minResourceSeconds)) {
            problems.add("minResourceSeconds : " + minResourceSeconds + " (expected: > 0)");
        }
        if (policy == null) {
            problems.add("policy : null (expected: a policy)");
        }
        if (ratingToleranceBuckets < 0 || ratingToleranceBuckets >= Math.max(1, rankBuckets)) {
            problems.add("ratingToleranceBuckets : " + ratingToleranceBuckets + " (expected: 0 to rankBuckets - 1)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
    }

    /** @return the defaults listed on each component */
    public static DetectorSettings defaults() {
        return new DetectorSettings(10, 0.05, 0.999, 30, 10, 30, 1000, 1024, 25, 150, 60, Policy.DEFAULT, 1);
    }

    /**
     * @param buckets the rating service's skill buckets
     * @return these settings with that many rank buckets
     */
    public DetectorSettings withRankBuckets(int buckets) {
        return new DetectorSettings(buckets, tickSeconds, populationQuantile, minSamples, minReactions, minPopulation,
            maxPriorStrength, refitEvery, snapDegrees, reactionFloorMillis, minResourceSeconds, policy,
            Math.min(ratingToleranceBuckets, Math.max(0, buckets - 1)));
    }

    /**
     * @param newPolicy the policy
     * @return these settings with that policy
     */
    public DetectorSettings withPolicy(Policy newPolicy) {
        return new DetectorSettings(rankBuckets, tickSeconds, populationQuantile, minSamples, minReactions,
            minPopulation, maxPriorStrength, refitEvery, snapDegrees, reactionFloorMillis, minResourceSeconds, newPolicy,
            ratingToleranceBuckets);
    }
}
