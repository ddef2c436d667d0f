package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * One binomial feature (hits among shots, head hits among hits, ...) of every player: each player's
 * current share, kept up to date in O(1), and the Beta priors of the rank buckets fitted from them.
 *
 * <p>A fit is a scan over the players, done when a verdict asks for a bucket's prior and at least
 * {@link DetectorSettings#refitEvery()} shares changed since that bucket's last fit. It is made
 * robust to the cheaters still in the population by winsorizing (Tukey 1962, "The future of data
 * analysis", <i>Annals of Mathematical Statistics</i> 33(1)): shares are clipped at the
 * {@value #WINSOR_QUANTILE} quantile of the shares the previous fit predicts
 * ({@link BetaPrior#measuredSpread}) and the prior fitted again until that cap settles. Method-of-moments variance is otherwise dominated by a handful of extreme players: three
 * rapid-fire cheaters among five hundred honest players would triple the width of the violations
 * prior. Not thread-safe.
 */
final class BetaFeature {
    /** Shares above this quantile of the last fit are clipped to it before the next fit. */
    static final double WINSOR_QUANTILE = 0.99;
    /** The winsorized fit stops when the cap moves less than this. */
    private static final double CAP_TOLERANCE = 1e-4;
    private static final int MAX_FIT_ROUNDS = 16;
    private static final int NOT_CONTRIBUTING = -1;

    private final DetectorSettings settings;
    private final BetaPrior[] priors;
    private final double[] thresholds;
    private final double[] caps;
    private final boolean[] pooledPrior;
    private final long[] versionAtFit;
    private final int[] members;
    private long version;
    /** Per slot: the bucket the player's share counts in, or NOT_CONTRIBUTING, and the share and trials. */
    private int[] bucketOf = new int[0];
    private double[] share = new double[0];
    private double[] trials = new double[0];

    BetaFeature(DetectorSettings settings) {
        this.settings = settings;
        int count = settings.rankBuckets();
        priors = new BetaPrior[count];
        thresholds = new double[count];
        caps = new double[count];
        Arrays.fill(caps, 1.0);
        pooledPrior = new boolean[count];
        versionAtFit = new long[count];
        Arrays.fill(versionAtFit, Long.MIN_VALUE / 2);
        members = new int[count];
    }

    void ensureSlots(int slots) {
        if (bucketOf.length < slots) {
            int old = bucketOf.length;
            bucketOf = Arrays.copyOf(bucketOf, slots);
            Arrays.fill(bucketOf, old, slots, NOT_CONTRIBUTING);
            share = Arrays.copyOf(share, slots);
            trials = Arrays.copyOf(trials, slots);
        }
    }

    /**
     * Sets a player's share: {@code successes / trials} in {@code bucket} when {@code member} (in the
     * population) and {@code trials >= minSamples}, else the player counts in no population.
     */
    void update(int slot, int bucket, int successes, int count, boolean member) {
        withdraw(slot);
        if (member && count >= settings.minSamples()) {
            bucketOf[slot] = bucket;
            share[slot] = (double) successes / count;
            trials[slot] = count;
            members[bucket]++;
        }
    }

    /** Takes a player out of the population. */
    void withdraw(int slot) {
        int bucket = bucketOf[slot];
        if (bucket != NOT_CONTRIBUTING) {
            members[bucket]--;
            bucketOf[slot] = NOT_CONTRIBUTING;
        }
        version++;
    }

    /**
     * @param bucket a rank bucket
     * @return the prior players of that bucket are compared with, or null while the population is
     *     smaller than {@code minPopulation}
     */
    BetaPrior prior(int bucket) {
        if (version - versionAtFit[bucket] >= settings.refitEvery()) {
            versionAtFit[bucket] = version;
            int total = 0;
            for (int m : members) {
                total += m;
            }
            boolean pooled = members[bucket] < settings.minPopulation();
            if (pooled && total < settings.minPopulation()) {
                priors[bucket] = null;
            } else {
                fit(bucket, pooled);
            }
        }
        return priors[bucket];
    }

    private void fit(int bucket, boolean pooled) {
        double cap = caps[bucket];
        BetaPrior prior = null;
        for (int round = 0; round < MAX_FIT_ROUNDS; round++) {
            RateMoments moments = new RateMoments();
            for (int slot = 0; slot < bucketOf.length; slot++) {
                int b = bucketOf[slot];
                if (b == bucket || (pooled && b != NOT_CONTRIBUTING)) {
                    moments.add(Math.min(share[slot], cap), trials[slot]);
                }
            }
            prior = BetaPrior.fit(moments, settings.maxPriorStrength());
            double next = prior.measuredSpread(moments.meanInverseExposure()).quantile(WINSOR_QUANTILE);
            boolean settled = Math.abs(next - cap) < CAP_TOLERANCE;
            cap = next;
            if (settled) {
                break;
            }
        }
        caps[bucket] = cap;
        priors[bucket] = prior;
        thresholds[bucket] = prior.quantile(settings.populationQuantile());
        pooledPrior[bucket] = pooled;
    }

    /** @return the population quantile of the last prior {@link #prior} returned for that bucket */
    double threshold(int bucket) {
        return thresholds[bucket];
    }

    /** @return whether that prior was borrowed from all buckets together */
    boolean pooledPrior(int bucket) {
        return pooledPrior[bucket];
    }
}
