package dev.ludus.sim.world;

/**
 * Everything one tick's load plan (DESIGN.md §5) was decided from besides the world's own state: the
 * configuration's switch and budget, and the two learned prices of the cost model's work units. Given
 * the same state and these inputs, the planner takes the same decisions (physics level, AI throttle
 * level, which regions' deferrable work runs, dilation factors), whatever the number of workers or the
 * speed of the machine. A {@link Simulation} hands each tick's inputs to its {@link TickJournal}, and a
 * replay gives them back through {@link Simulation#replayPlan}, so decisions taken from wall-clock
 * measurements are reproduced exactly (DESIGN.md §2: "decisions taken from measurements are inputs").
 *
 * <p>With the deterministic cost model ({@link LoadConfig#learnCosts()} false) both prices are
 * {@link #PRIOR_PICOS_PER_UNIT}, so the inputs depend on the configuration alone. Immutable.
 *
 * @param throttle            whether load management was on (false: {@code simulate --no-throttle})
 * @param budgetNanos         the tick's budget, nanoseconds of capacity (tick interval × workers ×
 *                            {@link LoadConfig#BUDGET_SHARE} by default), {@code > 0}
 * @param regionPicosPerUnit  the price of a unit of region work (movement, behaviours, physics),
 *                            picoseconds, {@code > 0}
 * @param playerPicosPerUnit  the price of a unit of player work (commands, snapshots, the tick's
 *                            single-threaded phases), picoseconds, {@code > 0}
 */
public record PlanInputs(boolean throttle, long budgetNanos, long regionPicosPerUnit, long playerPicosPerUnit) {
    /** The cost model's own price of a unit, picoseconds: about a nanosecond of one core (docs/benchmarks.md §6). */
    public static final long PRIOR_PICOS_PER_UNIT = LearnedCost.PRIOR_PICOS_PER_UNIT;

    /** @throws IllegalArgumentException naming the first value out of range */
    public PlanInputs {
        if (budgetNanos <= 0) {
            throw new IllegalArgumentException("budgetNanos : " + budgetNanos + " (expected: > 0)");
        }
        if (regionPicosPerUnit <= 0) {
            throw new IllegalArgumentException("regionPicosPerUnit : " + regionPicosPerUnit + " (expected: > 0)");
        }
        if (playerPicosPerUnit <= 0) {
            throw new IllegalArgumentException("playerPicosPerUnit : " + playerPicosPerUnit + " (expected: > 0)");
        }
    }
}
