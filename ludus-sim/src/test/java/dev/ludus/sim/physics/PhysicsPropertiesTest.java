package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.Obstacles;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a player can see never tunnels or explodes, at every precision level: a fast body thrown at a
 * thin wall never gets past it, and bodies knocking into each other and into walls never gain kinetic
 * energy. jqwik prints the seed of a failing try.
 */
class PhysicsPropertiesTest {
    private static final double DT = 0.05;
    private static final double WALL_X = 110;

    @Property(tries = 200)
    void shouldNeverTunnelThroughAThinWall(@ForAll @IntRange(min = 0, max = 3) int level,
                                           @ForAll @IntRange(min = 0, max = 2) int ring,
                                           @ForAll @DoubleRange(min = 1, max = 400) double speed,
                                           @ForAll @DoubleRange(min = -1.2, max = 1.2) double angle,
                                           @ForAll @DoubleRange(min = 0.01, max = 0.2) double thickness,
                                           @ForAll @DoubleRange(min = 0.05, max = 1.5) double radius,
                                           @ForAll @IntRange(min = 0, max = 3) int firstTick) {
        Obstacles walls = new Obstacles(200, 200, 25);
        walls.add(WALL_X, -100, WALL_X + thickness, 300);
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(WALL_X - 3 - radius, 100, radius, 20);
        bodies.setVelocity(0, speed * Math.cos(angle), speed * Math.sin(angle));
        IntList all = new IntList(1);
        all.add(0);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, walls);
        for (long tick = firstTick; tick < firstTick + 60; tick++) {
            stepper.step(bodies, all, new FixedNeighbourhood(ring), tick, DT, level, true, true);
            assertThat(bodies.x(0)).as("tick %d: centre x", tick).isLessThan(WALL_X);
            if (stepper.bodiesStepped() > 0) {
                assertThat(Math.hypot(bodies.vx(0), bodies.vy(0)))
                    .isLessThanOrEqualTo(PhysicsConfig.DEFAULTS.maxSpeedMetresPerSecond() * (1 + 1e-12));
            }
        }
    }

    @Property(tries = 100)
    void shouldNeverGainKineticEnergy(@ForAll @IntRange(min = 0, max = 3) int level,
                                      @ForAll @IntRange(min = 0, max = 2) int ring,
                                      @ForAll("seeds") long seed,
                                      @ForAll @IntRange(min = 2, max = 30) int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        Obstacles walls = new Obstacles(200, 200, 25);
        walls.add(90, 90, 110, 90.5);
        walls.add(90, 109.5, 110, 110);
        walls.add(90, 90, 90.5, 110);
        walls.add(109.5, 90, 110, 110);
        RigidBodies bodies = new RigidBodies(200, 200);
        IntList all = new IntList(count);
        for (int i = 0; i < count; i++) {
            bodies.add(92 + random.nextDouble() * 16, 92 + random.nextDouble() * 16, 0.3 + random.nextDouble() * 0.5,
                5 + random.nextDouble() * 100);
            bodies.setVelocity(i, random.nextDouble() * 60 - 30, random.nextDouble() * 60 - 30);
            all.add(i);
        }
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, walls);
        // The first step may resolve the overlaps of the random placement; from then on, energy only falls.
        stepper.step(bodies, all, new FixedNeighbourhood(ring), 0, DT, level, true, true);
        double energy = energy(bodies);
        for (long tick = 1; tick < 80; tick++) {
            stepper.step(bodies, all, new FixedNeighbourhood(ring), tick, DT, level, true, true);
            double now = energy(bodies);
            assertThat(now).as("tick %d", tick).isLessThanOrEqualTo(energy * (1 + 1e-9) + 1e-9);
            energy = now;
            for (int i = 0; i < count; i++) {
                assertThat(bodies.x(i)).isBetween(90.0, 110.0);
                assertThat(bodies.y(i)).isBetween(90.0, 110.0);
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    private static double energy(RigidBodies bodies) {
        double sum = 0;
        for (int i = 0; i < bodies.size(); i++) {
            double m = bodies.mass(i);
            sum += 0.5 * m * (bodies.vx(i) * bodies.vx(i) + bodies.vy(i) * bodies.vy(i));
        }
        return sum;
    }
}
