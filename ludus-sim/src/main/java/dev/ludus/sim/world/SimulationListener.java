package dev.ludus.sim.world;

/**
 * Receives what a {@link Simulation} and its driver report: per-tick figures and failures.
 * Called on the tick thread; implementations must be quick and must not throw.
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
     * A unit of work failed; the tick carried on without it.
     *
     * @param context what was being done
     * @param error   the failure
     */
    default void onError(String context, Exception error) {
    }
}
