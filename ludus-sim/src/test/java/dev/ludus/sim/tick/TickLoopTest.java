package dev.ludus.sim.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.RegionTick;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The tick driver on a virtual clock: each tick "takes" a scripted amount of virtual time (the game
 * rules advance the clock), so lateness and schedule resets are exact and no test sleeps. Only the
 * last test runs on a real clock, and it asserts counts, never durations.
 */
class TickLoopTest {
    private static final int TICK_RATE_HZ = 20;
    private static final long INTERVAL = 1_000_000_000L / TICK_RATE_HZ;

    private final VirtualClock clock = new VirtualClock();
    private final Deque<Long> tickDurations = new ArrayDeque<>();
    private final Recorder recorder = new Recorder();
    private Simulation simulation = new Simulation(config(TICK_RATE_HZ), new ClockAdvancingRules(), SimulationListener.NONE);

    @Test
    void shouldTickOnScheduleAndReportEveryTick() {
        script(INTERVAL, INTERVAL, INTERVAL, INTERVAL, INTERVAL);
        TickLoop loop = loopStoppingAfter(5);

        loop.run();

        assertThat(simulation.completedTicks()).isEqualTo(5);
        assertThat(recorder.ticks).extracting(t -> t[0]).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(recorder.ticks).extracting(t -> t[1]).containsOnly(INTERVAL);
        assertThat(recorder.ticks).extracting(t -> t[2]).containsOnly(0L);
        assertThat(recorder.errors).isEmpty();
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void shouldReportLatenessAfterAnOverrunAndCatchUp() {
        script(3 * INTERVAL, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2);
        TickLoop loop = loopStoppingAfter(6);

        loop.run();

        // Tick 1 starts 2 intervals late; half-interval ticks then win back half an interval each.
        assertThat(recorder.ticks).extracting(t -> t[2])
            .containsExactly(0L, 2 * INTERVAL, 3 * INTERVAL / 2, INTERVAL, INTERVAL / 2, 0L);
        assertThat(recorder.ticks).extracting(t -> t[1])
            .containsExactly(3 * INTERVAL, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2, INTERVAL / 2);
    }

    @Test
    void shouldKeepTheScheduleWhenExactlyTheMaximumCatchUpBehind() {
        long behind = TickLoop.MAX_CATCH_UP_TICKS * INTERVAL;
        script(behind + INTERVAL, INTERVAL, INTERVAL);
        TickLoop loop = loopStoppingAfter(3);

        loop.run();

        assertThat(recorder.ticks).extracting(t -> t[2]).containsExactly(0L, behind, behind);
    }

    @Test
    void shouldResetTheScheduleRatherThanBurstWhenTooFarBehind() {
        script(TickLoop.MAX_CATCH_UP_TICKS * INTERVAL + INTERVAL + 1, INTERVAL, INTERVAL, INTERVAL);
        TickLoop loop = loopStoppingAfter(4);

        loop.run();

        // Without the reset every later tick would report about 5 intervals of lateness and run
        // back to back; with it the schedule restarts at the late tick.
        assertThat(recorder.ticks).extracting(t -> t[2]).containsExactly(0L, 0L, 0L, 0L);
        assertThat(simulation.completedTicks()).isEqualTo(4);
    }

    @Test
    void shouldWaitForTheNextDeadlineWhenATickFinishesEarly() {
        script(0, 0, 0);
        TickLoop loop = loopStoppingAfter(3);

        loop.run();

        // Virtual time stands still while the loop parks, so no tick is late.
        assertThat(recorder.ticks).extracting(t -> t[2]).containsOnly(0L);
        assertThat(simulation.completedTicks()).isEqualTo(3);
    }

    @Test
    void shouldPassTheClocksWallTimeToTheSimulation() {
        script(INTERVAL, INTERVAL);
        clock.epochMillis = 1_700_000_000_000L;
        dev.ludus.sim.world.PlayerLink link = new dev.ludus.sim.world.PlayerLink() {
            @Override
            public void onJoined(dev.ludus.protocol.ServerMessage.Welcome welcome) {
            }

            @Override
            public void onJoinRefused(dev.ludus.protocol.ServerMessage.ErrorMessage reason) {
            }

            @Override
            public boolean onSnapshot(dev.ludus.protocol.ServerMessage.Snapshot snapshot) {
                recorder.serverTimes.add(snapshot.serverTimeMs());
                return true;
            }
        };
        simulation.submit(new dev.ludus.sim.world.Command.Join(1, "alice", "s", link));

        loopStoppingAfter(2).run();

        assertThat(recorder.serverTimes).containsExactly(1_700_000_000_000L, 1_700_000_000_001L);
    }

    @Test
    void shouldReportAFailingTickAndCarryOn() {
        script(INTERVAL, INTERVAL, INTERVAL);
        clock.failOnEpochCall = 2;
        TickLoop loop = loopStoppingAfter(4);

        loop.run();

        assertThat(recorder.errors).containsExactly("tick 1");
        assertThat(recorder.ticks).hasSize(4);
        assertThat(simulation.completedTicks()).as("the failed tick did not run").isEqualTo(3);
    }

    @Test
    void shouldEndTheLoopOnAnError() {
        simulation = new Simulation(config(TICK_RATE_HZ), new GameRules() {
            @Override
            public void populate(World world, RandomGenerator random) {
            }

            @Override
            public void onTick(RegionTick region) {
            }

            @Override
            public void beforeTick(World world, long tick, RandomGenerator random) {
                throw new InternalError("fatal");
            }
        }, SimulationListener.NONE);
        TickLoop loop = new TickLoop(simulation, clock, recorder);

        assertThatThrownBy(loop::run).isInstanceOf(InternalError.class).hasMessage("fatal");
        assertThat(recorder.ticks).isEmpty();
    }

    @Test
    void shouldNotTickAtAllWhenStoppedBeforeRunning() {
        TickLoop loop = new TickLoop(simulation, clock, recorder);

        loop.stop();
        loop.run();

        assertThat(loop.isRunning()).isFalse();
        assertThat(simulation.completedTicks()).isZero();
        assertThat(recorder.ticks).isEmpty();
    }

    @Test
    void shouldRejectNullCollaborators() {
        assertThatThrownBy(() -> new TickLoop(null, clock, recorder)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TickLoop(simulation, null, recorder)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TickLoop(simulation, clock, null)).isInstanceOf(NullPointerException.class);
        assertThat(new TickLoop(simulation, clock, recorder).isRunning()).isTrue();
    }

    @Test
    void shouldTickOnItsOwnThreadUntilStopped() throws InterruptedException {
        // The one real-clock test: 240 Hz, wait for a few ticks, stop, and check the thread ends.
        Simulation realTime = new Simulation(config(240), new ClockAdvancingRules(), SimulationListener.NONE);
        CountDownLatch threeTicks = new CountDownLatch(3);
        AtomicInteger reported = new AtomicInteger();
        TimeSource systemClock = new TimeSource() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public long epochMillis() {
                return System.currentTimeMillis();
            }
        };
        TickLoop loop = new TickLoop(realTime, systemClock, new SimulationListener() {
            @Override
            public void onTick(long tick, long durationNanos, long lateNanos) {
                assertThat(lateNanos).isNotNegative();
                reported.incrementAndGet();
                threeTicks.countDown();
            }
        });
        Thread thread = Thread.ofPlatform().name("tick-loop-test").start(loop);

        boolean ticked = threeTicks.await(10, TimeUnit.SECONDS);
        loop.stop();
        thread.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(ticked).isTrue();
        assertThat(thread.isAlive()).isFalse();
        assertThat(loop.isRunning()).isFalse();
        assertThat(realTime.completedTicks()).isGreaterThanOrEqualTo(3).isEqualTo(reported.get());
    }

    // ------------------------------------------------------------------ fixtures

    private void script(long... durations) {
        for (long d : durations) {
            tickDurations.add(d);
        }
    }

    private TickLoop loopStoppingAfter(int ticks) {
        TickLoop[] holder = new TickLoop[1];
        holder[0] = new TickLoop(simulation, clock, new SimulationListener() {
            @Override
            public void onTick(long tick, long durationNanos, long lateNanos) {
                recorder.onTick(tick, durationNanos, lateNanos);
                if (recorder.ticks.size() == ticks) {
                    holder[0].stop();
                }
            }

            @Override
            public void onError(String context, Exception error) {
                recorder.onError(context, error);
            }
        });
        return holder[0];
    }

    private static WorldConfig config(int tickRateHz) {
        return new WorldConfig(100, 100, 10, 20, tickRateHz, 4, 50, 50, 5, 5, 1);
    }

    /** Game rules whose only effect is to spend the next scripted duration of virtual time. */
    private final class ClockAdvancingRules implements GameRules {
        @Override
        public void populate(World world, RandomGenerator random) {
        }

        @Override
        public void onTick(RegionTick region) {
        }

        @Override
        public void beforeTick(World world, long tick, RandomGenerator random) {
            Long duration = tickDurations.poll();
            if (duration != null) {
                clock.now += duration;
            }
        }
    }

    /** A clock that moves only when told to. */
    private static final class VirtualClock implements TimeSource {
        long now = 1_000_000_000L;
        long epochMillis;
        int epochCalls;
        int failOnEpochCall = -1;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public long epochMillis() {
            epochCalls++;
            if (epochCalls == failOnEpochCall) {
                throw new IllegalStateException("clock unavailable");
            }
            return epochMillis++;
        }
    }

    private static final class Recorder implements SimulationListener {
        final List<long[]> ticks = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<Long> serverTimes = new ArrayList<>();

        @Override
        public void onTick(long tick, long durationNanos, long lateNanos) {
            ticks.add(new long[] {tick, durationNanos, lateNanos});
        }

        @Override
        public void onError(String context, Exception error) {
            errors.add(context);
        }
    }
}
