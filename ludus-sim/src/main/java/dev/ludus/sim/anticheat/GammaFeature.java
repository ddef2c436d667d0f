package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * Resource gain of every player as a Poisson rate: each player's current rate, kept up to date in
 * O(1), and the Gamma prior fitted from their median and median absolute deviation
 * ({@link RobustMoments}, {@link GammaPrior#fit}), refitted lazily as {@link BetaFeature} does. One population for all players, as gains depend on what a
 * player does rather than on aiming skill. Not thread-safe.
 */
final class GammaFeature {
    private final DetectorSettings settings;
    private GammaPrior prior;
    private double threshold;
    private final RobustMoments moments = new RobustMoments();
    private long versionAtFit = Long.MIN_VALUE / 2;
    private long version;
    private int members;
    private boolean[] contributing = new boolean[0];
    private double[] rate = new double[0];
    private double[] seconds = new double[0];

    GammaFeature(DetectorSettings settings) {
        this.settings = settings;
    }

    void ensureSlots(int slots) {
        if (contributing.length < slots) {
            contributing = Arrays.copyOf(contributing, slots);
            rate = Arrays.copyOf(rate, slots);
            seconds = Arrays.copyOf(seconds, slots);
        }
    }

    /** Sets a player's rate, {@code units / exposureSeconds}, when a member with enough exposure. */
    void update(int slot, long units, double exposureSeconds, boolean member) {
        withdraw(slot);
        if (member && exposureSeconds >= settings.minResourceSeconds()) {
            contributing[slot] = true;
            rate[slot] = units / exposureSeconds;
            seconds[slot] = exposureSeconds;
            members++;
        }
    }

    void withdraw(int slot) {
        if (contributing[slot]) {
            contributing[slot] = false;
            members--;
        }
        version++;
    }

    /** @return the population's prior, or null while it is too small or its median rate is zero */
    GammaPrior prior() {
        if (version - versionAtFit >= settings.refitEvery()) {
            versionAtFit = version;
            prior = members >= settings.minPopulation() ? fit() : null;
            if (prior != null) {
                threshold = prior.quantile(settings.populationQuantile());
            }
        }
        return prior;
    }

    private GammaPrior fit() {
        moments.clear();
        for (int slot = 0; slot < contributing.length; slot++) {
            if (contributing[slot]) {
                moments.add(rate[slot], seconds[slot]);
            }
        }
        moments.compute();
        if (!(moments.median() > 0)) {
            return null;
        }
        double sd = moments.standardDeviation();
        return GammaPrior.fit(moments.median(), sd * sd, moments.meanInverseExposure(), settings.maxPriorStrength());
    }

    /** @return the population quantile of the last prior {@link #prior} returned */
    double threshold() {
        return threshold;
    }
}
