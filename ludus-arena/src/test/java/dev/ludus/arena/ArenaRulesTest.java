package dev.ludus.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;

import dev.ludus.protocol.EntityKind;
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
        Simulation simulation = new Simulation(config, new ArenaRules(ARENA), SimulationListener.NONE);
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
        assertThat(world.entityCount()).isEqualTo(2000);
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
            rules.onTick(world, tick, dt, random);
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
        Simulation simulation = new Simulation(config, new ArenaRules(ARENA), SimulationListener.NONE);
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
            rules.onTick(world, tick, dt, random);
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
        Simulation simulation = new Simulation(world(1000, 1000, 20, SEED), new ArenaRules(ARENA), SimulationListener.NONE);
        World world = simulation.world();

        for (int tick = 0; tick < 400; tick++) {
            simulation.tick(tick);
        }

        int resting = 0;
        for (int slot = 0; slot < world.slotLimit(); slot++) {
            if (world.vx(slot) == 0 && world.vy(slot) == 0) {
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

            rules.onTick(world, 0, config.tickSeconds(), random);

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
        Simulation simulation = new Simulation(config, new ArenaRules(new ArenaConfig(1000, 20, 10, 0.1)),
            SimulationListener.NONE);
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
            rules.onTick(world, tick, config.tickSeconds(), random);
            assertThat(world.vx(walker)).isEqualTo(3);
            assertThat(world.vy(walker)).isEqualTo(4);
            assertThat(world.vx(onEdge)).isZero();
            assertThat(world.vy(onEdge)).isZero();
        }
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
        Simulation simulation = new Simulation(world(500, 500, 20, seed), new ArenaRules(new ArenaConfig(500, SPEED, 2, REST)),
            SimulationListener.NONE);
        for (int tick = 0; tick < ticks; tick++) {
            simulation.tick(tick * 50L);
        }
        return simulation.world().stateHash();
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
