package dev.ludus.arena;

import dev.ludus.sim.physics.RigidBodies;
import dev.ludus.sim.world.Command;
import dev.ludus.sim.world.PlayerLink;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.WorldConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference game's boulders: one per rock, outside rocks, stepped only near players. */
class ArenaPhysicsTest {
    private static final WorldConfig WORLD = new WorldConfig(2000, 2000, 32, 100, 20, 100, 1000, 1000, 30, 5, 11);

    @Test
    void shouldPlaceOneBoulderPerRockOutsideEveryRock() {
        ArenaConfig arena = new ArenaConfig(100, 1.4, 4, 0.25, 4, 50, 0, 0, false);
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(arena), new SimulationListener() { })) {
            RigidBodies bodies = simulation.rigidBodies();
            assertThat(bodies.size()).isEqualTo(simulation.world().obstacles().size()).isBetween(150, 210);
            for (int i = 0; i < bodies.size(); i++) {
                assertThat(simulation.world().obstacles().contains(bodies.x(i), bodies.y(i))).isFalse();
                assertThat(bodies.radius(i)).isBetween(ArenaRules.BOULDER_MIN_RADIUS_METRES,
                    2 * ArenaRules.BOULDER_MIN_RADIUS_METRES);
            }
        }
        try (Simulation none = new Simulation(WORLD, new ArenaRules(new ArenaConfig(10, 1.4, 4, 0.25)),
                new SimulationListener() { })) {
            assertThat(none.rigidBodies().size()).isZero();
        }
    }

    @Test
    void shouldStepOnlyTheBouldersNearPlayersAndReachTheSameStateUnderTheSameSeed() {
        long first = run();
        assertThat(run()).isEqualTo(first);
    }

    private static long run() {
        // Dense boulders so that some lie near the players at the spawn point.
        ArenaConfig arena = new ArenaConfig(100, 1.4, 4, 0.25, 4, 2000, 0, 0, false);
        PlayerLink link = PlayerLink.DISCARD;
        try (Simulation simulation = new Simulation(WORLD, new ArenaRules(arena), new SimulationListener() { })) {
            for (int p = 0; p < 5; p++) {
                simulation.submit(new Command.Join(p + 1, "p" + p, "s", link));
            }
            for (int t = 0; t < 40; t++) {
                for (int p = 0; p < 5; p++) {
                    simulation.submit(new Command.Move(p + 1, t + 1, p % 2 == 0 ? 1 : -1, p < 3 ? 1 : -1));
                }
                simulation.tick(0);
            }
            long stepped = simulation.loadStats().bodiesStepped();
            // Players stand within a few cells of the centre: a small share of the world's boulders wakes.
            assertThat(stepped).isPositive().isLessThan(40L * simulation.rigidBodies().size() / 10);
            return simulation.stateHash();
        }
    }
}
