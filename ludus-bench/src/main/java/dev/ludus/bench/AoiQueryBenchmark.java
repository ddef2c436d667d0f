package dev.ludus.bench;

import dev.ludus.sim.space.Grid;
import dev.ludus.sim.space.IntList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.index.ItemVisitor;
import org.locationtech.jts.index.strtree.STRtree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Area-of-interest query: "every entity within {@code radiusMetres} of a point", exact circle test,
 * over the 100,000 points of {@link Field}, answered three ways:
 * <ul>
 *   <li>{@link #grid}: Ludus's {@link Grid} (uniform cells, cell size a parameter);</li>
 *   <li>{@link #bruteForce}: a scan over two primitive {@code double[]}s, the baseline any index must beat;</li>
 *   <li>{@link #strtree}: JTS's {@link STRtree} (a packed R-tree, bulk-loaded once), queried by the
 *       circle's bounding envelope, then filtered by the same exact distance test.</li>
 * </ul>
 * Each invocation answers the same {@value #CENTRES} seeded random centres in the same order and
 * collects the matching slots into a reused {@link IntList}, so the score is the mean time of one query
 * (microseconds) and the returned total count is equal for the three implementations. Setup fails with
 * {@link IllegalStateException} unless the three return identical slot sets for the first
 * {@value #CHECKED_CENTRES} centres.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class AoiQueryBenchmark {
    static final int CENTRES = 1024;
    static final int CHECKED_CENTRES = 100;

    /** Query radius; 100 m is the reference world's area of interest. */
    @Param({"50", "100", "200"})
    public double radiusMetres;

    Field field;
    double[] centreX;
    double[] centreY;
    STRtree tree;
    private final CircleVisitor visitor = new CircleVisitor();
    private final Envelope envelope = new Envelope();
    private final IntList out = new IntList(1024);

    /** Places the entities and the query centres and bulk-loads the R-tree. */
    @Setup
    public void setUp() {
        field = Field.uniform();
        Field centres = Field.uniform(CENTRES, Field.SEED + 1);
        centreX = centres.x;
        centreY = centres.y;
        tree = new STRtree();
        for (int slot = 0; slot < Field.ENTITIES; slot++) {
            double x = field.x[slot];
            double y = field.y[slot];
            tree.insert(new Envelope(x, x, y, y), new Point(slot, x, y));
        }
        tree.build();
    }

    /** The Ludus grid over the same points, with its cell size as a parameter. */
    @State(Scope.Thread)
    public static class GridIndex {
        /** Side of a grid cell; 32 m is the reference world's. */
        @Param({"32", "64"})
        public double cellSizeMetres;

        Grid grid;

        /**
         * Builds the grid and checks the three implementations against each other.
         *
         * @param data the shared points, centres and R-tree
         * @throws IllegalStateException when two implementations disagree on a checked centre
         */
        @Setup
        public void setUp(AoiQueryBenchmark data) {
            grid = data.field.grid(cellSizeMetres);
            data.check(grid);
        }
    }

    /**
     * @param index the grid
     * @return entities found over all centres
     */
    @Benchmark
    @OperationsPerInvocation(CENTRES)
    public long grid(GridIndex index) {
        long found = 0;
        for (int i = 0; i < CENTRES; i++) {
            found += gridQuery(index.grid, i);
        }
        return found;
    }

    /** @return entities found over all centres */
    @Benchmark
    @OperationsPerInvocation(CENTRES)
    public long bruteForce() {
        long found = 0;
        for (int i = 0; i < CENTRES; i++) {
            found += bruteForceQuery(i);
        }
        return found;
    }

    /** @return entities found over all centres */
    @Benchmark
    @OperationsPerInvocation(CENTRES)
    public long strtree() {
        long found = 0;
        for (int i = 0; i < CENTRES; i++) {
            found += strtreeQuery(i);
        }
        return found;
    }

    private int gridQuery(Grid grid, int centre) {
        out.clear();
        return grid.query(centreX[centre], centreY[centre], radiusMetres, out);
    }

    private int bruteForceQuery(int centre) {
        out.clear();
        double cx = centreX[centre];
        double cy = centreY[centre];
        double radiusSquared = radiusMetres * radiusMetres;
        double[] xs = field.x;
        double[] ys = field.y;
        for (int slot = 0; slot < xs.length; slot++) {
            double dx = xs[slot] - cx;
            double dy = ys[slot] - cy;
            if (dx * dx + dy * dy <= radiusSquared) {
                out.add(slot);
            }
        }
        return out.size();
    }

    private int strtreeQuery(int centre) {
        out.clear();
        double cx = centreX[centre];
        double cy = centreY[centre];
        envelope.init(cx - radiusMetres, cx + radiusMetres, cy - radiusMetres, cy + radiusMetres);
        visitor.reset(cx, cy, radiusMetres * radiusMetres, out);
        tree.query(envelope, visitor);
        return out.size();
    }

    void check(Grid grid) {
        for (int centre = 0; centre < CHECKED_CENTRES; centre++) {
            gridQuery(grid, centre);
            int[] byGrid = sorted(out);
            bruteForceQuery(centre);
            int[] byScan = sorted(out);
            strtreeQuery(centre);
            int[] byTree = sorted(out);
            if (!Arrays.equals(byGrid, byScan) || !Arrays.equals(byTree, byScan)) {
                throw new IllegalStateException("centre " + centre + " (" + centreX[centre] + ", " + centreY[centre]
                    + "), r=" + radiusMetres + " : grid " + byGrid.length + ", brute force " + byScan.length
                    + ", STRtree " + byTree.length + " (expected: the same slots from all three)");
            }
        }
    }

    private static int[] sorted(IntList list) {
        int[] values = list.toArray();
        Arrays.sort(values);
        return values;
    }

    /** An R-tree item: the slot and its position, so the exact test needs no second lookup. */
    record Point(int slot, double x, double y) {
    }

    /** Keeps the R-tree's candidates that pass the exact circle test; reused across queries. */
    static final class CircleVisitor implements ItemVisitor {
        private double cx;
        private double cy;
        private double radiusSquared;
        private IntList out;

        void reset(double cxMetres, double cyMetres, double radiusSquaredMetres, IntList into) {
            cx = cxMetres;
            cy = cyMetres;
            radiusSquared = radiusSquaredMetres;
            out = into;
        }

        @Override
        public void visitItem(Object item) {
            Point point = (Point) item;
            double dx = point.x() - cx;
            double dy = point.y() - cy;
            if (dx * dx + dy * dy <= radiusSquared) {
                out.add(point.slot());
            }
        }
    }
}
