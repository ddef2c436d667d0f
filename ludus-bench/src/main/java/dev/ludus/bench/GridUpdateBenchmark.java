package dev.ludus.bench;

import dev.ludus.sim.space.Grid;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.strtree.STRtree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-tick maintenance of a spatial index: one operation moves all 100,000 entities of {@link Field}
 * by one small step and brings the index up to date.
 *
 * <p>Every entity walks a straight line in its own seeded random direction at
 * {@value #SPEED_METRES_PER_SECOND} m/s, one step being one 20 Hz tick ({@value #STEP_METRES} m), and
 * bounces off the world's edges. The step is computed the same way in each benchmark:
 * <ul>
 *   <li>{@link #grid}: {@link Grid#move} for every entity (relinks only those that change cell);</li>
 *   <li>{@link #arraysOnly}: writes the new positions into two {@code double[]}s, all that the
 *       brute-force scan of {@link AoiQueryBenchmark} needs: the floor under any index's upkeep;</li>
 *   <li>{@link #strtreeRebuild}: a JTS {@link STRtree} cannot move an item once built, so its upkeep is
 *       a fresh bulk load of all entities.</li>
 * </ul>
 * Score: milliseconds per tick's worth of moves.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class GridUpdateBenchmark {
    static final double SPEED_METRES_PER_SECOND = 5.0;
    static final double STEP_METRES = SPEED_METRES_PER_SECOND / 20;

    Field field;
    double[] x;
    double[] y;
    double[] stepX;
    double[] stepY;

    /** Places the entities and gives each a heading. */
    @Setup
    public void setUp() {
        field = Field.uniform();
        x = field.x;
        y = field.y;
        stepX = new double[Field.ENTITIES];
        stepY = new double[Field.ENTITIES];
        SplittableRandom random = new SplittableRandom(Field.SEED + 2);
        for (int slot = 0; slot < Field.ENTITIES; slot++) {
            double heading = random.nextDouble() * 2 * Math.PI;
            stepX[slot] = Math.cos(heading) * STEP_METRES;
            stepY[slot] = Math.sin(heading) * STEP_METRES;
        }
    }

    /** A Ludus grid holding the entities, with its cell size as a parameter. */
    @State(Scope.Thread)
    public static class GridIndex {
        /** Side of a grid cell; 32 m is the reference world's. */
        @Param({"32", "64"})
        public double cellSizeMetres;

        Grid grid;

        /** @param entities the positions to index */
        @Setup
        public void setUp(GridUpdateBenchmark entities) {
            grid = entities.field.grid(cellSizeMetres);
        }
    }

    /**
     * @param index the grid to keep up to date
     * @return the grid's size, so the work is not dead
     */
    @Benchmark
    public int grid(GridIndex index) {
        Grid grid = index.grid;
        for (int slot = 0; slot < Field.ENTITIES; slot++) {
            advance(slot);
            grid.move(slot, x[slot], y[slot]);
        }
        return grid.size();
    }

    /** @return a position, so the work is not dead */
    @Benchmark
    public double arraysOnly() {
        for (int slot = 0; slot < Field.ENTITIES; slot++) {
            advance(slot);
        }
        return x[0];
    }

    /** @return the rebuilt tree's size */
    @Benchmark
    public int strtreeRebuild() {
        STRtree tree = new STRtree();
        for (int slot = 0; slot < Field.ENTITIES; slot++) {
            advance(slot);
            double px = x[slot];
            double py = y[slot];
            tree.insert(new Envelope(px, px, py, py), new AoiQueryBenchmark.Point(slot, px, py));
        }
        tree.build();
        return tree.size();
    }

    /** One step along the entity's heading, reflected back inside at an edge. */
    private void advance(int slot) {
        double nx = x[slot] + stepX[slot];
        if (nx < 0 || nx > Field.SIDE_METRES) {
            stepX[slot] = -stepX[slot];
            nx = x[slot] + stepX[slot];
        }
        double ny = y[slot] + stepY[slot];
        if (ny < 0 || ny > Field.SIDE_METRES) {
            stepY[slot] = -stepY[slot];
            ny = y[slot] + stepY[slot];
        }
        x[slot] = nx;
        y[slot] = ny;
    }
}
