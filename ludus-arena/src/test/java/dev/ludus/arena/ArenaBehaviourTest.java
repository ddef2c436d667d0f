package dev.ludus.arena;

import dev.ludus.protocol.ServerMessage;
import dev.ludus.protocol.Weapon;
import dev.ludus.sim.action.ActionRequest;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.LoadConfig;
import dev.ludus.sim.world.LoadStats;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference game's critical NPC behaviours and their level of detail (issue 4). */
class ArenaBehaviourTest {
    private static final WorldConfig WORLD = new WorldConfig(400, 400, 32, 100, 20, 10, 200, 200, 0, 5, 11);
    /** 30 herds of 4: herd 0 is predators (ids 1 to 4), the leader of herd 25 (id 101) gives quests. */
    private static final ArenaConfig ARENA = new ArenaConfig(120, 1.4, 4.0, 0.25, 4, 0, 0, 0, false);
    private static final long PREDATOR = 1;
    private static final long QUEST_GIVER = 101;
    private static final long HERD_ANIMAL = 5;

    /** A player's connection that keeps the answers and statuses the world sends it. */
    private static final class Recorder implements PlayerLink {
        final java.util.List<ServerMessage.ActionResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.List<ServerMessage.Status> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onActionResult(ServerMessage.ActionResult result) {
            results.add(result);
        }

        @Override
        public void onStatus(ServerMessage.Status status) {
            statuses.add(status);
        }

        @Override
        public void onJoined(ServerMessage.Welcome welcome) {
        }

        @Override
        public void onJoinRefused(ServerMessage.ErrorMessage reason) {
        }

        @Override
        public boolean onSnapshot(ServerMessage.Snapshot snapshot) {
            return true;
        }
    }

    private static final Recorder SILENT = new Recorder();

    @Test
    void shouldChaseAPlayerEveryTickEvenAtTheHighestThrottle() {
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(ARENA), SimulationListener.NONE)) {
            simulation.loadConfig(LoadConfig.defaults(WORLD, 1).withBudget(1));
            World world = simulation.world();
            int npc = world.slotOf(PREDATOR);
            simulation.submit(new Command.Join(1, "prey", "s", SILENT, 0, false, world.x(npc) + 10, world.y(npc)));
            simulation.tick(0);
            int player = playerSlot(world);
            double before = distance(world, npc, player);
            double speed = 1.4 * ArenaRules.ENGAGED_SPEED_FACTOR;
            for (int t = 0; t < 60; t++) {
                simulation.tick(0);
                double now = distance(world, npc, player);
                assertThat(now).as("tick %d: the chase closes in every tick", t).isLessThan(before);
                // The behaviour ran this tick: the velocity aims at where the player is now.
                double towards = (world.vx(npc) * (world.x(player) - world.x(npc))
                    + world.vy(npc) * (world.y(player) - world.y(npc))) / now;
                assertThat(towards).as("tick %d", t).isCloseTo(speed, org.assertj.core.api.Assertions.offset(0.05));
                before = now;
            }
            LoadStats stats = simulation.loadStats();
            assertThat(stats.aiThrottleLevel()).isEqualTo(3);
            assertThat(stats.aiCritical()).isGreaterThanOrEqualTo(60);
            assertThat(stats.criticalSkipped()).isZero();
        }
    }

    @Test
    void shouldStrikeAPlayerInRangeOnceASecondUntilItDiesThenReportTheKill() {
        // Solitary NPCs: herd 0 (id 1) is the only predator near the player.
        ArenaConfig solitary = new ArenaConfig(120, 1.4, 4.0, 0.25, 1, 0, 0, 0, false);
        Recorder prey = new Recorder();
        java.util.List<String> kills = new java.util.ArrayList<>();
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(solitary), SimulationListener.NONE)) {
            simulation.spectatorFeed(new dev.ludus.sim.spectate.SpectatorFeed() {
                @Override
                public void onKill(long tick, long killerId, long victimId, dev.ludus.protocol.EntityKind victimKind) {
                    kills.add(killerId + " " + victimKind);
                }
            });
            World world = simulation.world();
            int npc = world.slotOf(PREDATOR);
            simulation.submit(new Command.Join(1, "prey", "s", prey, 0, false, world.x(npc) + 1.5, world.y(npc)));
            for (int t = 0; t < 20 * 10 + 2 && kills.isEmpty(); t++) {
                simulation.tick(0);
            }

            assertThat(kills).as("the predator killed the player that stood still").containsExactly(PREDATOR + " PLAYER");
            java.util.List<ServerMessage.Status> statuses = prey.statuses;
            java.util.List<Integer> health = statuses.stream().map(ServerMessage.Status::health).toList();
            // Nine strikes of 10 leave 10; the tenth kills, and the player respawns with full health.
            assertThat(health).containsExactly(90, 80, 70, 60, 50, 40, 30, 20, 10, 100);
            for (int i = 1; i < statuses.size(); i++) {
                assertThat(statuses.get(i).tick() - statuses.get(i - 1).tick()).as("one strike a second at 20 Hz")
                    .isEqualTo(20);
            }
            int player = playerSlot(world);
            assertThat(world.x(player)).as("respawned at the spawn point").isEqualTo(WORLD.spawnXMetres());
            assertThat(simulation.actions().strikesLanded()).isEqualTo(10);
        }
    }

    @Test
    void shouldNotLandAStrikeOnAPlayerThatWalksAway() {
        ArenaConfig solitary = new ArenaConfig(120, 1.4, 4.0, 0.25, 1, 0, 0, 0, false);
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(solitary), SimulationListener.NONE)) {
            World world = simulation.world();
            int npc = world.slotOf(PREDATOR);
            // Placed on the world's centre side of the predator, then walking away towards the centre at
            // 5 m/s: faster than the predator's 3.5, so it gains 1.5 m/s and is out of aggro range in 9 s.
            double awayX = world.x(npc) < WORLD.widthMetres() / 2 ? 1 : -1;
            simulation.submit(new Command.Join(1, "runner", "s", SILENT, 0, false, world.x(npc) + 1.5 * awayX, world.y(npc)));
            simulation.tick(0);
            int player = playerSlot(world);
            for (int t = 0; t < 20 * 12; t++) {
                simulation.submit(new Command.Move(1, t + 1, awayX, 0));
                simulation.tick(0);
            }
            assertThat(simulation.actions().health(world.id(player))).as("landed %d", simulation.actions().strikesLanded())
                .isGreaterThanOrEqualTo(90);
            assertThat(distance(world, npc, player)).isGreaterThan(ArenaRules.AGGRO_RADIUS_METRES);
        }
    }

    @Test
    void shouldStopAQuestGiverWhileAPlayerIsNear() {
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(ARENA), SimulationListener.NONE)) {
            World world = simulation.world();
            int npc = world.slotOf(QUEST_GIVER);
            simulation.submit(new Command.Join(1, "hero", "s", SILENT, 0, false, world.x(npc), world.y(npc)));
            for (int t = 0; t < 40; t++) {
                simulation.tick(0);
                if (t > 0) {
                    assertThat(world.vx(npc)).as("tick %d", t).isZero();
                    assertThat(world.vy(npc)).as("tick %d", t).isZero();
                }
            }
        }
    }

    @Test
    void shouldFleeFromPlayersOnceWounded() {
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(ARENA), SimulationListener.NONE)) {
            World world = simulation.world();
            int npc = world.slotOf(HERD_ANIMAL);
            simulation.submit(new Command.Join(1, "hunter", "s", SILENT, 0, false, world.x(npc), world.y(npc)));
            simulation.tick(0);
            int player = playerSlot(world);
            double aimX = world.x(npc) - world.x(player);
            double aimY = world.y(npc) - world.y(player);
            simulation.submit(new Command.Act(1, 1, -1, new ActionRequest.Attack(HERD_ANIMAL, Weapon.MELEE,
                aimX == 0 && aimY == 0 ? 1 : aimX, aimY)));
            simulation.tick(0);
            assertThat(simulation.actions().health(HERD_ANIMAL)).as("%s", SILENT.results).isLessThan(100);
            double before = distance(world, npc, player);
            for (int t = 0; t < 20; t++) {
                simulation.tick(0);
                double now = distance(world, npc, player);
                assertThat(now).as("tick %d", t).isGreaterThan(before);
                before = now;
            }
            assertThat(Math.hypot(world.vx(npc), world.vy(npc)))
                .isCloseTo(1.4 * ArenaRules.ENGAGED_SPEED_FACTOR, org.assertj.core.api.Assertions.offset(1e-9));
        }
    }

    @Test
    void shouldFleeRatherThanHuntOnceAPredatorIsWounded() {
        // The behaviour tree's selector puts flee before hunt: a wounded predator runs from its prey.
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(ARENA), SimulationListener.NONE)) {
            World world = simulation.world();
            int npc = world.slotOf(PREDATOR);
            simulation.submit(new Command.Join(1, "hunter", "s", SILENT, 0, false, world.x(npc) + 1, world.y(npc)));
            simulation.tick(0);
            int player = playerSlot(world);
            simulation.submit(new Command.Act(1, 1, -1, new ActionRequest.Attack(PREDATOR, Weapon.MELEE,
                world.x(npc) - world.x(player), world.y(npc) - world.y(player))));
            simulation.tick(0);
            assertThat(simulation.actions().health(PREDATOR)).isLessThan(100);
            double before = distance(world, npc, player);
            for (int t = 0; t < 10; t++) {
                simulation.tick(0);
                double now = distance(world, npc, player);
                assertThat(now).as("tick %d: moving away", t).isGreaterThan(before);
                before = now;
            }
        }
    }

    @Test
    void shouldThinNonCriticalBehavioursByDistanceAndRunThemAllWithThrottlingOff() {
        WorldConfig world = new WorldConfig(2000, 2000, 32, 100, 20, 10, 1000, 1000, 0, 5, 3);
        ArenaConfig arena = new ArenaConfig(4000, 1.4, 4.0, 0.25, 4, 0, 0, 0, false);
        LoadStats on = run(world, arena, true);
        LoadStats off = run(world, arena, false);
        assertThat(off.aiDeferred()).isZero();
        assertThat(off.aiExecuted()).isPositive();
        // One player: the NPCs of its region are within one cell (every tick), two cells (every 2nd) or
        // farther (every 4th); most of a 100 m region is farther than two cells.
        double skipped = (double) on.aiDeferred() / (on.aiExecuted() + on.aiDeferred());
        assertThat(skipped).isBetween(0.4, 0.75);
        assertThat(on.aiExecuted()).isLessThan(off.aiExecuted());
        assertThat(on.criticalSkipped()).isZero();
    }

    private static LoadStats run(WorldConfig world, ArenaConfig arena, boolean throttle) {
        try (Simulation simulation = new Simulation(world, new ArenaRules(arena), SimulationListener.NONE)) {
            simulation.loadConfig(LoadConfig.defaults(world, 1).withThrottle(throttle));
            simulation.submit(new Command.Join(1, "watcher", "s", SILENT));
            for (int t = 0; t < 200; t++) {
                simulation.tick(0);
            }
            return simulation.loadStats();
        }
    }

    private static int playerSlot(World world) {
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.isLive(slot) && world.kind(slot) == dev.ludus.protocol.EntityKind.PLAYER) {
                return slot;
            }
        }
        throw new AssertionError("no player");
    }

    private static double distance(World world, int a, int b) {
        return Math.hypot(world.x(a) - world.x(b), world.y(a) - world.y(b));
    }
}
