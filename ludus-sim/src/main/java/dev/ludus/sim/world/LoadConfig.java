package dev.ludus.sim.world;

/**
 * How a {@link Simulation} keeps its ticks inside their budget (DESIGN.md §5): level of detail,
 * shedding in order (defer BACKGROUND, lower physics precision, throttle AI level of detail) and, as
 * the last resort, time dilation per region. Immutable; checked once.
 *
 * <p>The budget is counted in <em>work units</em> from a cost model ({@code TickPlanner}), one unit
 * being about a nanosecond of one core of the reference machine (docs/benchmarks.md), never in
 * measured nanoseconds: the decisions depend only on the world's state, so a run is reproducible and
 * a replay of the audit log makes the same decisions without recording them.
 *
 * @param throttle            false runs every behaviour of every awake entity every tick at full
 *                            precision and never sheds or dilates (the comparison run of
 *                            {@code simulate --no-throttle})
 * @param budgetUnitsPerTick  work units one tick may spend, {@code > 0}
 * @param minDilation         the slowest a region's time may run, in (0, 1] (default 0.1, the floor of
 *                            EVE Online's time dilation: "Time Dilation", CCP dev blog, 2011)
 * @param recoveryPerTick     how much a region's dilation factor may rise per tick once its work fits
 *                            again, in (0, 1] (default 0.01: from the floor back to 1 in 90 ticks,
 *                            4.5 s at 20 Hz, so clients see time speed up smoothly)
 */
public record LoadConfig(boolean throttle, long budgetUnitsPerTick, double minDilation, double recoveryPerTick) {
    /**
     * The share of the tick interval, on every worker, that the planned work may fill: the rest is
     * left to what the cost model does not count (garbage collection, the network threads, the tick's
     * own bookkeeping). 0.7 is Ludus' choice.
     */
    public static final double BUDGET_SHARE = 0.7;

    /** @throws IllegalArgumentException naming the first value out of range */
    public LoadConfig {
        if (budgetUnitsPerTick <= 0) {
            throw new IllegalArgumentException("budgetUnitsPerTick : " + budgetUnitsPerTick + " (expected: > 0)");
        }
        if (!(minDilation > 0 && minDilation <= 1)) {
            throw new IllegalArgumentException("minDilation : " + minDilation + " (expected: > 0 and <= 1)");
        }
        if (!(recoveryPerTick > 0 && recoveryPerTick <= 1)) {
            throw new IllegalArgumentException("recoveryPerTick : " + recoveryPerTick + " (expected: > 0 and <= 1)");
        }
    }

    /**
     * The default for a world: throttling on, a budget of {@link #BUDGET_SHARE} of the tick interval on
     * every worker, dilation down to 0.1, recovering by 0.01 a tick.
     *
     * @param world   the world's configuration (its tick rate)
     * @param workers the workers that tick regions, {@code >= 1}
     * @return the configuration
     */
    public static LoadConfig defaults(WorldConfig world, int workers) {
        long budget = (long) (world.tickIntervalNanos() * (double) Math.max(1, workers) * BUDGET_SHARE);
        return new LoadConfig(true, budget, 0.1, 0.01);
    }

    /** @return this configuration with throttling off (or on) */
    public LoadConfig withThrottle(boolean on) {
        return new LoadConfig(on, budgetUnitsPerTick, minDilation, recoveryPerTick);
    }

    /** @return this configuration with another budget, work units per tick, {@code > 0} */
    public LoadConfig withBudget(long units) {
        return new LoadConfig(throttle, units, minDilation, recoveryPerTick);
    }
}
