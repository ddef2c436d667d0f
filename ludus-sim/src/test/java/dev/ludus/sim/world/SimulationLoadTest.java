package dev.ludus.sim.world;

import dev.ludus.protocol.EntityKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationLoadTest {
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 25, 100, 10, 10, 500, 500, 0, 10, 42);

    /** What the rules saw of one region in one tick. */
    record Seen(long tick, int regionId, boolean lod, boolean interactive, boolean ambient, int throttle, double dilation,
                double dt, int npcs) {
    }

    /** NPCs at fixed places; records the plan each region tick carries and every NPC's ring. */
    static final class PlanRecorder implements GameRules {
        final double[][] npcs;
        final List<Seen> seen = new ArrayList<>();
        final Map<Long, Integer> ringById = new HashMap<>();

        PlanRecorder(double[]... npcs) {
            this.npcs = npcs;
        }

        @Override
        public void populate(World world, RandomGenerator random) {
            for (double[] p : npcs) {
                world.spawn(EntityKind.NPC, p[0], p[1]);
            }
        }

        @Override
        public synchronized void onTick(RegionTick region) {
            int count = 0;
            for (int i = 0; i < region.entities().size(); i++) {
                int slot = region.entities().get(i);
                if (region.world().kind(slot) == EntityKind.NPC) {
                    ringById.put(region.world().id(slot), region.playerRing(slot));
                    count++;
                }
            }
            region.countAi(true, count, 0);
            seen.add(new Seen(region.tick(), region.regionId(), region.levelOfDetail(), region.interactiveGranted(),
                region.ambientGranted(), region.aiThrottleLevel(), region.dilation(), region.dtSeconds(), count));
        }
    }

    @Test
    void shouldGiveEachNpcTheChebyshevCellDistanceToTheNearestPlayer() {
        // Player arrives at (512.5, 512.5), the centre of a 25 m cell; NPCs 0, 1, 2 and 3 cells east.
        PlanRecorder rules = new PlanRecorder(new double[] {512.5, 512.5}, new double[] {537.5, 512.5},
            new double[] {562.5, 512.5}, new double[] {587.5, 512.5}, new double[] {537.5, 562.5});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            simulation.submit(new Command.Join(1, "ann", "s", new RecordingLink(), 0, false, 512.5, 512.5));
            simulation.tick(0);
            simulation.tick(0);
            // NPC ids are 1 to 5 in spawn order.
            assertThat(rules.ringById).containsEntry(1L, 0).containsEntry(2L, 1).containsEntry(3L, 2)
                .containsEntry(4L, RegionTick.FAR_RING).containsEntry(5L, 2);
        }
    }

    @Test
    void shouldRunEverythingAndPlanNothingWithThrottlingOff() {
        PlanRecorder rules = new PlanRecorder(new double[] {512.5, 512.5});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            simulation.loadConfig(LoadConfig.defaults(CONFIG, 1).withThrottle(false).withBudget(1));
            simulation.submit(new Command.Join(1, "ann", "s", new RecordingLink(), 0, false, 512.5, 512.5));
            for (int t = 0; t < 20; t++) {
                simulation.tick(0);
            }
            assertThat(rules.seen).isNotEmpty().allSatisfy(seen -> {
                assertThat(seen.lod()).isFalse();
                assertThat(seen.interactive()).isTrue();
                assertThat(seen.ambient()).isTrue();
                assertThat(seen.dilation()).isEqualTo(1.0);
            });
            LoadStats stats = simulation.loadStats();
            assertThat(stats.aiExecuted()).isEqualTo(rules.seen.stream().mapToLong(Seen::npcs).sum());
            assertThat(stats.ticksShedding()).isZero();
            assertThat(stats.ticksDilated()).isZero();
            assertThat(simulation.physicsLevel()).isZero();
        }
    }

    @Test
    void shouldServeThePremiumPlayersRegionFirstAndStarveNoRegion() {
        PlanRecorder rules = new PlanRecorder(new double[] {200, 200}, new double[] {800, 800});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            // Before any measurement every task is estimated at 1,000 units: the two CRITICAL tasks and
            // one INTERACTIVE task fit in 3,500, the second INTERACTIVE does not.
            simulation.loadConfig(LoadConfig.defaults(CONFIG, 1).withBudget(3_500));
            simulation.submit(new Command.Join(1, "standard", "s", new RecordingLink(), 0, false, 800, 800));
            simulation.submit(new Command.Join(2, "premium", "s", new RecordingLink(), 0, true, 200, 200));
            simulation.tick(0);
            assertThat(rules.seen).hasSize(2);
            // A region's id is its smallest cell index: the premium player's region, south-west, has the smaller.
            Seen premium = rules.seen.stream().min(java.util.Comparator.comparingInt(Seen::regionId)).orElseThrow();
            Seen standard = rules.seen.stream().max(java.util.Comparator.comparingInt(Seen::regionId)).orElseThrow();
            assertThat(premium.interactive()).as("premium region's interactive work").isTrue();
            assertThat(standard.interactive()).as("standard region's interactive work waits").isFalse();
            assertThat(simulation.loadStats().ticksShedding()).isEqualTo(1);

            // From now on the critical work alone is over the budget; aging still lets every region's
            // work run now and then, and the heaviest regions' time is dilated.
            for (int t = 0; t < 200; t++) {
                simulation.tick(0);
            }
            for (Seen seen : List.of(premium, standard)) {
                assertThat(rules.seen).as("region %d", seen.regionId())
                    .anyMatch(s -> s.regionId() == seen.regionId() && s.tick() > 0 && s.interactive());
            }
            LoadStats stats = simulation.loadStats();
            assertThat(stats.criticalSkipped()).isZero();
            assertThat(stats.physicsLevel()).isEqualTo(3);
            assertThat(stats.aiThrottleLevel()).isEqualTo(3);
            assertThat(stats.minDilation()).isLessThan(1).isGreaterThanOrEqualTo(0.1);
            assertThat(rules.seen.getLast().dt()).isEqualTo(rules.seen.getLast().dilation() * CONFIG.tickSeconds());
        }
    }

    @Test
    void shouldRecoverFromDilationSmoothlyOnceTheWorkFits() {
        PlanRecorder rules = new PlanRecorder(new double[] {200, 200}, new double[] {800, 800});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            LoadConfig load = new LoadConfig(true, 3_000, 0.1, 0.05);
            simulation.loadConfig(load);
            simulation.submit(new Command.Join(1, "a", "s", new RecordingLink(), 0, false, 800, 800));
            simulation.submit(new Command.Join(2, "b", "s", new RecordingLink(), 0, false, 200, 200));
            for (int t = 0; t < 30; t++) {
                simulation.tick(0);
            }
            assertThat(simulation.loadStats().dilationNow()).isLessThan(1);
            simulation.submit(new Command.Leave(1));
            rules.seen.clear();
            for (int t = 0; t < 40; t++) {
                simulation.tick(0);
            }
            List<Double> factors = rules.seen.stream().map(Seen::dilation).toList();
            assertThat(factors.getFirst()).isLessThan(1);
            assertThat(factors.getLast()).isEqualTo(1.0);
            for (int i = 1; i < factors.size(); i++) {
                assertThat(factors.get(i) - factors.get(i - 1)).as("tick %d", i)
                    .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(load.recoveryPerTick() + 1e-12);
            }
        }
    }

    @Test
    void shouldRefuseBadLoadSettingsAndLateChanges() {
        assertThatThrownBy(() -> new LoadConfig(true, 0, 0.1, 0.01)).hasMessage("budgetUnitsPerTick : 0 (expected: > 0)");
        assertThatThrownBy(() -> new LoadConfig(true, 1, 0, 0.01)).hasMessage("minDilation : 0.0 (expected: > 0 and <= 1)");
        assertThatThrownBy(() -> new LoadConfig(true, 1, 0.5, 2)).hasMessage("recoveryPerTick : 2.0 (expected: > 0 and <= 1)");
        try (Simulation simulation = new Simulation(CONFIG, TestRules.none(), new SimulationListener() { })) {
            simulation.tick(0);
            assertThatThrownBy(() -> simulation.loadConfig(LoadConfig.defaults(CONFIG, 1)))
                .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> new Command.Join(1, "a", "s", new RecordingLink(), 0, false, 1, Double.NaN))
            .hasMessageContaining("arrive");
    }

    @Test
    void shouldBuildTheSnapshotsOfPlayersWhoActedFirstAndPremiumBeforeStandardWithinEachGroup() {
        List<String> built = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Simulation simulation = new Simulation(CONFIG, new PlanRecorder(), new SimulationListener() { })) {
            String[] names = {"standard idle", "premium idle", "standard acting", "premium acting"};
            for (int c = 0; c < names.length; c++) {
                String name = names[c];
                simulation.submit(new Command.Join(c + 1, name, "s", new RecordingLink() {
                    @Override
                    public boolean onSnapshot(dev.ludus.protocol.ServerMessage.Snapshot snapshot) {
                        built.add(name);
                        return true;
                    }
                }, 0, name.startsWith("premium"), 100 + 200 * c, 500));
            }
            simulation.tick(0);
            built.clear();
            simulation.submit(new Command.Move(3, 1, 1, 0));
            simulation.submit(new Command.Move(4, 1, 1, 0));
            simulation.tick(0);
            assertThat(built).containsExactly("premium acting", "standard acting", "premium idle", "standard idle");
        }
    }
}
