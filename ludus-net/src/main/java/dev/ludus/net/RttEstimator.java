package dev.ludus.net;

/**
 * Smoothed round-trip time and its variation (jitter) of one connection, as TCP estimates them
 * (RFC 6298 §2: {@code SRTT = 7/8 SRTT + 1/8 R}, {@code RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|}, the first
 * sample setting {@code SRTT = R}, {@code RTTVAR = R/2}). Exponentially weighted moving averages:
 * constant memory, no allocation. Event loop only.
 */
final class RttEstimator {
    private double smoothedMillis = Double.NaN;
    private double variationMillis = Double.NaN;

    /** @param rttMillis one measured round trip, ms, {@code >= 0} (negative samples are ignored) */
    void sample(double rttMillis) {
        if (!(rttMillis >= 0)) {
            return;
        }
        if (Double.isNaN(smoothedMillis)) {
            smoothedMillis = rttMillis;
            variationMillis = rttMillis / 2;
            return;
        }
        // RTTVAR first, with the previous SRTT, as RFC 6298 §2.3 orders them.
        variationMillis = 0.75 * variationMillis + 0.25 * Math.abs(smoothedMillis - rttMillis);
        smoothedMillis = 0.875 * smoothedMillis + 0.125 * rttMillis;
    }

    /** @return the smoothed RTT, ms, or NaN before the first sample */
    double smoothedMillis() {
        return smoothedMillis;
    }

    /** @return the RTT variation (jitter), ms, or NaN before the first sample */
    double jitterMillis() {
        return variationMillis;
    }
}
