package dev.ludus.bench;

import dev.ludus.sim.space.Grid;
import java.util.SplittableRandom;

/**
 * The synthetic field the spatial benchmarks share: 100,000 points spread uniformly and seeded over a
 * 4000 m x 4000 m square, the extent of the reference world. Every implementation under test indexes
 * the same points and answers the same queries.
 */
final class Field {
    /** Side of the square world, metres (the reference world's extent). */
    static final double SIDE_METRES = 4000;
    /** Entities in the field: ten times the reference game's NPCs, so that the index is what costs. */
    static final int ENTITIES = 100_000;
    /** Seed of the positions; the query centres and steps use seeds derived from it. */
    static final long SEED = 42;

    final double[] x;
    final double[] y;

    private Field(double[] x, double[] y) {
        this.x = x;
        this.y = y;
    }

    /** @return {@link #ENTITIES} points uniform over {@code [0, SIDE_METRES)^2}, seeded with {@link #SEED} */
    static Field uniform() {
        return uniform(ENTITIES, SEED);
    }

    /**
     * @param count points, {@code >= 0}
     * @param seed  seed of the generator
     * @return {@code count} points uniform over {@code [0, SIDE_METRES)^2}
     */
    static Field uniform(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[count];
        double[] y = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextDouble() * SIDE_METRES;
            y[i] = random.nextDouble() * SIDE_METRES;
        }
        return new Field(x, y);
    }

    /**
     * @param cellSizeMetres side of a grid cell, {@code > 0}
     * @return a Ludus grid over a 4000 m square holding these points, slot {@code i} at point {@code i}
     */
    Grid grid(double cellSizeMetres) {
        Grid grid = new Grid(SIDE_METRES, SIDE_METRES, cellSizeMetres, x.length);
        for (int slot = 0; slot < x.length; slot++) {
            grid.insert(slot, x[slot], y[slot]);
        }
        return grid;
    }
}
