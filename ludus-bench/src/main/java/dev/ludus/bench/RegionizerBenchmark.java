package dev.ludus.bench;

import dev.ludus.sim.space.RegionMap;
import dev.ludus.sim.space.Regionizer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Cost of re-forming regions between two ticks: {@link Regionizer#reform} over the players'
 * positions in the reference world (4000 m square, 32 m cells, activity radius 100 m, merge radius
 * one cell).
 *
 * <p>Layouts: {@code uniform} spreads the players over the whole world (few, large regions);
 * {@code clustered} puts them in 50 seeded clusters of radius 150 m (many regions, the shape of a
 * world with towns and battles). Positions are fixed, so each operation re-forms the same set: the
 * score is the cost of one reform, milliseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class RegionizerBenchmark {
    static final double CELL_METRES = 32;
    static final double ACTIVITY_RADIUS_METRES = 100;
    static final int CLUSTERS = 50;
    static final double CLUSTER_RADIUS_METRES = 150;

    /** Players in the world. */
    @Param({"500", "5000", "10000"})
    public int players;

    /** How the players are placed: uniform or clustered. */
    @Param({"uniform", "clustered"})
    public String layout;

    Regionizer regionizer;
    double[] x;
    double[] y;

    /** Places the players. */
    @Setup
    public void setUp() {
        regionizer = new Regionizer(Field.SIDE_METRES, Field.SIDE_METRES, CELL_METRES, ACTIVITY_RADIUS_METRES, 1);
        SplittableRandom random = new SplittableRandom(Field.SEED + 3);
        x = new double[players];
        y = new double[players];
        double[] clusterX = new double[CLUSTERS];
        double[] clusterY = new double[CLUSTERS];
        for (int c = 0; c < CLUSTERS; c++) {
            clusterX[c] = CLUSTER_RADIUS_METRES + random.nextDouble() * (Field.SIDE_METRES - 2 * CLUSTER_RADIUS_METRES);
            clusterY[c] = CLUSTER_RADIUS_METRES + random.nextDouble() * (Field.SIDE_METRES - 2 * CLUSTER_RADIUS_METRES);
        }
        for (int i = 0; i < players; i++) {
            if (layout.equals("uniform")) {
                x[i] = random.nextDouble() * Field.SIDE_METRES;
                y[i] = random.nextDouble() * Field.SIDE_METRES;
            } else {
                int c = random.nextInt(CLUSTERS);
                double angle = random.nextDouble() * 2 * Math.PI;
                double distance = CLUSTER_RADIUS_METRES * Math.sqrt(random.nextDouble());
                x[i] = clusterX[c] + distance * Math.cos(angle);
                y[i] = clusterY[c] + distance * Math.sin(angle);
            }
        }
    }

    /** @return the number of regions, so the work cannot be eliminated */
    @Benchmark
    public int reform() {
        RegionMap map = regionizer.reform(x, y, players);
        return map.regionCount();
    }
}
