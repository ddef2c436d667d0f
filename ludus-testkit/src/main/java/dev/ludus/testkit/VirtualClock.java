package dev.ludus.testkit;

import dev.ludus.sim.tick.TimeSource;

/**
 * A clock that moves only when told to. Starts at an arbitrary fixed epoch so runs are repeatable.
 * Not thread-safe: drive it from the test thread.
 */
public final class VirtualClock implements TimeSource {
    /** 2026-01-01T00:00:00Z, the epoch a new clock reads. */
    public static final long START_EPOCH_MILLIS = 1_767_225_600_000L;

    private long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMillis() {
        return START_EPOCH_MILLIS + nanos / 1_000_000;
    }

    /**
     * @param deltaNanos nanoseconds to move forward, {@code >= 0}
     * @throws IllegalArgumentException when negative: time never runs backwards
     */
    public void advanceNanos(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("deltaNanos : " + deltaNanos + " (expected: >= 0)");
        }
        nanos += deltaNanos;
    }
}
