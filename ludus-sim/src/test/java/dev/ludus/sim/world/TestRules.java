package dev.ludus.sim.world;

import dev.ludus.protocol.EntityKind;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** Trivial games for driving a {@link Simulation} in tests. */
class TestRules implements GameRules {
    interface TickAction {
        void onTick(RegionTick region);
    }

    private final Consumer<World> populate;
    private final TickAction tick;

    private TestRules(Consumer<World> populate, TickAction tick) {
        this.populate = populate;
        this.tick = tick;
    }

    /** An empty world where nothing happens but what players do. */
    static GameRules none() {
        return new TestRules(world -> { }, region -> { });
    }

    /** NPCs standing still at the given {x, y} positions. */
    static GameRules npcsAt(double[]... positions) {
        return new TestRules(world -> {
            for (double[] p : positions) {
                world.spawn(EntityKind.NPC, p[0], p[1]);
            }
        }, region -> { });
    }

    /** {@code count} NPCs placed at random and re-aimed at random every tick, so the seed shapes everything. */
    static GameRules randomWalkers(int count, double speed) {
        return new TestRules(null, region -> {
            World world = region.world();
            for (int i = 0; i < region.entities().size(); i++) {
                int slot = region.entities().get(i);
                if (world.kind(slot) == EntityKind.NPC) {
                    double heading = region.random().nextDouble() * 2 * Math.PI;
                    world.setVelocity(slot, Math.cos(heading) * speed, Math.sin(heading) * speed);
                }
            }
        }) {
            @Override
            public void populate(World world, RandomGenerator random) {
                for (int i = 0; i < count; i++) {
                    world.spawn(EntityKind.NPC, random.nextDouble() * world.config().widthMetres(),
                        random.nextDouble() * world.config().heightMetres());
                }
            }
        };
    }

    /** A game whose tick always fails with {@code failure}. */
    static GameRules failingOnTick(RuntimeException failure) {
        return new TestRules(world -> { }, region -> {
            throw failure;
        });
    }

    /** A game whose tick fails with {@code failure} on tick {@code failingTick} only. */
    static GameRules failingOnTick(long failingTick, RuntimeException failure) {
        return new TestRules(world -> { }, region -> {
            if (region.tick() == failingTick) {
                throw failure;
            }
        });
    }

    @Override
    public void populate(World world, RandomGenerator random) {
        populate.accept(world);
    }

    @Override
    public void onTick(RegionTick region) {
        tick.onTick(region);
    }
}
