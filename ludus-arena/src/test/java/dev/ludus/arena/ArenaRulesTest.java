package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.Mail;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.RegionTick;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference game's NPCs. Statistical checks use fixed seeds, so they are deterministic; their
 * tolerances are several standard deviations of the sampling error, and each names its seed.
 */
class ArenaRulesTest {
    private static final long SEED = 7_301L;
    private static final double SPEED = 1.4;
    private static final double MEAN_WANDER_SECONDS = 4.0;
    private static final double REST = 0.25;
    private static final ArenaConfig ARENA = new ArenaConfig(2000, SPEED, MEAN_WANDER_SECONDS, REST);

    // ------------------------------------------------------------------ population

    @Test
    void shouldSpawnExactlyNpcCountNpcsSpreadInsideTheWorld() {
        Simulation simulation = new Simulation(world(400, 300, 20, SEED), new ArenaRules(ARENA), SimulationListener.NONE);
        World world = simulation.world();

        assertThat(world.entityCount()).isEqualTo(2000);
        assertThat(simulation.entityCount()).isEqualTo(2000);
        int[] quadrants = new int[4];
        Set<String> positions = new HashSet<>();
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            assertThat(world.kind(slot)).isEqualTo(EntityKind.NPC);
            assertInside(world, slot);
            positions.add(world.x(slot) + "," + world.y(slot));
            quadrants[(world.x(slot) < 200 ? 0 : 1) + (world.y(slot) < 150 ? 0 : 2)]++;
        }
        assertThat(positions).as("no two NPCs stacked").hasSize(2000);
        // Uniform: 500 per quadrant, standard deviation about 19.
        for (int n : quadrants) {
            assertThat(n).as("NPCs per quadrant, seed %s", SEED).isBetween(420, 580);
        }
    }

    @Test
    void shouldSpawnNoNpcsWhenNpcCountIsZero() {
        Simulation simulation = new Simulation(world(100, 100, 20, SEED), new ArenaRules(new ArenaConfig(0, SPEED, 4, REST)),
            SimulationListener.NONE);

        simulation.tick(0);

        assertThat(simulation.world().entityCount()).isZero();
    }

    @Test
    void shouldStartEachNpcWalkingAtNpcSpeedOrResting() {
        World world = new World(world(1000, 1000, 20, SEED));
        new ArenaRules(ARENA).populate(world, new SplittableRandom(SEED));

        int resting = 0;
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            double speed = Math.hypot(world.vx(slot), world.vy(slot));
            if (speed == 0) {
                resting++;
            } else {
                assertThat(speed).isCloseTo(SPEED, within(1e-12));
            }
        }
        // 25 % of 2000 = 500, standard deviation about 19.
        assertThat(resting).as("seed %s", SEED).isBetween(420, 580);
    }

    // ------------------------------------------------------------------ movement

    @Test
    void shouldMoveNpcsOverManyTicksWithoutEverLeavingTheWorld() {
        WorldConfig config = world(300, 200, 20, SEED);
        Simulation simulation = watched(config, new ArenaRules(ARENA));
        World world = simulation.world();
        double[] startX = new double[world.slotLimit()];
        double[] startY = new double[world.slotLimit()];
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            startX[slot] = world.x(slot);
            startY[slot] = world.y(slot);
        }

        long outside = 0;
        for (int tick = 0; tick < 600; tick++) {
            simulation.tick(tick);
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                if (!(world.x(slot) >= 0 && world.x(slot) <= 300 && world.y(slot) >= 0 && world.y(slot) <= 200)) {
                    outside++;
                }
            }
        }
        assertThat(outside).as("NPC positions outside the world over 600 ticks").isZero();

        int moved = 0;
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.x(slot) != startX[slot] || world.y(slot) != startY[slot]) {
                moved++;
            }
        }
        // In 30 s nearly every NPC has walked at some point (each choice rests with p = 0.25).
        assertThat(moved).as("seed %s", SEED).isGreaterThan(1900);
        assertThat(world.entityCount()).as("2000 NPCs and the watcher").isEqualTo(2001);
    }

    @Test
    void shouldWalkAtExactlyNpcSpeed() {
        WorldConfig config = world(1000, 1000, 20, SEED);
        World world = new World(config);
        SplittableRandom random = new SplittableRandom(SEED);
        ArenaRules rules = new ArenaRules(ARENA);
        rules.populate(world, random);
        double dt = config.tickSeconds();
        double speedSum = 0;
        long walkingSamples = 0;
        List<Double> otherSpeeds = new ArrayList<>();

        for (int tick = 0; tick < 200; tick++) {
            rules.onTick(RegionTick.wholeWorld(world, tick, dt, random));
            double[] x = new double[world.slotLimit()];
            double[] y = new double[world.slotLimit()];
            double[] speed = new double[world.slotLimit()];
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                x[slot] = world.x(slot);
                y[slot] = world.y(slot);
                speed[slot] = Math.hypot(world.vx(slot), world.vy(slot));
                if (speed[slot] != 0 && Math.abs(speed[slot] - SPEED) > 1e-12) {
                    otherSpeeds.add(speed[slot]);
                }
            }
            world.step(dt);
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                boolean clampedAtEdge = Math.hypot(world.vx(slot), world.vy(slot)) != speed[slot];
                if (speed[slot] > 0 && !clampedAtEdge) {
                    speedSum += Math.hypot(world.x(slot) - x[slot], world.y(slot) - y[slot]) / dt;
                    walkingSamples++;
                }
            }
        }

        assertThat(otherSpeeds).as("every chosen velocity is rest or npcSpeed").isEmpty();
        assertThat(walkingSamples).isGreaterThan(200L * 1000);
        assertThat(speedSum / walkingSamples).isCloseTo(SPEED, within(1e-9));
    }

    @Test
    void shouldAverageNpcSpeedOverWalkingNpcsSeenThroughTheSimulation() {
        WorldConfig config = world(1000, 1000, 20, SEED);
        Simulation simulation = watched(config, new ArenaRules(ARENA));
        World world = simulation.world();
        double dt = config.tickSeconds();
        double distance = 0;
        long movingSamples = 0;

        for (int tick = 0; tick < 200; tick++) {
            double[] x = new double[world.slotLimit()];
            double[] y = new double[world.slotLimit()];
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                x[slot] = world.x(slot);
                y[slot] = world.y(slot);
            }
            simulation.tick(tick);
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                double step = Math.hypot(world.x(slot) - x[slot], world.y(slot) - y[slot]);
                assertThat(step / dt).isLessThanOrEqualTo(SPEED + 1e-9);
                if (step > 0) {
                    distance += step;
                    movingSamples++;
                }
            }
        }

        // Only NPCs clamped at an edge move slower, and they are few.
        assertThat(distance / movingSamples / dt).isCloseTo(SPEED, offset(SPEED * 0.005));
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {5, 20, 60})
    void shouldRechooseAtTheDocumentedRateWhateverTheTickRate(int tickRateHz) {
        WorldConfig config = new WorldConfig(2000, 2000, 50, 100, tickRateHz, 10, 1000, 1000, 10, 5, SEED);
        World world = new World(config);
        SplittableRandom random = new SplittableRandom(SEED);
        ArenaRules rules = new ArenaRules(ARENA);
        rules.populate(world, random);
        double dt = config.tickSeconds();
        long walkingOffEdge = 0;
        long changed = 0;

        for (int tick = 0; tick < 40 * tickRateHz; tick++) {   // 40 simulated seconds
            double[] vx = new double[world.slotLimit()];
            double[] vy = new double[world.slotLimit()];
            boolean[] eligible = new boolean[world.slotLimit()];
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                vx[slot] = world.vx(slot);
                vy[slot] = world.vy(slot);
                eligible[slot] = (vx[slot] != 0 || vy[slot] != 0) && !onEdge(world, slot);
            }
            rules.onTick(RegionTick.wholeWorld(world, tick, dt, random));
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                if (eligible[slot]) {
                    walkingOffEdge++;
                    if (world.vx(slot) != vx[slot] || world.vy(slot) != vy[slot]) {
                        changed++;
                    }
                }
            }
            world.step(dt);
        }

        // A walker keeps its heading with probability exp(-dt / mean) each tick; any new choice differs.
        double expectedPerTick = 1 - Math.exp(-dt / MEAN_WANDER_SECONDS);
        double measuredPerSecond = (double) changed / walkingOffEdge / dt;
        assertThat((double) changed / walkingOffEdge).as("seed %s at %s Hz", SEED, tickRateHz)
            .isCloseTo(expectedPerTick, offset(expectedPerTick * 0.06));
        assertThat(measuredPerSecond).isCloseTo(1 / MEAN_WANDER_SECONDS, offset(0.02));
    }

    @Test
    void shouldKeepAboutRestProbabilityOfNpcsResting() {
        Simulation simulation = watched(world(1000, 1000, 20, SEED), new ArenaRules(ARENA));
        World world = simulation.world();

        for (int tick = 0; tick < 400; tick++) {
            simulation.tick(tick);
        }

        int resting = 0;
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.kind(slot) == EntityKind.NPC && world.vx(slot) == 0 && world.vy(slot) == 0) {
                resting++;
            }
        }
        assertThat(resting).as("seed %s", SEED).isBetween(420, 580);
    }

    // ------------------------------------------------------------------ edges

    @ParameterizedTest(name = "at ({0}, {1})")
    @CsvSource({"0,50", "100,50", "50,0", "50,100", "0,0", "100,100", "0,100", "100,0", "0,3", "97,100"})
    void shouldTurnAnNpcStandingOnTheEdgeToWalkInward(double x, double y) {
        WorldConfig config = world(100, 100, 20, SEED);
        ArenaRules rules = new ArenaRules(new ArenaConfig(0, SPEED, MEAN_WANDER_SECONDS, 1.0));
        SplittableRandom random = new SplittableRandom(SEED);

        for (int trial = 0; trial < 200; trial++) {
            World world = new World(config);
            int slot = world.spawn(EntityKind.NPC, x, y);
            world.setVelocity(slot, x == 0 ? -1 : 1, 0);   // pushing against or along the edge

            rules.onTick(RegionTick.wholeWorld(world, 0, config.tickSeconds(), random));

            double vx = world.vx(slot);
            double vy = world.vy(slot);
            assertThat(Math.hypot(vx, vy)).isCloseTo(SPEED, within(1e-12));
            // Within 45 degrees of the direction to the centre.
            double towardsX = 50 - x;
            double towardsY = 50 - y;
            double cosine = (vx * towardsX + vy * towardsY) / (SPEED * Math.hypot(towardsX, towardsY));
            assertThat(cosine).as("trial %s", trial).isGreaterThanOrEqualTo(Math.cos(Math.PI / 4) - 1e-12);
        }
    }

    @Test
    void shouldNotLetNpcsPileUpAgainstTheBorder() {
        WorldConfig config = world(100, 100, 20, SEED);
        // Fast walkers in a small world reach the border constantly.
        Simulation simulation = watched(config, new ArenaRules(new ArenaConfig(1000, 20, 10, 0.1)));
        World world = simulation.world();
        long onEdgeSamples = 0;

        for (int tick = 0; tick < 400; tick++) {
            simulation.tick(tick);
            for (int slot = 0; slot < world.slotLimit(); slot++) {
                if (onEdge(world, slot)) {
                    onEdgeSamples++;
                }
            }
        }

        // Walkers reach the border every few seconds but leave it on the next tick.
        assertThat((double) onEdgeSamples / (400 * 1000)).as("seed %s", SEED).isLessThan(0.1);
    }

    @Test
    void shouldLeavePlayersAlone() {
        WorldConfig config = world(100, 100, 20, SEED);
        World world = new World(config);
        ArenaRules rules = new ArenaRules(new ArenaConfig(10, SPEED, 0.001, REST));
        SplittableRandom random = new SplittableRandom(SEED);
        rules.populate(world, random);
        int walker = world.spawn(EntityKind.PLAYER, 50, 50);
        int onEdge = world.spawn(EntityKind.PLAYER, 0, 50);
        world.setVelocity(walker, 3, 4);
        int despawned = world.spawn(EntityKind.NPC, 20, 20);
        world.despawn(despawned);

        for (int tick = 0; tick < 50; tick++) {
            rules.onTick(RegionTick.wholeWorld(world, tick, config.tickSeconds(), random));
            assertThat(world.vx(walker)).isEqualTo(3);
            assertThat(world.vy(walker)).isEqualTo(4);
            assertThat(world.vx(onEdge)).isZero();
            assertThat(world.vy(onEdge)).isZero();
        }
    }

    // ------------------------------------------------------------------ herds

    @Test
    void shouldSpawnHerdsOfConsecutiveIdsAroundTheirLeaderWalkingItsWay() {
        World world = new World(world(2000, 2000, 20, SEED));
        new ArenaRules(new ArenaConfig(400, SPEED, MEAN_WANDER_SECONDS, REST, 4)).populate(world, new SplittableRandom(SEED));

        for (long leaderId = 1; leaderId <= 400; leaderId += 4) {
            int leader = world.slotOf(leaderId);
            for (long id = leaderId + 1; id < leaderId + 4; id++) {
                int follower = world.slotOf(id);
                assertThat(Math.hypot(world.x(follower) - world.x(leader), world.y(follower) - world.y(leader)))
                    .as("follower %s of leader %s", id, leaderId).isLessThanOrEqualTo(ArenaRules.HERD_SPAWN_RADIUS_METRES + 1e-9);
                assertFollowing(world, follower, leader);
            }
        }
    }

    @Test
    void shouldSpawnHerdsInSpaceFillingOrderSoThatNeighboursInSlotsAreNeighboursInSpace() {
        World world = new World(world(4000, 4000, 20, SEED));
        new ArenaRules(new ArenaConfig(4000, SPEED, MEAN_WANDER_SECONDS, REST, 4)).populate(world, new SplittableRandom(SEED));

        double consecutive = 0;
        for (long leaderId = 1; leaderId + 4 <= 4000; leaderId += 4) {
            int a = world.slotOf(leaderId);
            int b = world.slotOf(leaderId + 4);
            consecutive += Math.hypot(world.x(a) - world.x(b), world.y(a) - world.y(b));
        }
        // Uniform random pairs in a 4 km square are about 2,086 m apart on average (0.5214 x side);
        // herds next to each other on a Z-order curve over 1,000 herds are a few cells apart.
        assertThat(consecutive / 999).as("mean distance between consecutive leaders, seed %s", SEED).isLessThan(300);
    }

    @Test
    void shouldSendEachNewHeadingOfALeaderToItsFollowersOnly() {
        WorldConfig config = world(2000, 2000, 20, SEED);
        World world = new World(config);
        ArenaRules rules = new ArenaRules(new ArenaConfig(403, SPEED, 0.001, REST, 4));
        SplittableRandom random = new SplittableRandom(SEED);
        rules.populate(world, random);

        RegionTick region = RegionTick.wholeWorld(world, 0, config.tickSeconds(), random);
        rules.onTick(region);

        // A mean wander of 1 ms makes every leader choose again this tick; 403 NPCs: 100 full herds and one of 3.
        assertThat(region.outbox()).hasSize(100 * 3 + 2);
        for (Mail mail : region.outbox()) {
            long leaderId = mail.senderEntityId();
            assertThat((leaderId - 1) % 4).as("sender is a leader").isZero();
            assertThat(mail.targetEntityId()).isBetween(leaderId + 1, Math.min(leaderId + 3, 403));
            int leader = world.slotOf(leaderId);
            assertThat(mail.payload()).isEqualTo(new ArenaRules.Heading(world.vx(leader), world.vy(leader)));
        }
    }

    @Test
    void shouldTurnAFollowerToItsLeadersHeadingWithinTheSpreadWhenMailArrives() {
        WorldConfig config = world(2000, 2000, 20, SEED);
        World world = new World(config);
        ArenaRules rules = new ArenaRules(new ArenaConfig(400, SPEED, 0.001, 0, 4));
        SplittableRandom random = new SplittableRandom(SEED);
        rules.populate(world, random);
        RegionTick region = RegionTick.wholeWorld(world, 0, config.tickSeconds(), random);
        rules.onTick(region);
        double largestTurn = 0;

        for (Mail mail : region.outbox()) {
            rules.onMail(world, mail, random);
            int follower = world.slotOf(mail.targetEntityId());
            int leader = world.slotOf(mail.senderEntityId());
            assertFollowing(world, follower, leader);
            largestTurn = Math.max(largestTurn, turn(world, follower, leader));
        }
        assertThat(Math.toDegrees(largestTurn)).as("the spread is used, seed %s", SEED).isGreaterThan(14);
    }

    @Test
    void shouldIgnoreMailThatIsNotAHeadingOrHasNoNpcToReachIt() {
        WorldConfig config = world(100, 100, 20, SEED);
        World world = new World(config);
        ArenaRules rules = new ArenaRules(new ArenaConfig(2, SPEED, MEAN_WANDER_SECONDS, 0, 2));
        SplittableRandom random = new SplittableRandom(SEED);
        rules.populate(world, random);
        int player = world.spawn(EntityKind.PLAYER, 50, 50);
        long hash = world.stateHash();

        rules.onMail(world, new Mail(2, 1, 0, false, "not a heading"), random);
        rules.onMail(world, new Mail(99, 1, 0, true, new ArenaRules.Heading(1, 0)), random);
        rules.onMail(world, new Mail(world.id(player), 1, 0, false, new ArenaRules.Heading(1, 0)), random);

        assertThat(world.stateHash()).isEqualTo(hash);
    }

    @Test
    void shouldKeepHerdsTogetherWhileTheyWander() {
        WorldConfig config = world(1000, 1000, 20, SEED);
        Simulation simulation = watched(config, new ArenaRules(new ArenaConfig(400, SPEED, MEAN_WANDER_SECONDS, REST, 4)));
        World world = simulation.world();

        for (int tick = 0; tick < 20 * 60; tick++) {   // one simulated minute
            simulation.tick(tick * 50L);
        }

        double spread = 0;
        double stranger = 0;
        for (long leaderId = 1; leaderId <= 400; leaderId += 4) {
            int leader = world.slotOf(leaderId);
            int follower = world.slotOf(leaderId + 1);
            long herd = (leaderId - 1) / 4;
            int other = world.slotOf(1 + 4 * ((herd + 50) % 100) + 1);   // a follower of another herd
            spread += Math.hypot(world.x(follower) - world.x(leader), world.y(follower) - world.y(leader));
            stranger += Math.hypot(world.x(other) - world.x(leader), world.y(other) - world.y(leader));
        }
        // After a minute a follower is still near its leader, far nearer than an NPC of another herd.
        assertThat(spread / 100).as("mean leader-follower distance, seed %s", SEED).isLessThan(30);
        assertThat(stranger / 100).isGreaterThan(200);
    }

    @Test
    void shouldRefuseAHerdSizeOutOfRange() {
        assertThatThrownBy(() -> new ArenaConfig(10, SPEED, 4, REST, 0)).hasMessage("herdSize : 0 (expected: 1 to 64)");
        assertThatThrownBy(() -> new ArenaConfig(10, SPEED, 4, REST, 65)).hasMessage("herdSize : 65 (expected: 1 to 64)");
        assertThat(new ArenaConfig(10, SPEED, 4, REST).herdSize()).isEqualTo(1);
        assertThat(ArenaConfig.DEFAULTS.withNpcCount(7)).isEqualTo(new ArenaConfig(7, 1.4, 4.0, 0.25, 4, 50, 20, 20));
    }

    private static void assertFollowing(World world, int follower, int leader) {
        double leaderSpeed = Math.hypot(world.vx(leader), world.vy(leader));
        assertThat(Math.hypot(world.vx(follower), world.vy(follower))).isCloseTo(leaderSpeed, within(1e-12));
        if (leaderSpeed > 0) {
            assertThat(Math.toDegrees(turn(world, follower, leader))).isLessThanOrEqualTo(ArenaRules.FOLLOWER_SPREAD_DEGREES + 1e-9);
        }
    }

    /** The angle between two entities' velocities, radians. */
    private static double turn(World world, int a, int b) {
        double dot = world.vx(a) * world.vx(b) + world.vy(a) * world.vy(b);
        double norms = Math.hypot(world.vx(a), world.vy(a)) * Math.hypot(world.vx(b), world.vy(b));
        return Math.acos(Math.clamp(dot / norms, -1.0, 1.0));
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void shouldReachTheSameStateUnderTheSameSeed() {
        assertThat(stateHashAfter(200, SEED)).isEqualTo(stateHashAfter(200, SEED));
    }

    @Test
    void shouldReachADifferentStateUnderADifferentSeed() {
        assertThat(stateHashAfter(200, SEED)).isNotEqualTo(stateHashAfter(200, SEED + 1));
    }

    @Test
    void shouldRequireAConfig() {
        assertThatThrownBy(() -> new ArenaRules(null)).isInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ helpers

    private static long stateHashAfter(int ticks, long seed) {
        Simulation simulation = watched(world(500, 500, 20, seed), new ArenaRules(new ArenaConfig(500, SPEED, 2, REST, 4)));
        for (int tick = 0; tick < ticks; tick++) {
            simulation.tick(tick * 50L);
        }
        return simulation.world().stateHash();
    }

    /**
     * A simulation with one player whose area of interest covers the whole world, so that no cell is
     * dormant and every NPC ticks; the player joins in a first tick, run here, and never moves.
     */
    static Simulation watched(WorldConfig config, ArenaRules rules) {
        double diagonal = Math.hypot(config.widthMetres(), config.heightMetres());
        WorldConfig wide = new WorldConfig(config.widthMetres(), config.heightMetres(), config.cellSizeMetres(), diagonal,
            config.tickRateHz(), config.maxPlayers(), config.spawnXMetres(), config.spawnYMetres(), 0,
            config.playerSpeedMetresPerSecond(), config.seed());
        Simulation simulation = new Simulation(wide, rules, SimulationListener.NONE);
        simulation.submit(new Command.Join(1, "watcher", "s", new PlayerLink() {
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
        }));
        simulation.tick(0);
        return simulation;
    }

    private static WorldConfig world(double width, double height, int tickRateHz, long seed) {
        return new WorldConfig(width, height, 10, 20, tickRateHz, 10, width / 2, height / 2, 5, 5, seed);
    }

    private static boolean onEdge(World world, int slot) {
        double x = world.x(slot);
        double y = world.y(slot);
        return x <= 0 || y <= 0 || x >= world.config().widthMetres() || y >= world.config().heightMetres();
    }

    private static void assertInside(World world, int slot) {
        assertThat(world.x(slot)).isBetween(0.0, world.config().widthMetres());
        assertThat(world.y(slot)).isBetween(0.0, world.config().heightMetres());
    }
}
