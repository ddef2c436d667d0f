package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void shouldRunEveryUnitOnceAcrossTheWorkers() {
        try (WorkerPool pool = new WorkerPool(3, "test-pool")) {
            AtomicInteger[] runs = new AtomicInteger[100];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = new AtomicInteger();
            }
            pool.run(runs.length, true, (unit, worker) -> runs[unit].incrementAndGet());
            for (AtomicInteger count : runs) {
                assertThat(count.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldWaitForTheHelpersBeforeRethrowingAFailureOfTheCallersOwnUnit() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, "test-pool")) {
            CountDownLatch helperStarted = new CountDownLatch(1);
            AtomicInteger helperDone = new AtomicInteger();
            assertThatThrownBy(() -> pool.run(2, true, (unit, worker) -> {
                if (worker == 0) {
                    try {
                        // Let the helper take the other unit first, then fail on the calling thread.
                        assertThat(helperStarted.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("unit failed");
                }
                helperStarted.countDown();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                helperDone.incrementAndGet();
            })).isInstanceOf(IllegalStateException.class).hasMessage("unit failed");
            // The phase's barrier held: the helper's unit had finished when the failure reached the caller.
            assertThat(helperDone.get()).isEqualTo(1);
        }
    }
}
