package dev.ludus.sim.physics;

import dev.ludus.sim.space.IntList;

/**
 * What a {@link PhysicsStepper} reads around a region's bodies: how near the players are, and where
 * they are going. The simulation implements it over its world and player rings; tests implement it
 * over a handful of fixed players. Called by the one thread stepping the region.
 */
public interface Neighbourhood {
    /**
     * @param xMetres a position inside the world, in a cell of the region being stepped
     * @param yMetres the position's y
     * @return how many cells away the nearest player is (Chebyshev distance): 0, 1, 2, or 3 for three
     *     or more (no player near)
     */
    int ring(double xMetres, double yMetres);

    /**
     * Appends the players within a radius of a point.
     *
     * @param xMetres      centre x
     * @param yMetres      centre y
     * @param radiusMetres {@code >= 0}
     * @param out          receives player handles, each {@code >= 0}, read back with {@link #playerX} and
     *                     the like; not cleared first
     */
    void players(double xMetres, double yMetres, double radiusMetres, IntList out);

    /** @param player a handle from {@link #players} @return its x at the start of the step, metres */
    double playerX(int player);

    /** @param player a handle from {@link #players} @return its y at the start of the step, metres */
    double playerY(int player);

    /** @param player a handle from {@link #players} @return its velocity x this tick, metres per second */
    double playerVx(int player);

    /** @param player a handle from {@link #players} @return its velocity y this tick, metres per second */
    double playerVy(int player);
}
