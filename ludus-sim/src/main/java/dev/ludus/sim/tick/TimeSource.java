package dev.ludus.sim.tick;

/**
 * The clock port: the only way time reaches the simulation. The server wires it to the system
 * clock; tests and deterministic runs use a virtual one. The tick driver reads it once per tick.
 */
public interface TimeSource {

    /** @return a monotonic reading in nanoseconds, for scheduling and measuring ticks */
    long nanoTime();

    /** @return wall-clock time, Unix epoch milliseconds, stamped on snapshots */
    long epochMillis();
}
