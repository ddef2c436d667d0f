package dev.ludus.sim.schedule;

/**
 * The fixed sizes and constants of a {@link Scheduler}, checked once when made.
 *
 * @param capacity most tasks held at once (waiting, ready or handed out), in {@code [1, 2^24]};
 *     every array is allocated up front for this many
 * @param kinds number of task kinds, ids {@code [0, kinds)}, in {@code [1, 2^24]}; a kind is one
 *     subsystem's work on one part of the world, e.g. "physics of region 12"
 * @param agingTicks ticks per aging step, {@code >= 1}: a task waiting in a queue rises one level
 *     each time the tick number crosses a multiple of this
 * @param initialCostNanos cost estimate of a kind before its first measurement, in nanoseconds,
 *     {@code >= 0}
 */
public record SchedulerConfig(int capacity, int kinds, int agingTicks, long initialCostNanos) {
    /** Largest capacity and kind count. */
    public static final int MAX_SIZE = 1 << 24;
    /** Default {@link #agingTicks}: one level a tick, so a task crosses all 64 levels in 3.2 s at 20 Hz. */
    public static final int DEFAULT_AGING_TICKS = 1;
    /** Default {@link #initialCostNanos}: 10 microseconds, a small region's physics step. */
    public static final long DEFAULT_INITIAL_COST_NANOS = 10_000;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the first value out of its range
     */
    public SchedulerConfig {
        check("capacity", capacity, 1, MAX_SIZE);
        check("kinds", kinds, 1, MAX_SIZE);
        if (agingTicks < 1) {
            throw new IllegalArgumentException("agingTicks : " + agingTicks + " (expected: >= 1)");
        }
        if (initialCostNanos < 0) {
            throw new IllegalArgumentException("initialCostNanos : " + initialCostNanos + " (expected: >= 0)");
        }
    }

    /**
     * @param capacity most tasks held at once
     * @param kinds number of task kinds
     * @return a configuration with the default aging and initial cost
     */
    public static SchedulerConfig of(int capacity, int kinds) {
        return new SchedulerConfig(capacity, kinds, DEFAULT_AGING_TICKS, DEFAULT_INITIAL_COST_NANOS);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: in [" + min + ", " + max + "])");
        }
    }
}
