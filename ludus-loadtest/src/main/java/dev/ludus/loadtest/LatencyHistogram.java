package dev.ludus.loadtest;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in buckets of 0.1 ms from 0 to 10 s (values above land in the last bucket), recorded
 * from many threads without locks. Percentiles are exact to the bucket width.
 */
final class LatencyHistogram {
    static final double BUCKET_MILLIS = 0.1;
    private static final int BUCKETS = 100_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(double millis) {
        int bucket = (int) Math.max(0, Math.min(BUCKETS - 1, millis / BUCKET_MILLIS));
        counts.incrementAndGet(bucket);
    }

    /** Takes the counts recorded so far and starts again from zero. */
    long[] drain() {
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.getAndSet(i, 0);
        }
        return snapshot;
    }

    /**
     * @param buckets counts from {@link #drain()}
     * @param quantile 0 to 1
     * @return the upper edge of the bucket holding the quantile, ms, or NaN when empty
     */
    static double quantile(long[] buckets, double quantile) {
        long total = 0;
        for (long count : buckets) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank && buckets[i] > 0) {
                return (i + 1) * BUCKET_MILLIS;
            }
        }
        return buckets.length * BUCKET_MILLIS;
    }

    static void addInto(long[] target, long[] source) {
        for (int i = 0; i < target.length; i++) {
            target[i] += source[i];
        }
    }
}
