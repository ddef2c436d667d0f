package dev.ludus.sim.tick;

import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link Simulation} at a fixed tick rate on the thread that runs it.
 *
 * <p>Tick {@code n} is scheduled at {@code start + n * interval}. When a tick overruns, the next one
 * starts at once; when the loop falls more than {@link #MAX_CATCH_UP_TICKS} intervals behind (a long
 * GC pause, a suspended process) the schedule is reset rather than bursting ticks to catch up, so
 * clients see a pause instead of fast-forward. Each tick's duration and lateness go to the
 * {@link SimulationListener}; an exception escaping a tick is reported and the loop goes on;
 * {@link Error}s end the loop.
 *
 * <p>{@link #run()} is called by one thread; {@link #stop()} from any.
 */
public final class TickLoop implements Runnable {
    /** Intervals the loop may lag before it drops the missed ticks and resets its schedule. */
    public static final int MAX_CATCH_UP_TICKS = 5;

    private final Simulation simulation;
    private final TimeSource time;
    private final SimulationListener listener;
    private final long intervalNanos;
    private volatile boolean running = true;

    /**
     * @param simulation the world to tick
     * @param time       the clock port
     * @param listener   receives each tick's duration and lateness
     */
    public TickLoop(Simulation simulation, TimeSource time, SimulationListener listener) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.time = Objects.requireNonNull(time, "time");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.intervalNanos = simulation.world().config().tickIntervalNanos();
    }

    @Override
    public void run() {
        long deadline = time.nanoTime();
        while (running) {
            long start = time.nanoTime();
            long late = Math.max(0, start - deadline);
            if (late > MAX_CATCH_UP_TICKS * intervalNanos) {
                deadline = start;
                late = 0;
            }
            long tick = simulation.completedTicks();
            try {
                simulation.tick(time.epochMillis());
            } catch (RuntimeException e) {
                listener.onError("tick " + tick, e);
            }
            long end = time.nanoTime();
            listener.onTick(tick, end - start, late);
            deadline += intervalNanos;
            long wait = deadline - end;
            if (wait > 0 && running) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** Asks the loop to finish the tick in progress and return. Safe from any thread. */
    public void stop() {
        running = false;
    }

    /** @return whether {@link #stop()} has not been called */
    public boolean isRunning() {
        return running;
    }
}
