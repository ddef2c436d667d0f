package dev.ludus.testkit;

import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.RegionTick;
import dev.ludus.sim.world.Simulation;
import dev.ludus.sim.world.SimulationListener;
import dev.ludus.sim.world.World;
import dev.ludus.sim.world.WorldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A world for tests: the real {@link Simulation} driven by a manual {@link #tick()} on a
 * {@link VirtualClock}, with {@link FakeClient}s instead of connections, and every failure the
 * simulation reports collected for assertions.
 *
 * <p>Deterministic: the same configuration, rules and calls give the same world, tick for tick.
 * Not thread-safe: one test thread drives it.
 */
public final class TestWorld {
    /** Game rules that add nothing: an empty world. */
    public static final GameRules EMPTY = new GameRules() {
        @Override
        public void populate(World world, RandomGenerator random) {
        }

        @Override
        public void onTick(RegionTick region) {
        }
    };

    private final VirtualClock clock = new VirtualClock();
    private final Simulation simulation;
    private final long tickNanos;
    private final List<String> errors = new ArrayList<>();
    private long nextConnectionId = 1;

    /**
     * @param config the world's shape
     * @param rules  the game
     */
    public TestWorld(WorldConfig config, GameRules rules) {
        this.simulation = new Simulation(config, rules, new SimulationListener() {
            @Override
            public void onError(String context, Exception error) {
                errors.add(context + ": " + error);
            }
        });
        this.tickNanos = config.tickIntervalNanos();
    }

    /**
     * A small default world: 1000 x 1000 m, 20 Hz, AOI 100 m, spawn at the centre within 5 m, seed 7.
     *
     * @param rules the game
     * @return the world
     */
    public static TestWorld small(GameRules rules) {
        return new TestWorld(new WorldConfig(1000, 1000, 32, 100, 20, 100, 500, 500, 5, 6, 7), rules);
    }

    /** @return a new client, not yet logged in */
    public FakeClient connect() {
        return new FakeClient(this, nextConnectionId++);
    }

    /** Runs one tick at the clock's time, then advances the clock by one tick interval. */
    public void tick() {
        simulation.tick(clock.epochMillis());
        clock.advanceNanos(tickNanos);
    }

    /** @param ticks how many ticks to run, {@code >= 0} */
    public void tick(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick();
        }
    }

    /** @return the simulation under test */
    public Simulation simulation() {
        return simulation;
    }

    /** @return the world's entities */
    public World world() {
        return simulation.world();
    }

    /** @return the clock */
    public VirtualClock clock() {
        return clock;
    }

    /** @return failures the simulation reported, as text */
    public List<String> errors() {
        return List.copyOf(errors);
    }
}
