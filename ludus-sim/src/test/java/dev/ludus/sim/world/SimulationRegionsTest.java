package dev.ludus.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ludus.protocol.EntityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regions inside a tick: which entities tick, handovers across a region's edge, mail between regions,
 * what rules may not do while regions run, and what the listener hears.
 *
 * <p>The world: 2000 m square, 20 m cells, AOI 50 m, so a player activates the cells within 55 m
 * (activity radius = AOI + one cell). Players spawn exactly at the spawn point (radius 0).
 */
class SimulationRegionsTest {
    private static final double CELL = 20;
    private static final double AOI = 50;

    private final ProfileListener listener = new ProfileListener();
    private Simulation simulation;

    @AfterEach
    void close() {
        if (simulation != null) {
            simulation.close();
        }
    }

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2, 3})
    void shouldFormOneRegionPerDistantGroupOfPlayersAndReportEachInIdOrder(int workers) {
        simulation = simulation(Scripted.nothing(), workers);
        joinAt(1, 100, 100);
        joinAt(2, 1500, 1500);
        tick();

        TickProfile profile = listener.profiles.getLast();
        assertThat(profile.regions()).isEqualTo(2);
        List<int[]> regions = listener.regionsOf(profile.tick());
        assertThat(regions).hasSize(2);
        assertThat(regions.get(0)[0]).as("ids ascend").isLessThan(regions.get(1)[0]);
        assertThat(regions).allSatisfy(r -> assertThat(r[1]).as("cells").isGreaterThan(1));
        assertThat(profile.activeCells()).isEqualTo(regions.get(0)[1] + regions.get(1)[1]);
        assertThat(simulation.regionCount()).isEqualTo(2);
        assertThat(simulation.workers()).isEqualTo(workers);
    }

    @Test
    void shouldTickOnlyEntitiesNearPlayersAndLetTheRestSleep() {
        List<Integer> ticked = new ArrayList<>();
        simulation = simulation(Scripted.npcs(world -> {
            world.setVelocity(world.spawn(EntityKind.NPC, 120, 100), 1, 0);    // 20 m from the player
            world.setVelocity(world.spawn(EntityKind.NPC, 900, 900), 1, 0);    // nowhere near anyone
        }, region -> {
            for (int i = 0; i < region.entities().size(); i++) {
                ticked.add(region.entities().get(i));
            }
        }), 1);
        joinAt(1, 100, 100);
        World world = simulation.world();
        int near = world.slotOf(1);
        int far = world.slotOf(2);

        for (int t = 0; t < 20; t++) {
            tick();
        }

        assertThat(world.x(near)).as("awake NPC walked 1 m/s for 20 ticks of 0.05 s").isEqualTo(121, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(world.x(far)).as("asleep").isEqualTo(900);
        assertThat(ticked).contains(near).doesNotContain(far);
        assertThat(listener.profiles.getLast().awakeEntities()).isEqualTo(2);   // the NPC and the player
    }

    @Test
    void shouldHandOverAnEntityLeavingItsRegionAndApplyItsMoveExactlyOnce() {
        // The player at (100, 100) activates cells within 55 m: x up to cell column 7 (140-160 m) at its row.
        // An NPC at x = 159.99 walking east at 2 m/s crosses into column 8 (160 m), a dormant cell, in one tick.
        simulation = simulation(Scripted.npcs(world -> world.setVelocity(world.spawn(EntityKind.NPC, 159.99, 101), 2, 0),
            region -> { }), 1);
        joinAt(1, 100, 100);
        tick();
        World world = simulation.world();
        int npc = world.slotOf(1);

        assertThat(world.x(npc)).isEqualTo(159.99 + 2 * 0.05);
        assertThat(world.cellOf(npc)).isEqualTo(world.cellAt(160.5, 101));
        assertThat(listener.profiles.getLast().handovers()).isEqualTo(1);

        tick();
        tick();

        assertThat(world.x(npc)).as("asleep in the dormant cell, not moved twice").isEqualTo(159.99 + 2 * 0.05);
        assertThat(listener.profiles.getLast().handovers()).isZero();
    }

    @Test
    void shouldDeliverMailAtTheBoundaryInTargetThenRegionThenSendOrder() {
        List<Mail> delivered = new ArrayList<>();
        List<Long> ticksDelivered = new ArrayList<>();
        GameRules rules = new Scripted(world -> {
            world.spawn(EntityKind.NPC, 105, 100);     // id 1, near player 1
            world.spawn(EntityKind.NPC, 1505, 1500);   // id 2, near player 2
            world.spawn(EntityKind.NPC, 1000, 1000);   // id 3, asleep
        }, region -> {
            if (region.tick() != 2) {
                return;
            }
            World world = region.world();
            for (int i = 0; i < region.entities().size(); i++) {
                int slot = region.entities().get(i);
                if (world.kind(slot) == EntityKind.NPC) {
                    long id = world.id(slot);
                    region.send(3, id, "to the sleeper from " + id);
                    region.send(id == 1 ? 2 : 1, id, "across from " + id);
                    region.send(id, id, "to myself " + id);
                    region.send(99, id, "to no one from " + id);
                }
            }
        }) {
            @Override
            public void onMail(World world, Mail mail, RandomGenerator random) {
                delivered.add(mail);
                ticksDelivered.add(simulation.completedTicks());
            }
        };
        simulation = simulation(rules, 2);
        joinAt(1, 100, 100);
        joinAt(2, 1500, 1500);
        tick();
        tick();
        tick();

        // Region of player 1 (near the origin) has the smaller id, so its mail to a target comes first.
        assertThat(delivered).extracting(Mail::payload).containsExactly(
            "to myself 1", "across from 2",
            "across from 1", "to myself 2",
            "to the sleeper from 1", "to the sleeper from 2",
            "to no one from 1", "to no one from 2");
        assertThat(delivered).extracting(Mail::crossRegion).containsExactly(false, true, true, false, true, true, true, true);
        assertThat(delivered.getFirst().senderRegionId()).isLessThan(delivered.get(1).senderRegionId());
        assertThat(ticksDelivered).as("at the boundary of the tick that sent them").containsOnly(2L);
        TickProfile sent = listener.profiles.get(2);
        assertThat(sent.mail()).isEqualTo(8);
        assertThat(sent.crossRegionMail()).isEqualTo(6);
    }

    @Test
    void shouldRefuseSpawningWhileRegionsTickAndAllowItBeforeTheTick() {
        simulation = simulation(new Scripted(world -> { }, region -> region.world().spawn(EntityKind.NPC, 1, 1)) {
            @Override
            public void beforeTick(World world, long tick, RandomGenerator random) {
                world.spawn(EntityKind.NPC, 110, 100);
            }
        }, 1);
        simulation.submit(new Command.Join(1, "p1", "s", new RecordingLink()));

        tick();

        assertThat(simulation.world().entityCount()).as("the player and one NPC from beforeTick").isEqualTo(2);
        assertThat(listener.failures).singleElement().satisfies(failure ->
            assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("spawn while regions tick"));
    }

    @Test
    void shouldKeepOtherRegionsTickingWhenOneRegionsRulesFail() {
        simulation = simulation(Scripted.npcs(world -> {
            world.setVelocity(world.spawn(EntityKind.NPC, 105, 100), 1, 0);
            world.setVelocity(world.spawn(EntityKind.NPC, 1505, 1500), 1, 0);
        }, region -> {
            if (region.owns(region.world().slotOf(1))) {
                throw new IllegalStateException("region of NPC 1 broke");
            }
            int other = region.world().slotOf(2);
            if (region.owns(other)) {
                region.world().setVelocity(other, 0, 2);
            }
        }), 2);
        joinAt(1, 100, 100);
        joinAt(2, 1500, 1500);
        tick();
        World world = simulation.world();

        assertThat(listener.failures).isNotEmpty().allSatisfy(f -> assertThat(f).hasMessage("region of NPC 1 broke"));
        assertThat(world.x(world.slotOf(1))).as("the failed region's entities still move").isGreaterThan(105);
        assertThat(world.vy(world.slotOf(2))).as("the other region's rules ran").isEqualTo(2);
    }

    @Test
    void shouldSpawnPlayersOverTheSpawnSquareClippedToTheWorld() {
        WorldConfig config = new WorldConfig(1000, 1000, CELL, AOI, 20, 500, 900, 500, 0, 5, 3, 400);
        simulation = new Simulation(config, TestRules.none(), listener, 2, System::nanoTime);
        for (int i = 0; i < 400; i++) {
            simulation.submit(new Command.Join(i, "p" + i, "s", new RecordingLink()));
        }
        tick();
        World world = simulation.world();
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            minX = Math.min(minX, world.x(slot));
            maxX = Math.max(maxX, world.x(slot));
            minY = Math.min(minY, world.y(slot));
            maxY = Math.max(maxY, world.y(slot));
        }
        // The square is x 700-1100, y 300-700; the world ends at x = 1000.
        assertThat(minX).isBetween(700.0, 710.0);
        assertThat(maxX).isBetween(990.0, 1000.0);
        assertThat(minY).isBetween(300.0, 310.0);
        assertThat(maxY).isBetween(690.0, 700.0);
        assertThatThrownBy(() -> new WorldConfig(1000, 1000, CELL, AOI, 20, 5, 500, 500, 0, 5, 3, -1))
            .hasMessage("spawnSquareMetres : -1.0 (expected: finite and >= 0)");
    }

    @Test
    void shouldReuseTheRegionsFormedDuringReplicationWhileNoPlayerMovesOrJoins() {
        simulation = simulation(Scripted.nothing(), 2);
        joinAt(1, 100, 100);
        joinAt(2, 1500, 1500);
        long before = simulation.reformsOverlapped();

        for (int t = 0; t < 5; t++) {
            tick();
        }
        long standing = simulation.reformsOverlapped() - before;
        simulation.submit(new Command.Move(1, 1, 1, 0));
        tick();   // the move is applied in this tick's region phase: its regions were still reusable
        tick();   // the player moved during the last tick, but replication re-formed from where it stands
        long moving = simulation.reformsOverlapped() - before - standing;
        simulation.submit(new Command.Join(3, "p3", "s", new RecordingLink()));
        tick();

        assertThat(standing).as("all but the first tick after joinAt moved player 2 between ticks").isEqualTo(4);
        assertThat(moving).isEqualTo(2);
        assertThat(simulation.reformsOverlapped() - before).as("a join forms the regions afresh").isEqualTo(6);
        assertThat(listener.profiles.getLast().regions()).as("the new player at the spawn point has its own").isEqualTo(3);
    }

    @Test
    void shouldRefuseAWorkerCountOutOfRange() {
        WorldConfig config = config();
        assertThatThrownBy(() -> new Simulation(config, TestRules.none(), listener, 0, System::nanoTime))
            .hasMessage("workers : 0 (expected: 1 to 256)");
        assertThatThrownBy(() -> new Simulation(config, TestRules.none(), listener, 257, System::nanoTime))
            .hasMessage("workers : 257 (expected: 1 to 256)");
    }

    // ------------------------------------------------------------------ helpers

    private long serverTimeMs;

    private void tick() {
        simulation.tick(serverTimeMs += 50);
    }

    /**
     * Joins a player, runs the tick that applies the join, and then, between ticks (the test thread is
     * the tick driver), puts the player's entity at ({@code x}, {@code y}).
     */
    private void joinAt(long connection, double x, double y) {
        RecordingLink link = new RecordingLink();
        simulation.submit(new Command.Join(connection, "p" + connection, "s", link));
        tick();
        simulation.world().place(simulation.world().slotOf(link.entityId()), x, y);
    }

    private Simulation simulation(GameRules rules, int workers) {
        Simulation built = new Simulation(config(), rules, listener, workers, System::nanoTime);
        built.splitEveryPhase();
        return built;
    }

    private static WorldConfig config() {
        return new WorldConfig(2000, 2000, CELL, AOI, 20, 10, 1000, 1000, 0, 5, 11);
    }

    /** Rules given as two lambdas. */
    private static class Scripted implements GameRules {
        private final Consumer<World> populate;
        private final Consumer<RegionTick> tick;

        Scripted(Consumer<World> populate, Consumer<RegionTick> tick) {
            this.populate = populate;
            this.tick = tick;
        }

        static Scripted nothing() {
            return new Scripted(world -> { }, region -> { });
        }

        static Scripted npcs(Consumer<World> populate, Consumer<RegionTick> tick) {
            return new Scripted(populate, tick);
        }

        @Override
        public void populate(World world, RandomGenerator random) {
            populate.accept(world);
        }

        @Override
        public void onTick(RegionTick region) {
            tick.accept(region);
        }
    }

    /** Keeps tick profiles, region reports and failures. */
    private static final class ProfileListener implements SimulationListener {
        final List<TickProfile> profiles = new ArrayList<>();
        final List<long[]> regions = new ArrayList<>();
        final List<Exception> failures = new ArrayList<>();

        @Override
        public void onTickProfile(TickProfile profile) {
            profiles.add(profile);
        }

        @Override
        public void onRegionTick(long tick, int regionId, int cells, int entities, long durationNanos) {
            assertThat(durationNanos).isNotNegative();
            regions.add(new long[] {tick, regionId, cells, entities});
        }

        @Override
        public void onError(String context, Exception error) {
            failures.add(error);
        }

        List<int[]> regionsOf(long tick) {
            return regions.stream().filter(r -> r[0] == tick).map(r -> new int[] {(int) r[1], (int) r[2], (int) r[3]}).toList();
        }
    }
}
