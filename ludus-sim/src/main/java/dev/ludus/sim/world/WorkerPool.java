package dev.ludus.sim.world;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of platform threads that runs the units of one phase of a tick (regions, snapshots)
 * and returns when all are done: the tick's barrier. The calling thread works too, so {@code workers}
 * threads run a phase, and one worker runs it on the caller alone, in unit order.
 *
 * <p>Units are handed out one at a time from a shared counter (dynamic assignment), so a large unit
 * does not hold up the others. Submitting a phase and waiting for its futures give the
 * happens-before edges between the caller's writes before the phase, the units' writes, and the
 * caller's reads after it.
 *
 * <p>Used by one thread at a time, the tick driver.
 */
final class WorkerPool implements AutoCloseable {
    private final int workers;
    private final ExecutorService helpers;
    private final List<Future<?>> pending = new ArrayList<>();
    /** Split every phase however small (tests that must exercise the threads on small worlds). */
    private boolean splitAlways;

    /**
     * @param workers threads per phase, {@code >= 1}, the caller included
     * @param name    prefix of the helper threads' names
     */
    WorkerPool(int workers, String name) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers : " + workers + " (expected: >= 1)");
        }
        this.workers = workers;
        this.helpers = workers == 1 ? null
            : Executors.newFixedThreadPool(workers - 1, Thread.ofPlatform().daemon().name(name, 1).factory());
    }

    int workers() {
        return workers;
    }

    /** Makes {@link #run(int, boolean, Unit)} split every phase, for tests on small worlds. */
    void splitAlways() {
        splitAlways = true;
    }

    /** The work of one unit of a phase. */
    @FunctionalInterface
    interface Unit {
        /**
         * @param unit   the unit's index, {@code [0, units)}
         * @param worker the index of the worker running it, {@code [0, workers)}; 0 is the calling
         *               thread, and no two units run on the same worker index at once, so per-worker
         *               scratch space needs no locks
         */
        void run(int unit, int worker);
    }

    /**
     * Runs {@code unit.run(i, worker)} for every {@code i} in {@code [0, units)} and returns when all
     * have returned. With {@code split} false (or one worker, or one unit) every unit runs on the
     * calling thread in unit order: for phases whose work is too small to repay handing it to other
     * threads (tens of microseconds per phase). {@code unit} should not throw
     * {@link RuntimeException}s (catch them per unit); one that does, or an {@link Error}, is rethrown
     * here once every unit of the phase has returned (the first one thrown).
     *
     * @param units the number of units
     * @param split whether the phase is worth handing to the other workers
     * @param unit  the work of one unit; must be safe to run concurrently for different indexes
     */
    void run(int units, boolean split, Unit unit) {
        if (helpers == null || units <= 1 || !(split || splitAlways)) {
            for (int i = 0; i < units; i++) {
                unit.run(i, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int extra = Math.min(workers - 1, units - 1);
        pending.clear();
        for (int w = 1; w <= extra; w++) {
            int worker = w;
            pending.add(helpers.submit(() -> work(next, units, unit, worker)));
        }
        Throwable failure = null;
        try {
            work(next, units, unit, 0);
        } catch (RuntimeException | Error e) {
            // Rethrown below, once every helper is done: returning now would leave them running into the next phase.
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> future : pending) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    private static void work(AtomicInteger next, int units, Unit unit, int worker) {
        int i;
        while ((i = next.getAndIncrement()) < units) {
            unit.run(i, worker);
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }
}
