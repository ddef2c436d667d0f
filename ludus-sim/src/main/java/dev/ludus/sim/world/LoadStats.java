package dev.ludus.sim.world;

/**
 * What a {@link Simulation}'s load management did, cumulative since it started (see {@link LoadConfig}).
 *
 * @param aiExecuted        behaviour evaluations run, critical ones included
 * @param aiDeferred        non-critical behaviour evaluations skipped by level of detail or throttling
 * @param aiCritical        critical behaviour evaluations run (NPCs engaged with a player)
 * @param criticalSkipped   critical work that was due and did not run: critical behaviours plus the
 *                          scheduler's CRITICAL task-ticks left undone; 0 unless something is wrong
 * @param deferredTasks     non-critical scheduler task-ticks deferred (a region's INTERACTIVE or
 *                          AMBIENT work waiting for its turn)
 * @param physicsLevel      the physics precision level now, 0 (full) to 3
 * @param aiThrottleLevel   the AI throttle level now, 0 (none) to 3
 * @param dilationNow       the smallest region dilation factor this tick, in (0, 1]
 * @param minDilation       the smallest dilation factor any region had so far, in (0, 1]
 * @param ticksDilated      ticks in which some region's time ran slow
 * @param ticksShedding     ticks in which the scheduler refused work for lack of budget
 * @param bodiesStepped     rigid bodies stepped (one body in one tick's pass counts once; a mid body
 *                          stepped over several ticks at once counts once), near and mid
 * @param physicsNanos      time spent stepping them, nanoseconds of the simulation's clock summed over the
 *                          regions (on several workers at once); a measurement for reports, never an
 *                          input to a decision, so it differs between runs
 * @param regionPicosPerUnit the price of a unit of region work the last tick was planned with,
 *                          picoseconds ({@link PlanInputs}); the prior 1,000 unless costs are learned
 * @param playerPicosPerUnit the price of a unit of player work the last tick was planned with, picoseconds
 */
public record LoadStats(long aiExecuted, long aiDeferred, long aiCritical, long criticalSkipped, long deferredTasks,
                        int physicsLevel, int aiThrottleLevel, double dilationNow, double minDilation,
                        long ticksDilated, long ticksShedding, long bodiesStepped,
                        long physicsNanos, long regionPicosPerUnit, long playerPicosPerUnit) {
    /** Nothing done yet. */
    public static final LoadStats NONE = new LoadStats(0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0,
        PlanInputs.PRIOR_PICOS_PER_UNIT, PlanInputs.PRIOR_PICOS_PER_UNIT);
}
