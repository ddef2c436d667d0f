package dev.ludus.sim.world;

import java.util.random.RandomGenerator;

/**
 * What a game adds to the bare world: who lives in it and how non-player characters behave.
 *
 * <p>Called only on the tick thread, with the world's seeded random generator, so a game that uses
 * nothing else stays deterministic under its seed.
 */
public interface GameRules {

    /**
     * Fills a new world before its first tick (spawns NPCs, resources, ...).
     *
     * @param world the empty world
     * @param random the world's seeded generator
     */
    void populate(World world, RandomGenerator random);

    /**
     * Runs the game's behaviours for one tick, before movement is integrated.
     *
     * @param world     the world
     * @param tick      the tick being simulated
     * @param dtSeconds simulated seconds this tick covers
     * @param random    the world's seeded generator
     */
    void onTick(World world, long tick, double dtSeconds, RandomGenerator random);
}
