package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import dev.ludus.sim.worldevent.EventKind;
import dev.ludus.sim.worldevent.WorldEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** World events in the reference game, driven tick by tick as a simulation drives them. */
class ArenaEventsTest {
    private static final long SEED = 4_242L;
    private static final int HZ = 20;
    /** No NPCs of its own, no props, world events on. */
    private static final ArenaConfig EMPTY = new ArenaConfig(0, 1.4, 4, 0.25, 1, 0, 0, 0);

    private static WorldConfig config(long seed) {
        return new WorldConfig(2000, 2000, 32, 50, HZ, 100, 1000, 1000, 5, 5, seed);
    }

    @Test
    void shouldSpawnAnEventsNpcsNearALingeringCrowdAndRemoveThemWhenItEnds() {
        World world = new World(config(SEED));
        ArenaRules rules = new ArenaRules(EMPTY);
        rules.populate(world, new SplittableRandom(SEED));
        List<Integer> players = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            players.add(world.spawn(EntityKind.PLAYER, 1100 + p, 1100));
        }

        WorldEvent scaled = null;
        List<Long> npcs = new ArrayList<>();
        long tick = 0;
        for (; tick < 3000 && scaled == null; tick++) {
            rules.beforeTick(world, tick, new SplittableRandom(SEED ^ tick));
            for (WorldEvent event : rules.worldEvents().director().active()) {
                if (event.kind().effect() == EventKind.Effect.SCALED) {
                    scaled = event;
                }
            }
        }
        assertThat(scaled).as("a SCALED event within 150 s of a crowd of 10").isNotNull();
        assertThat(scaled.xMetres()).isBetween(1100.0, 1110.0);
        assertThat(scaled.yMetres()).isCloseTo(1100.0, within(1e-6));
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.isLive(slot) && world.kind(slot) == EntityKind.NPC
                && Math.hypot(world.x(slot) - scaled.xMetres(), world.y(slot) - scaled.yMetres()) <= scaled.radiusMetres() + 1e-9) {
                npcs.add(world.id(slot));
            }
        }
        assertThat(npcs).hasSize(scaled.size());

        for (; tick < scaled.endTick(); tick++) {
            rules.beforeTick(world, tick, new SplittableRandom(SEED ^ tick));
        }
        assertThat(npcs).as("alive until the end tick").allMatch(id -> world.slotOf(id) >= 0);
        rules.beforeTick(world, tick, new SplittableRandom(SEED ^ tick));
        assertThat(npcs).as("gone at the end tick").allMatch(id -> world.slotOf(id) < 0);

        // The crowd leaves: once every event has ended and the density has decayed, the world is empty.
        players.forEach(world::despawn);
        for (long end = tick + 20 * 60 * HZ; tick < end; tick++) {
            rules.beforeTick(world, tick, new SplittableRandom(SEED ^ tick));
        }
        assertThat(world.entityCount()).isZero();
        assertThat(rules.worldEvents().director().active()).isEmpty();
        assertThat(rules.worldEvents().players()).isZero();
        assertThat(rules.worldEvents().director().spawned("skirmish")).isPositive();
        assertThat(rules.worldEventsSpawned()).containsKeys("skirmish", "siege", "stampede", "treasure", "caravan")
            .containsEntry("skirmish", rules.worldEvents().director().spawned("skirmish"));
        assertThat(new ArenaRules(ArenaConfig.DEFAULTS).worldEventsSpawned()).as("before any tick").isEmpty();
        assertThat(rules.worldEventsStarted("skirmish")).isEqualTo(rules.worldEvents().director().spawned("skirmish"));
        assertThat(new ArenaRules(ArenaConfig.DEFAULTS).worldEventsStarted("siege")).isZero();
        assertThat(ArenaRules.worldEventKinds()).containsExactly("skirmish", "siege", "stampede", "treasure", "caravan");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ArenaRules(ArenaConfig.DEFAULTS).worldEventsStarted("party"))
            .hasMessageStartingWith("kind : \"party\"");
    }

    @Test
    void shouldRunWorldEventsByDefaultButNotInNpcOnlySettings() {
        assertThat(ArenaConfig.DEFAULTS.worldEvents()).isTrue();
        assertThat(ArenaConfig.DEFAULTS.withNpcCount(5).withProps(1, 1, 1).worldEvents()).isTrue();
        assertThat(new ArenaConfig(10, 1.4, 4, 0.25).worldEvents()).isFalse();
        assertThat(ArenaConfig.DEFAULTS.withWorldEvents(false).withNpcCount(5).worldEvents()).isFalse();

        ArenaRules off = new ArenaRules(EMPTY.withWorldEvents(false));
        World world = new World(config(SEED));
        world.spawn(EntityKind.PLAYER, 500, 500);
        for (long tick = 0; tick < 200; tick++) {
            off.beforeTick(world, tick, new SplittableRandom(tick));
        }
        assertThat(off.worldEvents()).isNull();
        assertThat(world.entityCount()).isEqualTo(1);
    }

    @Test
    void shouldChangeNothingInAWorldWithoutPlayers() {
        ArenaConfig on = new ArenaConfig(300, 1.4, 4, 0.25, 4, 50, 0, 0);
        Simulation with = new Simulation(config(SEED), new ArenaRules(on), SimulationListener.NONE);
        Simulation without = new Simulation(config(SEED), new ArenaRules(on.withWorldEvents(false)), SimulationListener.NONE);

        for (int tick = 0; tick < 2 * 60 * HZ; tick++) {
            with.tick(tick * 50L);
            without.tick(tick * 50L);
        }

        assertThat(with.stateHash()).isEqualTo(without.stateHash());
        // The 300 NPCs and one prop per boulder, nothing spawned by an event.
        assertThat(with.world().entityCount()).isEqualTo(300 + with.rigidBodies().size());
    }

    @Test
    void shouldRunTheSameEventsOnOneWorkerAndOnTwo() {
        long oneWorker = crowdedRun(1, SEED);

        assertThat(crowdedRun(2, SEED)).isEqualTo(oneWorker);
        assertThat(crowdedRun(1, SEED + 1)).isNotEqualTo(oneWorker);
    }

    /** Twelve players stand at the spawn point for 100 s among 200 NPCs; returns the state hash. */
    private static long crowdedRun(int workers, long seed) {
        ArenaRules rules = new ArenaRules(new ArenaConfig(200, 1.4, 4, 0.25, 4, 20, 0, 0));
        try (Simulation simulation = new Simulation(config(seed), rules, SimulationListener.NONE, workers, () -> 0L)) {
            for (int p = 1; p <= 12; p++) {
                simulation.submit(new Command.Join(p, "p" + p, "s" + p, new QuietLink()));
            }
            for (int tick = 0; tick < 100 * HZ; tick++) {
                simulation.tick(tick * 50L);
            }
            assertThat(rules.worldEvents().director().spawnedTotal()).as("events started").isPositive();
            assertThat(simulation.world().entityCount()).isGreaterThan(212);
            return simulation.stateHash();
        }
    }

    private static final class QuietLink implements PlayerLink {
        @Override
        public void onJoined(ServerMessage.Welcome welcome) {
        }

        @Override
        public void onJoinRefused(ServerMessage.ErrorMessage reason) {
            throw new AssertionError(reason);
        }

        @Override
        public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
            return true;
        }
    }
}
