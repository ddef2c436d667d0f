package dev.ludus.sim.world;

/**
 * Receives what a {@link Simulation} and its driver report: per-tick figures, per-region figures and
 * failures. Every method is called on the tick thread; implementations must be quick and must not
 * throw.
 */
public interface SimulationListener {

    /** A listener that ignores everything. */
    SimulationListener NONE = new SimulationListener() {
    };

    /**
     * @param tick           the tick just completed
     * @param durationNanos  time the tick took, nanoseconds of the driver's clock
     * @param lateNanos      how long after its scheduled start the tick began, nanoseconds, {@code >= 0}
     */
    default void onTick(long tick, long durationNanos, long lateNanos) {
    }

    /**
     * One region's share of a tick, reported after the tick's region phase, in region id order.
     *
     * @param tick          the tick
     * @param regionId      the region's id (its smallest cell index)
     * @param cells         active cells in the region, {@code >= 1}
     * @param entities      entities the region ticked
     * @param durationNanos time the region's tick took on its worker, nanoseconds
     */
    default void onRegionTick(long tick, int regionId, int cells, int entities, long durationNanos) {
    }

    /**
     * @param profile what the tick just completed did and where its time went
     */
    default void onTickProfile(TickProfile profile) {
    }

    /**
     * One action (or rejected position claim) was answered.
     *
     * @param playerId the player's entity id
     * @param action the action's wire name ({@code attack}, {@code pickup}, {@code harvest}, {@code trade},
     *               {@code use}), or {@code input} for a claim
     * @param reason why it was rejected, or null when it was applied
     */
    default void onActionResult(long playerId, String action, dev.ludus.protocol.ActionReason reason) {
    }

    /**
     * A unit of work failed; the tick carried on without it.
     *
     * @param context what was being done
     * @param error   the failure
     */
    default void onError(String context, Exception error) {
    }

    /**
     * The update latency of one player's input: from the start of the tick that applied it (an input
     * or an action of this player) to the moment the snapshot showing its effect was handed to the
     * player's link; the wait for the tick is not counted. Called on the tick thread after replication,
     * once per player with an input applied this tick. Measured with the simulation's nano clock.
     *
     * @param playerEntityId the player's entity
     * @param premium        whether the player is premium
     * @param nanos          the latency, nanoseconds, {@code >= 0}
     */
    default void onUpdateLatency(long playerEntityId, boolean premium, long nanos) {
    }

    /**
     * The load plan of a tick (DESIGN.md §5), once decided: what it was decided from and the levels it
     * set. Called on the tick thread after planning, before the regions tick, every tick.
     *
     * @param tick            the tick being planned, from 0
     * @param inputs          the switch, budget and prices of work it was planned with
     * @param physicsLevel    the physics precision level, 0 (full) to 3
     * @param aiThrottleLevel the AI throttle level, 0 (none) to 3
     * @param slowestDilation the smallest region dilation factor of the tick, in (0, 1]
     */
    default void onPlan(long tick, PlanInputs inputs, int physicsLevel, int aiThrottleLevel, double slowestDilation) {
    }
}
