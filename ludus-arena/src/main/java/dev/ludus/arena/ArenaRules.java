package dev.ludus.arena;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.world.GameRules;
import dev.ludus.sim.world.World;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The reference game: a field of wandering NPCs.
 *
 * <p>NPCs spawn uniformly over the world. Each one alternates between walking in a straight line and
 * resting; every tick it keeps its current choice with probability {@code exp(-dt / mean)}, which
 * makes the time between choices exponentially distributed with mean
 * {@link ArenaConfig#meanWanderSeconds()} whatever the tick rate. An NPC that stands on the world's
 * edge turns to walk inward, so NPCs never pile up against the border.
 *
 * <p>Called only on the tick thread; deterministic under the world's seed.
 */
public final class ArenaRules implements GameRules {
    private final ArenaConfig config;

    /** @param config the game's settings */
    public ArenaRules(ArenaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void populate(World world, RandomGenerator random) {
        double width = world.config().widthMetres();
        double height = world.config().heightMetres();
        for (int i = 0; i < config.npcCount(); i++) {
            int slot = world.spawn(EntityKind.NPC, random.nextDouble() * width, random.nextDouble() * height);
            choose(world, slot, random);
        }
    }

    @Override
    public void onTick(World world, long tick, double dtSeconds, RandomGenerator random) {
        double keep = Math.exp(-dtSeconds / config.meanWanderSeconds());
        double width = world.config().widthMetres();
        double height = world.config().heightMetres();
        int limit = world.slotLimit();
        for (int slot = 0; slot < limit; slot++) {
            if (!world.isLive(slot) || world.kind(slot) != EntityKind.NPC) {
                continue;
            }
            double x = world.x(slot);
            double y = world.y(slot);
            boolean onEdge = x <= 0 || y <= 0 || x >= width || y >= height;
            if (onEdge) {
                walkInward(world, slot, x, y, width, height, random);
            } else if (random.nextDouble() >= keep) {
                choose(world, slot, random);
            }
        }
    }

    private void choose(World world, int slot, RandomGenerator random) {
        if (random.nextDouble() < config.restProbability()) {
            world.setVelocity(slot, 0, 0);
            return;
        }
        double heading = random.nextDouble() * 2 * Math.PI;
        world.setVelocity(slot, Math.cos(heading) * config.npcSpeedMetresPerSecond(),
            Math.sin(heading) * config.npcSpeedMetresPerSecond());
    }

    private void walkInward(World world, int slot, double x, double y, double width, double height,
                            RandomGenerator random) {
        double towardsX = width / 2 - x;
        double towardsY = height / 2 - y;
        double heading = Math.atan2(towardsY, towardsX) + (random.nextDouble() - 0.5) * Math.PI / 2;
        world.setVelocity(slot, Math.cos(heading) * config.npcSpeedMetresPerSecond(),
            Math.sin(heading) * config.npcSpeedMetresPerSecond());
    }
}
