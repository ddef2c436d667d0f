package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * The centre and spread of a population's measured rates, robust to the cheaters still in it: the
 * median, and the median absolute deviation scaled by 1.4826 so it estimates a standard deviation
 * for normal data (Rousseeuw and Croux 1993, "Alternatives to the median absolute deviation",
 * <i>JASA</i> 88(424)). Both have a 50% breakdown point, where a mean and a variance are moved by a
 * single extreme player: one aimbot among forty honest players makes the method-of-moments prior of
 * the snap share wide enough to hide it.
 *
 * <p>For rare events (aim snaps, say) many players have none yet, and the lower half of the rates is
 * an atom at 0: the median is 0 or barely above it, and the MAD measures the distance of the zeros
 * from it, which is below the binomial noise of a rare event. A prior fitted from those collapsed to
 * its largest strength, and an honest player who happened to snap often looked like an aimbot (two
 * such players were flagged in a 5,000-player run, docs/benchmarks.md §11). So when at least a
 * quarter of the rates are 0 (the MAD's lower quartile sits on the atom), the centre and the spread
 * are instead the mean and the standard deviation of the rates winsorized at their 95th percentile
 * (Tukey 1962, "The future of data analysis"; the cap keeps a few cheaters from pulling them up).
 * A population where nobody has an event keeps a centre and a spread of 0. Reuses its buffers; not
 * thread-safe.
 */
final class RobustMoments {
    /** Makes the MAD a consistent estimator of the standard deviation of normal data: 1 / Phi^-1(3/4). */
    static final double MAD_TO_SD = 1.4826;
    /** Where rates are capped for the centre of a population whose median is 0. */
    static final double WINSOR_QUANTILE = 0.95;

    private double[] rates = new double[64];
    private double[] deviations = new double[64];
    private int count;
    private double sumInverseExposure;
    private double median;
    private double spread;

    void clear() {
        count = 0;
        sumInverseExposure = 0;
    }

    void add(double rate, double exposure) {
        if (count == rates.length) {
            rates = Arrays.copyOf(rates, count * 2);
            deviations = Arrays.copyOf(deviations, count * 2);
        }
        rates[count++] = rate;
        sumInverseExposure += 1.0 / exposure;
    }

    /**
     * Computes {@link #median()} (the centre: the median, or the winsorized mean of rare events) and
     * {@link #standardDeviation()} of the rates added since {@link #clear()}.
     */
    void compute() {
        median = median(rates, count);
        if (count > 0 && zeros() * 4 >= count) {
            winsorize();
            return;
        }
        for (int i = 0; i < count; i++) {
            deviations[i] = Math.abs(rates[i] - median);
        }
        spread = MAD_TO_SD * median(deviations, count);
    }

    /** @return how many rates are 0; rates[] is sorted, so they come first */
    private int zeros() {
        int zeros = 0;
        while (zeros < count && rates[zeros] == 0) {
            zeros++;
        }
        return zeros;
    }

    /** The mean and standard deviation of the rates capped at their 95th percentile; rates[] is sorted. */
    private void winsorize() {
        double cap = rates[Math.min(count - 1, (int) Math.floor(WINSOR_QUANTILE * (count - 1)))];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += Math.min(rates[i], cap);
        }
        median = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = Math.min(rates[i], cap) - median;
            squares += d * d;
        }
        spread = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
    }

    double median() {
        return median;
    }

    double standardDeviation() {
        return spread;
    }

    double meanInverseExposure() {
        return sumInverseExposure / count;
    }

    private static double median(double[] values, int n) {
        Arrays.sort(values, 0, n);
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
