package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * Resource gain of every player as a Poisson rate: each player's current rate, kept up to date in
 * O(1), and the Gamma prior fitted from them (see {@link GammaPrior#fit}), winsorized and refitted
 * lazily as {@link BetaFeature} does. One population for all players, as gains depend on what a
 * player does rather than on aiming skill. Not thread-safe.
 */
final class GammaFeature {
    private static final double CAP_TOLERANCE_SHARE = 1e-4;
    private static final int MAX_FIT_ROUNDS = 16;

    private final DetectorSettings settings;
    private GammaPrior prior;
    private double threshold;
    private double cap = Double.POSITIVE_INFINITY;
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

    /** @return the population's prior, or null while it is too small or nobody has gained anything */
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
        GammaPrior fitted = null;
        for (int round = 0; round < MAX_FIT_ROUNDS; round++) {
            RateMoments moments = new RateMoments();
            for (int slot = 0; slot < contributing.length; slot++) {
                if (contributing[slot]) {
                    moments.add(Math.min(rate[slot], cap), seconds[slot]);
                }
            }
            if (!(moments.mean() > 0)) {
                cap = Double.POSITIVE_INFINITY;
                return null;
            }
            fitted = GammaPrior.fit(moments, settings.maxPriorStrength());
            double next = fitted.measuredSpread(moments.meanInverseExposure()).quantile(BetaFeature.WINSOR_QUANTILE);
            boolean settled = Math.abs(next - cap) < CAP_TOLERANCE_SHARE * next;
            cap = next;
            if (settled) {
                break;
            }
        }
        return fitted;
    }

    /** @return the population quantile of the last prior {@link #prior} returned */
    double threshold() {
        return threshold;
    }
}
