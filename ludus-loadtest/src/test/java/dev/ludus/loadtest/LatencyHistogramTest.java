package dev.ludus.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void shouldGiveQuantilesToTheBucketWidth() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            histogram.record(i);
        }
        long[] buckets = histogram.drain();
        assertThat(LatencyHistogram.quantile(buckets, 0.5)).isCloseTo(50, within(0.11));
        assertThat(LatencyHistogram.quantile(buckets, 0.99)).isCloseTo(99, within(0.11));
        assertThat(LatencyHistogram.quantile(buckets, 1.0)).isCloseTo(100, within(0.11));
    }

    @Test
    void shouldStartAgainAfterDrainAndClampOutliers() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(-5);
        histogram.record(1e9);
        long[] first = histogram.drain();
        assertThat(LatencyHistogram.quantile(first, 0.0)).isCloseTo(0.1, within(1e-9));
        assertThat(LatencyHistogram.quantile(first, 1.0)).isCloseTo(10_000, within(1e-6));
        assertThat(LatencyHistogram.quantile(histogram.drain(), 0.5)).isNaN();
        long[] sum = new long[first.length];
        LatencyHistogram.addInto(sum, first);
        LatencyHistogram.addInto(sum, first);
        assertThat(sum[0]).isEqualTo(2);
    }
}
