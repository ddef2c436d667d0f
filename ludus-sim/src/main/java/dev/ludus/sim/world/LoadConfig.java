package dev.ludus.sim.world;

/**
 * How a {@link Simulation} keeps its ticks inside their budget (DESIGN.md §5): level of detail,
 * shedding in order (defer BACKGROUND, lower physics precision, throttle AI level of detail) and, as
 * the last resort, time dilation per region. Immutable; checked once.
 *
 * <p>The budget is nanoseconds of capacity (the workers' time in a tick). The planner predicts each
 * task's time as the work units of its cost model ({@code TickPlanner}) times a price per unit. With
 * {@code learnCosts} false the price is the model's own, {@link PlanInputs#PRIOR_PICOS_PER_UNIT} (a unit
 * is about a nanosecond of one core of the reference machine, docs/benchmarks.md §6): decisions then
 * depend only on the world's state, the same for any number of workers and on any machine. With
 * {@code learnCosts} true the prices are learned from the measured wall time of the tick's phases
 * ({@code LearnedCost}), so the budget is compared with real predicted time; the decisions then depend
 * on the machine, and each tick's prices are handed to the {@link TickJournal} as {@link PlanInputs}
 * so that a replay reproduces them.
 *
 * @param throttle            false runs every behaviour of every awake entity every tick at full
 *                            precision and never sheds or dilates (the comparison run of
 *                            {@code simulate --no-throttle})
 * @param budgetUnitsPerTick  nanoseconds of capacity one tick may spend (work units at the prior price), {@code > 0}
 * @param minDilation         the slowest a region's time may run, in (0, 1] (default 0.1, the floor of
 *                            EVE Online's time dilation: "Time Dilation", CCP dev blog, 2011)
 * @param recoveryPerTick     how much a region's dilation factor may rise per tick once its work fits
 *                            again, in (0, 1] (default 0.01: from the floor back to 1 in 90 ticks,
 *                            4.5 s at 20 Hz, so clients see time speed up smoothly)
 * @param learnCosts          true to price work units from measured time (needs the simulation's
 *                            clock), false for the deterministic cost model alone (the default)
 */
public record LoadConfig(boolean throttle, long budgetUnitsPerTick, double minDilation, double recoveryPerTick,
                         boolean learnCosts) {
    /**
     * The share of the tick interval, on every worker, that the planned work may fill: the rest is
     * left to what the cost model does not count (garbage collection, the network threads, the tick's
     * own bookkeeping). 0.7 is Ludus' choice.
     */
    public static final double BUDGET_SHARE = 0.7;

    /**
     * The deterministic cost model alone ({@code learnCosts} false).
     *
     * @param throttle           see the record's components
     * @param budgetUnitsPerTick see the record's components
     * @param minDilation        see the record's components
     * @param recoveryPerTick    see the record's components
     * @throws IllegalArgumentException naming the first value out of range
     */
    public LoadConfig(boolean throttle, long budgetUnitsPerTick, double minDilation, double recoveryPerTick) {
        this(throttle, budgetUnitsPerTick, minDilation, recoveryPerTick, false);
    }

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
     * every worker, dilation down to 0.1, recovering by 0.01 a tick, the deterministic cost model.
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
        return new LoadConfig(on, budgetUnitsPerTick, minDilation, recoveryPerTick, learnCosts);
    }

    /** @return this configuration with another budget, nanoseconds (work units at the prior) per tick, {@code > 0} */
    public LoadConfig withBudget(long units) {
        return new LoadConfig(throttle, units, minDilation, recoveryPerTick, learnCosts);
    }

    /** @return this configuration with prices learned from measured time (true) or the cost model's own (false) */
    public LoadConfig withLearnedCosts(boolean on) {
        return new LoadConfig(throttle, budgetUnitsPerTick, minDilation, recoveryPerTick, on);
    }
}
