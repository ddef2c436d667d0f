package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * One binomial feature (hits among shots, head hits among hits, ...) of every player: each player's
 * current share, kept up to date in O(1), and the Beta priors of the rank buckets fitted from them.
 *
 * <p>A fit is a scan over the players, done when a verdict asks for a bucket's prior and at least
 * {@link DetectorSettings#refitEvery()} shares changed since that bucket's last fit. It takes the
 * centre and spread of the measured shares from their median and median absolute deviation
 * ({@link RobustMoments}), so the cheaters still in the population do not widen the range they are
 * judged against, and removes the binomial noise as {@link BetaPrior#fit} does. Not thread-safe.
 */
final class BetaFeature {
    private static final int NOT_CONTRIBUTING = -1;

    private final DetectorSettings settings;
    private final BetaPrior[] priors;
    private final double[] thresholds;
    private final RobustMoments moments = new RobustMoments();
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
        moments.clear();
        for (int slot = 0; slot < bucketOf.length; slot++) {
            int b = bucketOf[slot];
            if (b == bucket || (pooled && b != NOT_CONTRIBUTING)) {
                moments.add(share[slot], trials[slot]);
            }
        }
        moments.compute();
        double sd = moments.standardDeviation();
        BetaPrior prior = BetaPrior.fit(moments.median(), sd * sd, moments.meanInverseExposure(),
            settings.maxPriorStrength());
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
