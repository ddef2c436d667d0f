package dev.ludus.sim.world;

import dev.ludus.sim.physics.PhysicsConfig;
import dev.ludus.sim.physics.RigidBodies;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationPhysicsTest {
    private static final WorldConfig CONFIG = new WorldConfig(1000, 1000, 25, 100, 10, 10, 500, 500, 0, 10, 42);

    /** Bodies at fixed {x, y, vx, vy}; nothing else. */
    static GameRules bodiesAt(double[]... bodies) {
        return new GameRules() {
            @Override
            public void populate(World world, RandomGenerator random) {
            }

            @Override
            public void populatePhysics(RigidBodies rigid, World world, RandomGenerator random) {
                for (double[] b : bodies) {
                    int index = rigid.add(b[0], b[1], 0.5, 50);
                    rigid.setVelocity(index, b[2], b[3]);
                }
            }

            @Override
            public void onTick(RegionTick region) {
            }
        };
    }

    @Test
    void shouldStepBodiesByTheirPlayerRingAndLeaveTheOthersAsleep() {
        // A player arrives near (512.5, 512.5), the centre of a 25 m cell; bodies in rings 0, 2 and 3, and
        // one in a dormant corner. No damping, so a stepped body keeps its speed.
        GameRules rules = bodiesAt(new double[] {520, 520, 1, 0}, new double[] {562.5, 512.5, 0, 1},
            new double[] {590, 512.5, 0, 1}, new double[] {50, 50, 1, 0});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            simulation.physicsConfig(new PhysicsConfig(PhysicsConfig.DEFAULTS.levels(), 40, 0));
            simulation.submit(new Command.Join(1, "ann", "s", new RecordingLink(), 0, false, 512.5, 512.5));
            for (int t = 0; t < 10; t++) {
                simulation.tick(0);
            }
            RigidBodies bodies = simulation.rigidBodies();
            assertThat(bodies.x(0)).isCloseTo(521, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(bodies.y(1)).isCloseTo(513.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(bodies.y(2)).isEqualTo(512.5);
            assertThat(bodies.x(3)).isEqualTo(50);
            // Near: 10 ticks; mid: every 2nd tick at level 0.
            assertThat(simulation.loadStats().bodiesStepped()).isEqualTo(15);
            assertThat(simulation.physicsLevel()).isZero();
            assertThatThrownBy(() -> simulation.physicsConfig(PhysicsConfig.DEFAULTS))
                .isInstanceOf(IllegalStateException.class);

            // A second player arrives at the dormant body: it wakes.
            simulation.submit(new Command.Join(2, "bob", "s", new RecordingLink(), 0, false, 52, 52));
            simulation.tick(0);
            assertThat(bodies.x(3)).isGreaterThan(50);
        }
    }

    @Test
    void shouldLetAWalkingPlayerShoveABodyAndShowItToThePlayerAsAProp() {
        try (Simulation simulation = new Simulation(CONFIG, bodiesAt(new double[] {516, 512.5, 0, 0}),
                new SimulationListener() { })) {
            RecordingLink ann = new RecordingLink();
            simulation.submit(new Command.Join(1, "ann", "s", ann, 0, false, 512.5, 512.5));
            simulation.tick(0);
            World world = simulation.world();
            RigidBodies bodies = simulation.rigidBodies();
            int player = world.slotOf(ann.entityId());
            long prop = bodies.entityId(0);
            double start = bodies.x(0);
            double playerY = world.y(player);
            boolean sawItMove = false;
            // Walk east along the body's row (a round body shoved off-centre slides aside, so only the push is checked).
            for (int t = 1; t < 40; t++) {
                double dy = Math.clamp((512.5 - world.y(player)) / 0.5, -1, 1);
                simulation.submit(new Command.Move(1, t, 1, dy));
                simulation.tick(0);
                // Each snapshot shows the prop exactly where the body is, with its size and (stepped every
                // tick this near the player) its velocity.
                dev.ludus.protocol.EntityState shown = ann.snapshots.getLast().entities().stream()
                    .filter(e -> e.id() == prop).findFirst().orElseThrow();
                assertThat(shown.kind()).isEqualTo(dev.ludus.protocol.EntityKind.PROP);
                assertThat(shown.radius()).isEqualTo(0.5);
                assertThat(shown.x()).as("tick %d", t).isEqualTo(bodies.x(0));
                assertThat(shown.y()).as("tick %d", t).isEqualTo(bodies.y(0));
                assertThat(shown.vx()).as("tick %d", t).isEqualTo(bodies.vx(0));
                sawItMove |= shown.vx() > 0;
            }
            assertThat(playerY).isBetween(510.0, 515.0);
            assertThat(bodies.x(0)).isGreaterThan(start + 5);
            assertThat(sawItMove).isTrue();
            assertThat(world.x(world.slotOf(prop))).isEqualTo(bodies.x(0));
        }
    }

    @Test
    void shouldShowAFarBodyStillAndNeverMoveAPropOnItsOwn() {
        // A body 3 cells from the player (ring 3: not stepped) with a velocity of its own, in the player's
        // 100 m area of interest: it is shown where it lies, standing still.
        try (Simulation simulation = new Simulation(CONFIG, bodiesAt(new double[] {590, 512.5, 0, 1}),
                new SimulationListener() { })) {
            simulation.physicsConfig(new PhysicsConfig(PhysicsConfig.DEFAULTS.levels(), 40, 0));
            RecordingLink ann = new RecordingLink();
            simulation.submit(new Command.Join(1, "ann", "s", ann, 0, false, 512.5, 512.5));
            for (int t = 0; t < 5; t++) {
                simulation.tick(0);
            }
            long prop = simulation.rigidBodies().entityId(0);
            dev.ludus.protocol.EntityState shown = ann.snapshots.getLast().entities().stream()
                .filter(e -> e.id() == prop).findFirst().orElseThrow();
            assertThat(shown.y()).isEqualTo(512.5);
            assertThat(shown.vx()).isZero();
            assertThat(shown.vy()).isZero();
            // A prop's velocity is for display: setting one does not move it.
            World world = simulation.world();
            int slot = world.slotOf(prop);
            world.setVelocity(slot, 3, 3);
            world.step(1);
            assertThat(world.x(slot)).isEqualTo(590);
        }
    }

    @Test
    void shouldKeepSteppingNearBodiesEveryTickWhenLoadRaisesThePrecisionLevel() {
        GameRules rules = bodiesAt(new double[] {520, 520, 1, 0}, new double[] {562.5, 512.5, 0, 1});
        try (Simulation simulation = new Simulation(CONFIG, rules, new SimulationListener() { })) {
            // A budget nothing fits in: the planner raises the physics level a step a tick, up to 3.
            simulation.loadConfig(LoadConfig.defaults(CONFIG, 1).withBudget(1));
            simulation.physicsConfig(new PhysicsConfig(PhysicsConfig.DEFAULTS.levels(), 40, 0));
            simulation.submit(new Command.Join(1, "ann", "s", new RecordingLink(), 0, false, 512.5, 512.5));
            for (int t = 0; t < 20; t++) {
                simulation.tick(0);
            }
            assertThat(simulation.physicsLevel()).isEqualTo(PhysicsConfig.MAX_LEVEL);
            // The near body stepped every tick (over dilated time: the critical work alone overruns this
            // budget), the mid one only on its turns, fewer as the level rose.
            assertThat(simulation.loadStats().dilationNow()).isLessThan(1);
            assertThat(simulation.rigidBodies().x(0)).isGreaterThan(520);
            assertThat(simulation.loadStats().bodiesStepped()).isBetween(20L, 29L);
        }
    }

    @Test
    void shouldHashAWorldWithoutBodiesAsBeforeAndFoldBodiesIntoTheHashOtherwise() {
        try (Simulation none = new Simulation(CONFIG, TestRules.none(), new SimulationListener() { });
             Simulation some = new Simulation(CONFIG, bodiesAt(new double[] {10, 10, 0, 0}), new SimulationListener() { })) {
            assertThat(none.stateHash()).isEqualTo(none.actions().hash(none.world().stateHash()));
            assertThat(some.stateHash()).isNotEqualTo(some.actions().hash(some.world().stateHash()));
        }
    }

    @Test
    void shouldReachTheSameStateWithOneWorkerAndWithMany() {
        long one = run(1);
        assertThat(run(1)).isEqualTo(one);
        assertThat(run(3)).isEqualTo(one);
    }

    /** 300 bodies in a crowd of 12 wandering players, some fast; the final state hash. */
    private static long run(int workers) {
        double[][] bodies = new double[300][];
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = new double[] {400 + random.nextDouble() * 200, 400 + random.nextDouble() * 200,
                random.nextDouble() * 20 - 10, random.nextDouble() * 20 - 10};
        }
        try (Simulation simulation = new Simulation(CONFIG, bodiesAt(bodies), new SimulationListener() { }, workers,
                () -> 0L)) {
            simulation.splitEveryPhase();
            for (int p = 0; p < 12; p++) {
                simulation.submit(new Command.Join(p + 1, "p" + p, "s", new RecordingLink(), 0, false,
                    420 + 15 * p, 500 + (p % 3) * 30));
            }
            for (int t = 0; t < 60; t++) {
                for (int p = 0; p < 12; p++) {
                    simulation.submit(new Command.Move(p + 1, t + 1, random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1));
                }
                simulation.tick(0);
            }
            assertThat(simulation.loadStats().bodiesStepped()).isPositive();
            return simulation.stateHash();
        }
    }
}
