package dev.ludus.sim.anticheat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.hipparchus.special.Beta;

/**
 * Streaming statistical cheat detection for one world, fed by its tick.
 *
 * <p><b>Features.</b> Five binomial shares are compared with the population of the player's rank
 * bucket: {@link #ACCURACY} (hits among shots), {@link #HEAD_RATIO} (head hits among hits),
 * {@link #HEAD_ACCURACY} (head hits among shots, which adds up a player a little above their bucket
 * on both), {@link #AIM_SNAP} (shots preceded by a view-angle change of at least
 * {@link DetectorSettings#snapDegrees()} in the tick before) and {@link #VIOLATIONS} (physically
 * impossible actions the tick rejected, among shots plus those). Each bucket's population prior is a
 * Beta distribution fitted to the shares of its players with at least
 * {@link DetectorSettings#minSamples()} observations, as they play: its centre and spread are the
 * median and the median absolute deviation of the measured shares ({@code RobustMoments}), less the
 * binomial noise ({@link BetaPrior#fit}), so the cheaters in the population do not widen the range
 * they are judged against; players the policy currently sanctions are also left out. A feature's
 * score is the Beta-Binomial posterior probability that the player's true share exceeds the
 * {@link DetectorSettings#populationQuantile()} quantile of that prior ({@link BetaPrior#exceedance}).
 * The prior also shrinks small samples: three head hits in three hits is no evidence.
 * {@link #RESOURCE_RATE} does the same for units gained per second with a
 * Gamma-Poisson model over all players. {@link #REACTION_TIME} compares the player with the human
 * range instead of the population: reaction times are log-normal (Ulrich and Miller 1993, "Information
 * processing models generating lognormally distributed reaction times", <i>Journal of Mathematical
 * Psychology</i> 37(4)); with a flat prior the player's mean log reaction time has a Student-t
 * posterior with {@code n - 1} degrees of freedom (Gelman et al., <i>Bayesian Data Analysis</i>, 3rd
 * ed., §3.2), and the score is its probability of lying below the log of
 * {@link DetectorSettings#reactionFloorMillis()}.
 *
 * <p><b>Score.</b> The feature scores combine as a noisy-OR, {@code 1 - prod(1 - score_f)}: the
 * probability that at least one feature is beyond its bound if the features are independent. The
 * {@link Policy} maps it to a {@link Sanction}.
 *
 * <p><b>Cost.</b> The {@code on*} methods are O(1) and allocate only when the number of players
 * outgrows the arrays. {@link #verdict} allocates its result, and refits a bucket's prior at most
 * once per {@link DetectorSettings#refitEvery()} population updates: a scan of the players' shares,
 * a sort of the bucket's (O(n log n)) and an inverse Beta distribution function.
 *
 * <p>Deterministic: the same calls in the same order give the same verdicts. Not thread-safe: the
 * tick thread only.
 */
public final class StatisticalDetector implements dev.ludus.sim.action.ActionObserver {
    /** Feature name: hits among shots. */
    public static final String ACCURACY = "accuracy";
    /** Feature name: head hits among hits. */
    public static final String HEAD_RATIO = "head_ratio";
    /** Feature name: head hits among shots, the product of accuracy and head ratio. */
    public static final String HEAD_ACCURACY = "head_accuracy";
    /** Feature name: shots preceded by a snap. */
    public static final String AIM_SNAP = "aim_snap";
    /** Feature name: rejected impossible actions among shots plus those. */
    public static final String VIOLATIONS = "violations";
    /** Feature name: time from a target becoming visible to the first shot at it. */
    public static final String REACTION_TIME = "reaction_time";
    /** Feature name: units gained by harvesting per second. */
    public static final String RESOURCE_RATE = "resource_rate";

    /**
     * The smallest standard deviation of log reaction times: a player whose reactions are all equal
     * (to the tick) would otherwise have a zero-width posterior. 0.05 is about a 5% spread, under
     * the within-person spread people show (Kosinski 2013).
     */
    private static final double MIN_LOG_REACTION_SD = 0.05;
    private static final int INITIAL_PLAYERS = 64;

    private final DetectorSettings settings;
    private final double logReactionFloor;
    private final PlayerSlots slots = new PlayerSlots();
    private final BetaFeature accuracy;
    private final BetaFeature headRatio;
    private final BetaFeature headAccuracy;
    private final BetaFeature aimSnap;
    private final BetaFeature violationShare;
    private final GammaFeature resourceRate;

    private int[] bucket = new int[INITIAL_PLAYERS];
    private int[] shots = new int[INITIAL_PLAYERS];
    private int[] hits = new int[INITIAL_PLAYERS];
    private int[] headHits = new int[INITIAL_PLAYERS];
    private int[] snapShots = new int[INITIAL_PLAYERS];
    private int[] snaps = new int[INITIAL_PLAYERS];
    private int[] violations = new int[INITIAL_PLAYERS];
    private int[] reactions = new int[INITIAL_PLAYERS];
    private double[] logReactionMean = new double[INITIAL_PLAYERS];
    private double[] logReactionM2 = new double[INITIAL_PLAYERS];
    private long[] firstGainTick = new long[INITIAL_PLAYERS];
    private long[] lastGainTick = new long[INITIAL_PLAYERS];
    private long[] unitsAfterFirstGain = new long[INITIAL_PLAYERS];
    private boolean[] sanctioned = new boolean[INITIAL_PLAYERS];

    /**
     * @param settings the detector's settings, not null
     */
    public StatisticalDetector(DetectorSettings settings) {
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
        logReactionFloor = Math.log(settings.reactionFloorMillis());
        accuracy = new BetaFeature(settings);
        headRatio = new BetaFeature(settings);
        headAccuracy = new BetaFeature(settings);
        aimSnap = new BetaFeature(settings);
        violationShare = new BetaFeature(settings);
        resourceRate = new GammaFeature(settings);
        ensureFeatureSlots(INITIAL_PLAYERS);
    }

    /**
     * A shot was fired.
     *
     * @param playerId the shooter
     * @param rankBucket the shooter's skill bucket from the rating service, 0 to
     *     {@code settings.rankBuckets() - 1}; a change moves the player's history to the new bucket
     * @param hit whether it hit
     * @param headHit whether it hit the head (implies {@code hit})
     * @throws IllegalArgumentException if the bucket is out of range or a head hit is not a hit
     */
    @Override
    public void onShot(long playerId, int rankBucket, boolean hit, boolean headHit) {
        if (rankBucket < 0 || rankBucket >= settings.rankBuckets()) {
            throw new IllegalArgumentException("rankBucket : " + rankBucket + " (expected: 0 to "
                + (settings.rankBuckets() - 1) + ")");
        }
        if (headHit && !hit) {
            throw new IllegalArgumentException("headHit : true with hit false (expected: a head hit is a hit)");
        }
        int slot = slot(playerId);
        if (bucket[slot] != rankBucket) {
            withdrawRates(slot);
            bucket[slot] = rankBucket;
            contributeRates(slot);
        }
        boolean member = !sanctioned[slot];
        shots[slot]++;
        if (hit) {
            hits[slot]++;
            if (headHit) {
                headHits[slot]++;
            }
            headRatio.update(slot, rankBucket, headHits[slot], hits[slot], member);
        }
        accuracy.update(slot, rankBucket, hits[slot], shots[slot], member);
        headAccuracy.update(slot, rankBucket, headHits[slot], shots[slot], member);
        violationShare.update(slot, rankBucket, violations[slot], shots[slot] + violations[slot], member);
    }

    /**
     * A target became visible to the player, who then shot at it.
     *
     * @param playerId the player
     * @param reactionMillis time from the target first becoming visible to the first shot at it,
     *     milliseconds, {@code > 0}
     * @throws IllegalArgumentException if the time is not a positive finite number
     */
    @Override
    public void onReaction(long playerId, double reactionMillis) {
        if (!(reactionMillis > 0) || Double.isInfinite(reactionMillis)) {
            throw new IllegalArgumentException("reactionMillis : " + reactionMillis + " (expected: > 0)");
        }
        int slot = slot(playerId);
        // Welford's update of the mean and the sum of squared deviations (Knuth, TAOCP vol. 2, §4.2.2).
        double x = Math.log(reactionMillis);
        int n = ++reactions[slot];
        double delta = x - logReactionMean[slot];
        logReactionMean[slot] += delta / n;
        logReactionM2[slot] += delta * (x - logReactionMean[slot]);
    }

    /**
     * The view angle changed before a shot.
     *
     * @param playerId the shooter
     * @param degrees the view-angle change in the tick before the shot, degrees in [0, 180]
     * @throws IllegalArgumentException if the angle is out of range
     */
    @Override
    public void onAimSnap(long playerId, double degrees) {
        if (!(degrees >= 0 && degrees <= 180)) {
            throw new IllegalArgumentException("degrees : " + degrees + " (expected: 0 to 180)");
        }
        int slot = slot(playerId);
        snapShots[slot]++;
        if (degrees >= settings.snapDegrees()) {
            snaps[slot]++;
        }
        aimSnap.update(slot, bucket[slot], snaps[slot], snapShots[slot], !sanctioned[slot]);
    }

    /**
     * The player gained resources by harvesting. Exposure runs from the player's first gain to the
     * latest: the first gain only starts the clock and its units are not counted, so a single large
     * gain is no evidence (the count after the first event of a Poisson process is Poisson over the
     * time since).
     *
     * @param playerId the player
     * @param tick the tick of the gain, {@code >= 0}; seconds are ticks times {@code settings.tickSeconds()}
     * @param units units gained, {@code >= 0}, counted as Poisson events
     * @throws IllegalArgumentException if the tick or the units are negative
     */
    @Override
    public void onResourceGain(long playerId, long tick, long units) {
        if (tick < 0) {
            throw new IllegalArgumentException("tick : " + tick + " (expected: >= 0)");
        }
        if (units < 0) {
            throw new IllegalArgumentException("units : " + units + " (expected: >= 0)");
        }
        int slot = slot(playerId);
        if (firstGainTick[slot] < 0) {
            firstGainTick[slot] = tick;
            lastGainTick[slot] = tick;
            return;
        }
        unitsAfterFirstGain[slot] += units;
        lastGainTick[slot] = Math.max(lastGainTick[slot], tick);
        resourceRate.update(slot, unitsAfterFirstGain[slot], harvestSeconds(slot), !sanctioned[slot]);
    }

    /**
     * The tick rejected an action of the player as physically impossible (too fast, a teleport, a
     * cooldown not respected, ...).
     *
     * @param playerId the player
     * @param code the rejection's stable code, for the record; not null
     */
    @Override
    public void onViolation(long playerId, String code) {
        java.util.Objects.requireNonNull(code, "code");
        int slot = slot(playerId);
        violations[slot]++;
        violationShare.update(slot, bucket[slot], violations[slot], shots[slot] + violations[slot], !sanctioned[slot]);
    }

    /**
     * The player's current verdict. Sanctioned players leave the population their features are
     * compared with until a later verdict clears them.
     *
     * @param playerId the player
     * @return the verdict; score 0, no evidence and {@link Sanction#NONE} for a player never seen
     */
    public Verdict verdict(long playerId) {
        int slot = slots.slotOf(playerId);
        if (slot == PlayerSlots.MISSING) {
            return new Verdict(playerId, 0, List.of(), Sanction.NONE);
        }
        List<Evidence> evidence = new ArrayList<>(7);
        int b = bucket[slot];
        // Skill features are judged against the tier(s) above the player's own: a rating places a
        // player only to within about a tier of its true skill (DetectorSettings#ratingToleranceBuckets).
        int reference = Math.min(b + settings.ratingToleranceBuckets(), settings.rankBuckets() - 1);
        share(evidence, ACCURACY, accuracy, reference, hits[slot], shots[slot], "hits in", "shots");
        share(evidence, HEAD_RATIO, headRatio, reference, headHits[slot], hits[slot], "head hits in", "hits");
        share(evidence, HEAD_ACCURACY, headAccuracy, reference, headHits[slot], shots[slot], "head hits in", "shots");
        share(evidence, AIM_SNAP, aimSnap, b, snaps[slot], snapShots[slot], "snaps in", "shots");
        share(evidence, VIOLATIONS, violationShare, b, violations[slot], shots[slot] + violations[slot],
            "violations in", "shots and violations");
        reaction(evidence, slot);
        resources(evidence, slot);
        double clean = 1.0;
        for (Evidence e : evidence) {
            clean *= 1.0 - e.score();
        }
        double score = 1.0 - clean;
        Sanction sanction = settings.policy().sanction(score);
        boolean nowSanctioned = sanction != Sanction.NONE;
        if (nowSanctioned != sanctioned[slot]) {
            withdrawRates(slot);
            sanctioned[slot] = nowSanctioned;
            contributeRates(slot);
        }
        return new Verdict(playerId, score, evidence, sanction);
    }

    /**
     * The player left: their history and their part of the population are dropped.
     *
     * @param playerId the player; unknown players are ignored
     */
    public void forget(long playerId) {
        int slot = slots.slotOf(playerId);
        if (slot != PlayerSlots.MISSING) {
            withdrawRates(slot);
            slots.remove(playerId);
            clear(slot);
        }
    }

    /** The player left the world: {@link #forget} it. */
    @Override
    public void onLeave(long playerId) {
        forget(playerId);
    }

    /** @return the players the detector holds state for */
    public int players() {
        return slots.size();
    }

    private void share(List<Evidence> out, String feature, BetaFeature rates, int b, int successes, int trials,
                       String what, String of) {
        if (trials < settings.minSamples()) {
            return;
        }
        BetaPrior prior = rates.prior(b);
        if (prior == null) {
            return;
        }
        double threshold = rates.threshold(b);
        double score = prior.exceedance(successes, trials, threshold);
        out.add(new Evidence(feature, (double) successes / trials, threshold, score, String.format(Locale.ROOT,
            "%d %s %d %s; P(true share > %.4f, the %s quantile of %s) = %.4f", successes, what, trials, of, threshold,
            settings.populationQuantile(), rates.pooledPrior(b) ? "all buckets" : "rank bucket " + b, score)));
    }

    private void reaction(List<Evidence> out, int slot) {
        int n = reactions[slot];
        if (n < settings.minReactions()) {
            return;
        }
        double sd = Math.max(MIN_LOG_REACTION_SD, Math.sqrt(logReactionM2[slot] / (n - 1)));
        double t = (logReactionFloor - logReactionMean[slot]) / (sd / Math.sqrt(n));
        double score = studentTCdf(t, n - 1);
        double medianMillis = Math.exp(logReactionMean[slot]);
        out.add(new Evidence(REACTION_TIME, medianMillis, settings.reactionFloorMillis(), score,
            String.format(Locale.ROOT, "%d reactions, median %.0f ms; P(true median < %.0f ms) = %.4f",
                n, medianMillis, settings.reactionFloorMillis(), score)));
    }

    private void resources(List<Evidence> out, int slot) {
        double seconds = harvestSeconds(slot);
        if (firstGainTick[slot] < 0 || seconds < settings.minResourceSeconds()) {
            return;
        }
        GammaPrior prior = resourceRate.prior();
        if (prior == null) {
            return;
        }
        double threshold = resourceRate.threshold();
        long units = unitsAfterFirstGain[slot];
        double score = prior.exceedance(units, seconds, threshold);
        out.add(new Evidence(RESOURCE_RATE, units / seconds, threshold, score, String.format(Locale.ROOT,
            "%d units in %.0f s; P(true rate > %.4f/s, the %s quantile of all players) = %.4f",
            units, seconds, threshold, settings.populationQuantile(), score)));
    }

    /**
     * The Student-t distribution function through the regularized incomplete beta function:
     * {@code P(T <= t) = 1 - I_x(df/2, 1/2) / 2} with {@code x = df / (df + t^2)} for {@code t >= 0},
     * mirrored for {@code t < 0} (Abramowitz and Stegun 26.7.1 with 26.5.27).
     */
    static double studentTCdf(double t, int degreesOfFreedom) {
        double tail = 0.5 * Beta.regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t),
            0.5 * degreesOfFreedom, 0.5);
        return t >= 0 ? 1.0 - tail : tail;
    }

    private double harvestSeconds(int slot) {
        return (lastGainTick[slot] - firstGainTick[slot]) * settings.tickSeconds();
    }

    private void withdrawRates(int slot) {
        accuracy.withdraw(slot);
        headRatio.withdraw(slot);
        headAccuracy.withdraw(slot);
        aimSnap.withdraw(slot);
        violationShare.withdraw(slot);
        resourceRate.withdraw(slot);
    }

    private void contributeRates(int slot) {
        int b = bucket[slot];
        boolean member = !sanctioned[slot];
        accuracy.update(slot, b, hits[slot], shots[slot], member);
        headRatio.update(slot, b, headHits[slot], hits[slot], member);
        headAccuracy.update(slot, b, headHits[slot], shots[slot], member);
        aimSnap.update(slot, b, snaps[slot], snapShots[slot], member);
        violationShare.update(slot, b, violations[slot], shots[slot] + violations[slot], member);
        if (firstGainTick[slot] >= 0) {
            resourceRate.update(slot, unitsAfterFirstGain[slot], harvestSeconds(slot), member);
        }
    }

    private int slot(long playerId) {
        int before = slots.slotsInUse();
        int slot = slots.slotOrAdd(playerId);
        if (slots.slotsInUse() > before) {
            // A slot never used before; a reused one was cleared when its player was forgotten.
            if (slot >= shots.length) {
                grow(shots.length * 2);
            }
            clear(slot);
        }
        return slot;
    }

    private void clear(int slot) {
        bucket[slot] = 0;
        shots[slot] = 0;
        hits[slot] = 0;
        headHits[slot] = 0;
        snapShots[slot] = 0;
        snaps[slot] = 0;
        violations[slot] = 0;
        reactions[slot] = 0;
        logReactionMean[slot] = 0;
        logReactionM2[slot] = 0;
        firstGainTick[slot] = -1;
        lastGainTick[slot] = -1;
        unitsAfterFirstGain[slot] = 0;
        sanctioned[slot] = false;
    }

    private void grow(int length) {
        bucket = Arrays.copyOf(bucket, length);
        shots = Arrays.copyOf(shots, length);
        hits = Arrays.copyOf(hits, length);
        headHits = Arrays.copyOf(headHits, length);
        snapShots = Arrays.copyOf(snapShots, length);
        snaps = Arrays.copyOf(snaps, length);
        violations = Arrays.copyOf(violations, length);
        reactions = Arrays.copyOf(reactions, length);
        logReactionMean = Arrays.copyOf(logReactionMean, length);
        logReactionM2 = Arrays.copyOf(logReactionM2, length);
        firstGainTick = Arrays.copyOf(firstGainTick, length);
        lastGainTick = Arrays.copyOf(lastGainTick, length);
        unitsAfterFirstGain = Arrays.copyOf(unitsAfterFirstGain, length);
        sanctioned = Arrays.copyOf(sanctioned, length);
        ensureFeatureSlots(length);
    }

    private void ensureFeatureSlots(int length) {
        accuracy.ensureSlots(length);
        headRatio.ensureSlots(length);
        headAccuracy.ensureSlots(length);
        aimSnap.ensureSlots(length);
        violationShare.ensureSlots(length);
        resourceRate.ensureSlots(length);
    }
}
