package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ludus.protocol.EntityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The planner with prices learned from measured time (issue 4): it sheds when the measured cost of
 * the tick exceeds the budget, recovers when it falls, and a run whose plans were recorded replays to
 * the same state hashes whatever the clock and the number of workers.
 */
class SimulationLearnedCostTest {
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 25, 100, 20, 10, 500, 500, 0, 5, 42);

    /** A clock that advances by {@code stepNanos} at every read: how expensive the tick looks. */
    static final class SteppingClock implements java.util.function.LongSupplier {
        long nowNanos;
        long stepNanos;
        final SplittableRandom jitter;

        SteppingClock(long stepNanos, long seed) {
            this.stepNanos = stepNanos;
            this.jitter = new SplittableRandom(seed);
        }

        @Override
        public synchronized long getAsLong() {
            nowNanos += stepNanos + jitter.nextLong(stepNanos / 2 + 1);
            return nowNanos;
        }
    }

    /**
     * NPCs around the middle that re-aim when their region's work runs, as the reference game does:
     * non-critical behaviours only when granted and at {@code 2^throttle} times fewer ticks; so the
     * plan shapes the state.
     */
    static final class ThrottledWalkers implements GameRules {
        @Override
        public void populate(World world, RandomGenerator random) {
            for (int i = 0; i < 400; i++) {
                world.spawn(EntityKind.NPC, 400 + random.nextDouble() * 200, 400 + random.nextDouble() * 200);
            }
        }

        @Override
        public void onTick(RegionTick region) {
            World world = region.world();
            int executed = 0;
            int deferred = 0;
            for (int i = 0; i < region.entities().size(); i++) {
                int slot = region.entities().get(i);
                if (world.kind(slot) != EntityKind.NPC) {
                    continue;
                }
                boolean near = region.playerRing(slot) < RegionTick.FAR_RING;
                boolean granted = !region.levelOfDetail()
                    || (near ? region.interactiveGranted() : region.ambientGranted())
                    && (region.tick() + slot) % (1L << region.aiThrottleLevel()) == 0;
                double heading = region.random().nextDouble() * 2 * Math.PI;
                if (granted) {
                    world.setVelocity(slot, Math.cos(heading), Math.sin(heading));
                    executed++;
                } else {
                    deferred++;
                }
            }
            region.countAi(true, executed, deferred);
        }
    }

    private static List<Command> script(int tick) {
        SplittableRandom random = new SplittableRandom(7_000 + tick);
        List<Command> commands = new ArrayList<>();
        if (tick == 0) {
            for (int c = 0; c < 10; c++) {
                commands.add(new Command.Join(c, "p" + c, "s", new RecordingLink(), 0, c == 0, 450 + 10 * c, 500));
            }
        }
        for (int c = 0; c < 10; c++) {
            commands.add(new Command.Move(c, tick + 1, random.nextDouble(-1, 1), random.nextDouble(-1, 1)));
        }
        return commands;
    }

    private static void tick(Simulation simulation, int tick) {
        for (Command command : script(tick)) {
            simulation.submit(command instanceof Command.Join join ? new Command.Join(join.connectionId(), join.name(),
                join.session(), new RecordingLink(), 0, join.premium(), join.arriveXMetres(), join.arriveYMetres())
                : command);
        }
        simulation.tick(1_000 + 50L * tick);
    }

    @Test
    void shouldShedWhenMeasuredCostsExceedTheBudgetAndRecoverWhenTheyFall() {
        SteppingClock clock = new SteppingClock(1_000, 1);
        try (Simulation simulation = new Simulation(CONFIG, new ThrottledWalkers(), SimulationListener.NONE, 1, clock)) {
            simulation.loadConfig(LoadConfig.defaults(CONFIG, 1).withLearnedCosts(true));
            int t = 0;
            for (; t < 50; t++) {
                tick(simulation, t);
            }
            // Cheap ticks: a few microseconds measured against a budget of 35 ms.
            assertThat(simulation.loadStats().ticksShedding()).isZero();
            assertThat(simulation.physicsLevel()).isZero();

            // Each clock read now costs 4 ms: the measured tick is far over the budget.
            clock.stepNanos = 4_000_000;
            for (; t < 150; t++) {
                tick(simulation, t);
            }
            LoadStats loaded = simulation.loadStats();
            assertThat(loaded.regionPicosPerUnit()).isGreaterThan(100 * PlanInputs.PRIOR_PICOS_PER_UNIT);
            assertThat(loaded.ticksShedding()).isGreaterThan(10);
            assertThat(loaded.physicsLevel()).isEqualTo(TickPlanner.MAX_LEVEL);
            assertThat(loaded.aiThrottleLevel()).isEqualTo(TickPlanner.MAX_LEVEL);
            assertThat(loaded.aiDeferred()).isPositive();
            assertThat(loaded.criticalSkipped()).isZero();

            // Cheap again: the prices fall back and so do the levels.
            clock.stepNanos = 1_000;
            for (; t < 600; t++) {
                tick(simulation, t);
            }
            LoadStats calm = simulation.loadStats();
            assertThat(calm.regionPicosPerUnit()).isLessThan(PlanInputs.PRIOR_PICOS_PER_UNIT);
            assertThat(calm.physicsLevel()).isZero();
            assertThat(calm.aiThrottleLevel()).isZero();
            assertThat(calm.dilationNow()).isEqualTo(1.0);
            assertThat(calm.criticalSkipped()).isZero();
        }
    }

    @Test
    void shouldTellTheListenerEveryTicksPlanAndItsLevels() {
        List<String> plans = new ArrayList<>();
        SimulationListener listener = new SimulationListener() {
            @Override
            public void onPlan(long tick, PlanInputs inputs, int physicsLevel, int aiThrottleLevel, double slowestDilation) {
                plans.add(tick + ":" + inputs.budgetNanos() + ":" + physicsLevel + ":" + aiThrottleLevel);
            }
        };
        try (Simulation simulation = new Simulation(CONFIG, new ThrottledWalkers(), listener, 1, new SteppingClock(10, 1))) {
            simulation.loadConfig(LoadConfig.defaults(CONFIG, 1).withBudget(1));
            for (int t = 0; t < 8; t++) {
                tick(simulation, t);
            }
            // A budget of 1 ns: the physics level rises a step a tick, then the AI throttle level.
            assertThat(plans).containsExactly("0:1:1:0", "1:1:2:0", "2:1:3:0", "3:1:3:1", "4:1:3:2", "5:1:3:3",
                "6:1:3:3", "7:1:3:3");
        }
    }

    @Test
    void shouldIgnoreTheClockWithTheDeterministicCostModel() {
        SteppingClock clock = new SteppingClock(4_000_000, 1);
        try (Simulation simulation = new Simulation(CONFIG, new ThrottledWalkers(), SimulationListener.NONE, 1, clock)) {
            for (int t = 0; t < 100; t++) {
                tick(simulation, t);
            }
            LoadStats stats = simulation.loadStats();
            assertThat(stats.regionPicosPerUnit()).isEqualTo(PlanInputs.PRIOR_PICOS_PER_UNIT);
            assertThat(stats.playerPicosPerUnit()).isEqualTo(PlanInputs.PRIOR_PICOS_PER_UNIT);
            assertThat(stats.ticksShedding()).isZero();
        }
    }

    @Test
    void shouldReplayARunWithLearnedCostsFromItsRecordedPlansToTheSameStateHashes() {
        List<PlanInputs> plans = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        // Recorded on one worker with a jittery clock that turns expensive and cheap again.
        SteppingClock clock = new SteppingClock(1_000, 99);
        try (Simulation recorded = new Simulation(CONFIG, new ThrottledWalkers(), SimulationListener.NONE, 1, clock)) {
            recorded.loadConfig(LoadConfig.defaults(CONFIG, 1).withLearnedCosts(true));
            recorded.journal(new TickJournal() {
                @Override
                public void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash) {
                    throw new AssertionError("the simulation hands the journal its plan");
                }

                @Override
                public void onTick(long tick, long serverTimeMs, List<Command> commands, long stateHash, PlanInputs plan) {
                    plans.add(plan);
                    hashes.add(stateHash);
                }
            });
            for (int t = 0; t < 300; t++) {
                clock.stepNanos = t >= 60 && t < 160 ? 3_000_000 : 1_000;
                tick(recorded, t);
            }
            assertThat(recorded.loadStats().ticksShedding()).isPositive();
            assertThat(recorded.loadStats().aiDeferred()).isPositive();
        }

        // Replayed on three workers, every phase split, another clock, costs not learned: same hashes.
        try (Simulation replay = new Simulation(CONFIG, new ThrottledWalkers(), SimulationListener.NONE, 3,
                new SteppingClock(50, 5))) {
            replay.splitEveryPhase();
            for (int t = 0; t < 300; t++) {
                replay.replayPlan(plans.get(t));
                tick(replay, t);
                assertThat(replay.stateHash()).as("tick %d", t).isEqualTo(hashes.get(t));
            }
        }

        // Without the recorded plans the same commands give another world: the plans mattered.
        try (Simulation unplanned = new Simulation(CONFIG, new ThrottledWalkers(), SimulationListener.NONE, 1,
                new SteppingClock(1_000, 5))) {
            for (int t = 0; t < 300; t++) {
                tick(unplanned, t);
            }
            assertThat(unplanned.stateHash()).isNotEqualTo(hashes.getLast());
        }
    }
}
