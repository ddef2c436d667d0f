package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;
import dev.ludus.sim.space.Obstacles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhysicsStepperTest {
    private static final double DT = 0.05;

    private static IntList all(RigidBodies bodies) {
        IntList list = new IntList(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            list.add(i);
        }
        return list;
    }

    private static RigidBodies movingBody(double vx) {
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(100, 100, 0.5, 50);
        bodies.setVelocity(0, vx, 0);
        return bodies;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldStepNearBodiesEveryTickAtEveryLevel(int level) {
        for (int ring = 0; ring <= 1; ring++) {
            RigidBodies bodies = movingBody(4);
            PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
            PhysicsConfig.Level precision = PhysicsConfig.DEFAULTS.level(level);
            for (long tick = 0; tick < 8; tick++) {
                double before = bodies.x(0);
                stepper.step(bodies, all(bodies), new FixedNeighbourhood(ring), tick, DT, level, true, true);
                assertThat(stepper.bodiesStepped()).isEqualTo(1);
                assertThat(stepper.nearStepped()).isEqualTo(1);
                assertThat(stepper.midStepped()).isZero();
                assertThat(stepper.nearUnits()).isEqualTo(PhysicsStepper.units(1, precision.nearVelocityIterations(),
                    precision.nearPositionIterations()));
                assertThat(stepper.midUnits()).isZero();
                assertThat(bodies.x(0)).isGreaterThan(before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldStepMidBodiesEveryIntervalOverThatManyTicks(int level) {
        RigidBodies bodies = movingBody(4);
        RigidBodies reference = movingBody(4);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        PhysicsStepper near = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        PhysicsConfig.Level precision = PhysicsConfig.DEFAULTS.level(level);
        int interval = precision.midIntervalTicks();
        int stepped = 0;
        for (long tick = 0; tick < 4L * interval; tick++) {
            stepper.step(bodies, all(bodies), new FixedNeighbourhood(2), tick, DT, level, true, true);
            near.step(reference, all(reference), new FixedNeighbourhood(0), tick, DT, level, true, true);
            if (tick % interval == 0) {
                assertThat(stepper.midStepped()).isEqualTo(1);
                assertThat(stepper.midUnits()).isEqualTo(PhysicsStepper.units(1, precision.midVelocityIterations(),
                    precision.midPositionIterations()));
                stepped++;
            } else {
                assertThat(stepper.bodiesStepped()).isZero();
            }
            assertThat(stepper.nearStepped()).isZero();
        }
        assertThat(stepped).isEqualTo(4);
        // Over whole intervals a coarse body covers the distance a fine one does, to within damping's
        // discretisation.
        assertThat(bodies.x(0) - 100).isCloseTo(reference.x(0) - 100, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void shouldLeaveFarBodiesAsleepAndWakeThemWhenAPlayerComesNear() {
        RigidBodies bodies = movingBody(4);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        FixedNeighbourhood neighbourhood = new FixedNeighbourhood(3);
        long asleep = bodies.stateHash();
        for (long tick = 0; tick < 10; tick++) {
            stepper.step(bodies, all(bodies), neighbourhood, tick, DT, 0, true, true);
            assertThat(stepper.bodiesStepped()).isZero();
        }
        assertThat(bodies.stateHash()).isEqualTo(asleep);
        assertThat(bodies.vx(0)).isEqualTo(4);
        neighbourhood.ring = 1;
        stepper.step(bodies, all(bodies), neighbourhood, 10, DT, 0, true, true);
        assertThat(stepper.nearStepped()).isEqualTo(1);
        assertThat(bodies.x(0)).isGreaterThan(100);
    }

    @Test
    void shouldStepEverythingEveryTickAtFullPrecisionWithoutLevelOfDetail() {
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(50, 50, 0.5, 10);
        bodies.add(150, 150, 0.5, 10);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 1; tick < 4; tick++) {
            stepper.step(bodies, all(bodies), new FixedNeighbourhood(3), tick, DT, 3, false, false);
            assertThat(stepper.nearStepped()).isEqualTo(2);
            assertThat(stepper.nearUnits()).isEqualTo(PhysicsStepper.units(2, 8, 3));
        }
    }

    @Test
    void shouldHoldMidBodiesWhenTheirWorkIsNotGrantedAndSkipEmptyRegions() {
        RigidBodies bodies = movingBody(4);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        stepper.step(bodies, all(bodies), new FixedNeighbourhood(2), 0, DT, 0, true, false);
        assertThat(stepper.bodiesStepped()).isZero();
        stepper.step(bodies, new IntList(1), new FixedNeighbourhood(0), 0, DT, 0, true, true);
        assertThat(stepper.bodiesStepped()).isZero();
        stepper.step(bodies, all(bodies), new FixedNeighbourhood(0), 0, 0, 0, true, true);
        assertThat(stepper.bodiesStepped()).isZero();
        assertThat(bodies.x(0)).isEqualTo(100);
        assertThatThrownBy(() -> stepper.step(bodies, all(bodies), new FixedNeighbourhood(0), 0, DT, 4, true, true))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldLetAPlayerShoveABodyAndNotBeStoppedByIt() {
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(100, 100, 0.5, 50);
        FixedNeighbourhood neighbourhood = new FixedNeighbourhood(0).player(98.8, 100, 5, 0);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 0; tick < 20; tick++) {
            stepper.step(bodies, all(bodies), neighbourhood, tick, DT, 0, true, true);
            neighbourhood.advance(DT);
        }
        // The player walked 5 m east; the body is ahead of it, pushed at its speed.
        assertThat(bodies.x(0)).isGreaterThan(neighbourhood.playerX(0) + 0.5);
        assertThat(bodies.vx(0)).isGreaterThan(2);
    }

    @Test
    void shouldTreatBodiesOutsideThePassAsWallsAndStopAtObstacles() {
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(100, 100, 0.5, 50);     // near, moving east
        bodies.add(102, 100, 0.5, 50);     // east of the border: far, asleep
        bodies.setVelocity(0, 10, 0);
        FixedNeighbourhood neighbourhood = new FixedNeighbourhood(0);
        neighbourhood.ringBorderX = 101.2;
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 0; tick < 20; tick++) {
            stepper.step(bodies, all(bodies), neighbourhood, tick, DT, 0, true, true);
        }
        assertThat(bodies.x(1)).isEqualTo(102);
        assertThat(bodies.x(0)).isLessThanOrEqualTo(101.0 + 0.01);
        Obstacles rock = new Obstacles(200, 200, 25);
        rock.add(103, 90, 105, 110);
        RigidBodies rolling = movingBody(10);
        PhysicsStepper blocked = new PhysicsStepper(PhysicsConfig.DEFAULTS, rock);
        for (long tick = 0; tick < 20; tick++) {
            blocked.step(rolling, all(rolling), new FixedNeighbourhood(0), tick, DT, 0, true, true);
        }
        assertThat(rolling.x(0)).isLessThanOrEqualTo(102.5 + 0.01);
    }

    @Test
    void shouldClampVelocitiesToTheMaximumSpeed() {
        RigidBodies bodies = movingBody(1000);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        stepper.step(bodies, all(bodies), new FixedNeighbourhood(0).player(98.9, 100, 1000, 0), 0, DT, 0, true, true);
        assertThat(Math.hypot(bodies.vx(0), bodies.vy(0))).isLessThanOrEqualTo(PhysicsConfig.DEFAULTS.maxSpeedMetresPerSecond());
        assertThat(bodies.x(0) - 100).isLessThanOrEqualTo(PhysicsConfig.DEFAULTS.maxSpeedMetresPerSecond() * DT + 1e-9);
    }

    @Test
    void shouldGiveTheSameOutcomeWhateverTheStepperStepsBetween() {
        // One stepper steps an unrelated scene between the ticks; the other steps only this one.
        RigidBodies a = scene();
        RigidBodies b = scene();
        RigidBodies other = scene();
        Obstacles rocks = new Obstacles(200, 200, 25);
        rocks.add(120, 80, 121, 120);
        PhysicsStepper busy = new PhysicsStepper(PhysicsConfig.DEFAULTS, rocks);
        PhysicsStepper fresh = new PhysicsStepper(PhysicsConfig.DEFAULTS, rocks);
        FixedNeighbourhood players = new FixedNeighbourhood(1).player(95, 100, 5, 0.5);
        for (long tick = 0; tick < 60; tick++) {
            busy.step(other, all(other), new FixedNeighbourhood(0), tick, DT, (int) (tick % 4), true, true);
            busy.step(a, all(a), players, tick, DT, 1, true, true);
            fresh.step(b, all(b), players, tick, DT, 1, true, true);
            players.advance(DT);
        }
        assertThat(a.stateHash()).isEqualTo(b.stateHash());
        assertThat(a.stateHash()).isNotEqualTo(scene().stateHash());
    }

    @Test
    void shouldPushAChainOfTouchingBodiesTogether() {
        RigidBodies bodies = new RigidBodies(200, 200);
        for (int i = 0; i < 4; i++) {
            bodies.add(100 + i * 1.0, 100, 0.5, 50);
        }
        FixedNeighbourhood neighbourhood = new FixedNeighbourhood(0).player(99.1, 100, 3, 0);
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 0; tick < 20; tick++) {
            stepper.step(bodies, all(bodies), neighbourhood, tick, DT, 0, true, true);
            neighbourhood.advance(DT);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(bodies.x(i)).as("body %d", i).isGreaterThan(100 + i + 1.5);
        }
    }

    @Test
    void shouldStepBodiesThatCannotMeetAsIfEachWereAlone() {
        double[][] places = {{20, 20}, {20.9, 20.4}, {150, 30}, {60, 160}, {61, 160}, {180, 180}};
        RigidBodies together = new RigidBodies(200, 200);
        for (double[] p : places) {
            int i = together.add(p[0], p[1], 0.5, 40);
            together.setVelocity(i, 3, -2);
        }
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 0; tick < 30; tick++) {
            stepper.step(together, all(together), new FixedNeighbourhood(0), tick, DT, 2, true, true);
        }
        int[][] clusters = {{0, 1}, {2}, {3, 4}, {5}};
        for (int[] cluster : clusters) {
            RigidBodies alone = new RigidBodies(200, 200);
            for (int i : cluster) {
                int j = alone.add(places[i][0], places[i][1], 0.5, 40);
                alone.setVelocity(j, 3, -2);
            }
            PhysicsStepper own = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
            for (long tick = 0; tick < 30; tick++) {
                own.step(alone, all(alone), new FixedNeighbourhood(0), tick, DT, 2, true, true);
            }
            for (int k = 0; k < cluster.length; k++) {
                assertThat(together.x(cluster[k])).isEqualTo(alone.x(k));
                assertThat(together.y(cluster[k])).isEqualTo(alone.y(k));
                assertThat(together.vx(cluster[k])).isEqualTo(alone.vx(k));
            }
        }
    }

    @Test
    void shouldPushBackFromEveryPlayerAroundItWhateverTheirNumber() {
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(100, 100, 0.5, 50);
        FixedNeighbourhood crowd = new FixedNeighbourhood(0);
        for (int p = 0; p < 100; p++) {
            // 99 bystanders far off, then one player walking into the body from the west.
            crowd.player(p < 99 ? 10 + p : 98.8, p < 99 ? 10 : 100, p < 99 ? 0 : 5, 0);
        }
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, new Obstacles(200, 200, 25));
        for (long tick = 0; tick < 10; tick++) {
            stepper.step(bodies, all(bodies), crowd, tick, DT, 0, true, true);
            crowd.advance(DT);
        }
        assertThat(bodies.x(0)).isGreaterThan(101);
    }

    @Test
    void shouldSlideAlongOrStopAtAWallItsCentreWouldCross() {
        // The guard behind dyn4j: a move whose centre path touches a box keeps its clear component.
        Obstacles walls = new Obstacles(200, 200, 25);
        walls.add(90, 110, 130, 110.01);    // a thin wall above
        walls.add(110, 90, 110.01, 110);    // and one to the east: a corner at (110, 110)
        RigidBodies bodies = new RigidBodies(200, 200);
        bodies.add(100, 109.7, 0.1, 5);    // just under the upper wall, moving up and west
        bodies.add(109.7, 109.7, 0.1, 5);  // in the corner, moving into both walls
        PhysicsStepper stepper = new PhysicsStepper(PhysicsConfig.DEFAULTS, walls);
        stepper.storeUnblocked(bodies, 0, 99, 110.5, -20, 20);
        assertThat(bodies.x(0)).isEqualTo(99);
        assertThat(bodies.y(0)).isEqualTo(109.7);
        assertThat(bodies.vx(0)).isEqualTo(-20);
        assertThat(bodies.vy(0)).isZero();
        stepper.storeUnblocked(bodies, 1, 110.3, 110.3, 20, 20);
        assertThat(bodies.x(1)).isEqualTo(109.7);
        assertThat(bodies.y(1)).isEqualTo(109.7);
        assertThat(bodies.vx(1)).isZero();
        assertThat(bodies.vy(1)).isZero();
        stepper.storeUnblocked(bodies, 1, 110.3, 109.5, 20, -4);
        assertThat(bodies.x(1)).isEqualTo(109.7);
        assertThat(bodies.y(1)).isEqualTo(109.5);
        assertThat(bodies.vx(1)).isZero();
        assertThat(bodies.vy(1)).isEqualTo(-4);
    }

    private static RigidBodies scene() {
        RigidBodies bodies = new RigidBodies(200, 200);
        for (int i = 0; i < 12; i++) {
            bodies.add(100 + (i % 4) * 1.1, 98 + (i / 4) * 1.1, 0.5, 30 + i);
            bodies.setVelocity(i, (i % 3) - 1, ((i * 7) % 5) - 2);
        }
        return bodies;
    }
}
