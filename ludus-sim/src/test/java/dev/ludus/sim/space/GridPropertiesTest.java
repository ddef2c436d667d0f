package dev.ludus.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The grid against a brute-force oracle: after any sequence of inserts, moves and removes, a radius
 * query returns exactly the slots whose distance to the centre is at most the radius.
 *
 * <p>The oracle tests every slot with {@code dx * dx + dy * dy <= r * r}, the grid's documented
 * "distance at most radius" in the same arithmetic, so any difference comes from the cells the grid
 * chose to visit, which is what can go wrong.
 */
class GridPropertiesTest {
    private static final int SENTINEL = -7;

    /** One step of a scenario; positions and radii are fractions of the world so they fit any world. */
    record Op(Kind kind, int slot, double fx, double fy, double radiusFraction) {
    }

    enum Kind { UPSERT, REMOVE, QUERY }

    record Scenario(double width, double height, double cellFraction, List<Op> ops) {
        double cellSize() {
            return cellFraction * Math.max(width, height);
        }
    }

    @Property(tries = 500)
    void shouldReturnExactlyTheSlotsWithinTheRadiusAfterAnyHistory(@ForAll("scenarios") Scenario scenario) {
        Grid grid = new Grid(scenario.width(), scenario.height(), scenario.cellSize(), 0);
        Map<Integer, double[]> oracle = new LinkedHashMap<>();
        double diagonal = Math.hypot(scenario.width(), scenario.height());

        for (Op op : scenario.ops()) {
            switch (op.kind()) {
                case UPSERT -> {
                    double x = op.fx() * scenario.width();
                    double y = op.fy() * scenario.height();
                    if (oracle.containsKey(op.slot())) {
                        grid.move(op.slot(), x, y);
                    } else {
                        grid.insert(op.slot(), x, y);
                    }
                    oracle.put(op.slot(), new double[] {x, y});
                }
                case REMOVE -> {
                    if (oracle.remove(op.slot()) != null) {
                        grid.remove(op.slot());
                    } else {
                        assertThatThrownBy(() -> grid.remove(op.slot())).isInstanceOf(IllegalArgumentException.class);
                    }
                }
                case QUERY -> {
                    double cx = (op.fx() * 2 - 0.5) * scenario.width();   // from half a world west to half east
                    double cy = (op.fy() * 2 - 0.5) * scenario.height();
                    assertQueryMatchesOracle(grid, oracle, cx, cy, op.radiusFraction() * diagonal);
                }
            }
            assertThat(grid.size()).isEqualTo(oracle.size());
        }

        // Finally, a query centred on every live slot, reaching exactly to every other live slot.
        for (double[] centre : oracle.values()) {
            for (double[] other : oracle.values()) {
                double dx = other[0] - centre[0];
                double dy = other[1] - centre[1];
                assertQueryMatchesOracle(grid, oracle, centre[0], centre[1], Math.sqrt(dx * dx + dy * dy));
            }
        }
        for (Map.Entry<Integer, double[]> entry : oracle.entrySet()) {
            assertThat(grid.contains(entry.getKey())).isTrue();
            assertThat(grid.x(entry.getKey())).isEqualTo(entry.getValue()[0]);
            assertThat(grid.y(entry.getKey())).isEqualTo(entry.getValue()[1]);
        }
    }

    @Property(tries = 1000)
    void shouldIncludePointsExactlyOnTheCircleAndOnTheWorldEdges(
        @ForAll @IntRange(min = 1, max = 300) int width, @ForAll @IntRange(min = 1, max = 300) int height,
        @ForAll("cellSizes") double cellSize,
        @ForAll @IntRange(min = 0, max = 300) int px, @ForAll @IntRange(min = 0, max = 300) int py,
        @ForAll("boundaryOffsets") int[] offset, @ForAll @IntRange(min = 0, max = 40) int scale,
        @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 300) Integer> others) {
        Grid grid = new Grid(width, height, cellSize, 4);
        Map<Integer, double[]> oracle = new LinkedHashMap<>();
        // Coordinates beyond the world land exactly on its edge: x == width and y == height are common.
        double x = Math.min(px, width);
        double y = Math.min(py, height);
        grid.insert(0, x, y);
        oracle.put(0, new double[] {x, y});
        for (int i = 0; i + 1 < others.size(); i += 2) {
            int slot = 1 + i / 2;
            double ox = Math.min(others.get(i), width);
            double oy = Math.min(others.get(i + 1), height);
            grid.insert(slot, ox, oy);
            oracle.put(slot, new double[] {ox, oy});
        }
        // Integer Pythagorean offsets keep the arithmetic exact: slot 0 lies exactly on the circle.
        double cx = x + (double) offset[0] * scale;
        double cy = y + (double) offset[1] * scale;
        double radius = (double) offset[2] * scale;

        IntList out = new IntList(0);
        grid.query(cx, cy, radius, out);

        assertThat(toSet(out, 0)).contains(0);
        assertQueryMatchesOracle(grid, oracle, cx, cy, radius);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Double> extents = Arbitraries.oneOf(List.of(
            Arbitraries.doubles().between(0.5, 5000).ofScale(9),
            Arbitraries.integers().between(1, 4096).map(i -> (double) i),
            Arbitraries.of(1.0, 100.0, 1000.0, 4096.0)));
        Arbitrary<Double> cellFractions = Arbitraries.oneOf(List.of(
            Arbitraries.doubles().between(0.005, 1.5).ofScale(9),
            Arbitraries.of(0.01, 0.1, 0.25, 1.0 / 3, 1.0, 1.5)));
        Arbitrary<Double> fractions = Arbitraries.oneOf(List.of(
            Arbitraries.doubles().between(0, 1).ofScale(12),
            Arbitraries.of(0.0, 1.0, 0.5, 0.25, 0.75)));
        Arbitrary<Double> radiusFractions = Arbitraries.oneOf(List.of(
            Arbitraries.just(0.0),
            Arbitraries.doubles().between(0, 0.3).ofScale(12),
            Arbitraries.doubles().between(0.3, 3).ofScale(9)));
        Arbitrary<Integer> slots = Arbitraries.oneOf(List.of(
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(0, 3000)));
        Arbitrary<Kind> kinds = Arbitraries.frequency(
            List.of(net.jqwik.api.Tuple.of(5, Kind.UPSERT), net.jqwik.api.Tuple.of(2, Kind.REMOVE),
                net.jqwik.api.Tuple.of(3, Kind.QUERY)));
        Arbitrary<Op> ops = Combinators.combine(kinds, slots, fractions, fractions, radiusFractions).as(Op::new);
        return Combinators.combine(extents, extents, cellFractions, ops.list().ofMaxSize(120)).as(Scenario::new);
    }

    @Provide
    Arbitrary<Double> cellSizes() {
        return Arbitraries.of(0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 10.0, 16.0, 50.0, 300.0, 1000.0);
    }

    /** {dx, dy, r} with dx^2 + dy^2 == r^2, in every direction. */
    @Provide
    Arbitrary<int[]> boundaryOffsets() {
        List<int[]> offsets = new ArrayList<>();
        int[][] triples = {{0, 1, 1}, {1, 0, 1}, {3, 4, 5}, {4, 3, 5}, {5, 12, 13}, {8, 15, 17}, {20, 21, 29}};
        for (int[] t : triples) {
            for (int sx : new int[] {-1, 1}) {
                for (int sy : new int[] {-1, 1}) {
                    offsets.add(new int[] {sx * t[0], sy * t[1], t[2]});
                }
            }
        }
        return Arbitraries.of(offsets);
    }

    private static void assertQueryMatchesOracle(Grid grid, Map<Integer, double[]> oracle, double cx, double cy,
                                                 double radius) {
        Set<Integer> expected = new HashSet<>();
        for (Map.Entry<Integer, double[]> entry : oracle.entrySet()) {
            double dx = entry.getValue()[0] - cx;
            double dy = entry.getValue()[1] - cy;
            if (dx * dx + dy * dy <= radius * radius) {
                expected.add(entry.getKey());
            }
        }
        IntList out = new IntList(0);
        out.add(SENTINEL);

        int found = grid.query(cx, cy, radius, out);

        assertThat(out.get(0)).as("query appends without clearing").isEqualTo(SENTINEL);
        assertThat(found).as("returned count").isEqualTo(out.size() - 1);
        assertThat(found).as("no slot reported twice").isEqualTo(toSet(out, 1).size());
        assertThat(toSet(out, 1))
            .as("query (%s, %s) r=%s", cx, cy, radius)
            .isEqualTo(expected);

        // The packed copy answers the same query with the same slots, by cell (row-major) then by slot.
        PackedGrid packed = new PackedGrid(grid);
        packed.rebuild(grid);
        IntList packedOut = new IntList(0);
        int packedFound = packed.query(cx, cy, radius, packedOut);
        assertThat(packed.size()).isEqualTo(grid.size());
        assertThat(packedFound).isEqualTo(packedOut.size());
        assertThat(toSet(packedOut, 0)).as("packed query (%s, %s) r=%s", cx, cy, radius).isEqualTo(expected);
        for (int i = 1; i < packedOut.size(); i++) {
            int before = packedOut.get(i - 1);
            int after = packedOut.get(i);
            assertThat(grid.cellOf(before) < grid.cellOf(after) || grid.cellOf(before) == grid.cellOf(after) && before < after)
                .as("order of %s then %s", before, after).isTrue();
        }
    }

    private static Set<Integer> toSet(IntList list, int from) {
        Set<Integer> set = new HashSet<>();
        for (int i = from; i < list.size(); i++) {
            set.add(list.get(i));
        }
        return set;
    }
}
