package dev.ludus.sim.anticheat;

/**
 * Moments of per-player rates, enough for a method-of-moments fit of a Beta or Gamma population
 * prior: the number of players, the sums of their rates and squared rates, and the sum of
 * {@code 1 / exposure}, from which the sampling noise of a rate measured on a finite sample is
 * subtracted. Not thread-safe.
 */
final class RateMoments {
    private int players;
    private double sumRate;
    private double sumRateSquared;
    private double sumInverseExposure;

    void add(double rate, double exposure) {
        players++;
        sumRate += rate;
        sumRateSquared += rate * rate;
        sumInverseExposure += 1.0 / exposure;
    }

    /** @return the players added */
    int players() {
        return players;
    }

    /** @return the mean rate; NaN when nobody was added */
    double mean() {
        return sumRate / players;
    }

    /** @return the (population, 1/m) variance of the rates, never negative */
    double variance() {
        double mean = mean();
        return Math.max(0.0, sumRateSquared / players - mean * mean);
    }

    /** @return the mean of {@code 1 / exposure} over the players */
    double meanInverseExposure() {
        return sumInverseExposure / players;
    }
}
