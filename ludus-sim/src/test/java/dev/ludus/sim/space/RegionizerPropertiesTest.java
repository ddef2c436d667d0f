package dev.ludus.sim.space;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * The regionizer against a brute-force oracle on small random worlds: every cell tested against
 * every player for activity, every pair of active cells tested for connection, components found by
 * union-find.
 *
 * <p>The oracle's activity test is the documented rule in the same arithmetic (gaps from the player
 * to the cell's rectangle computed from {@code column * c} and {@code (column + 1) * c}, squares
 * compared when {@code R * R} is a normal double, {@code Math.hypot} otherwise), so any difference
 * comes from which cells the regionizer chose to test, which is what can go wrong. Positions include
 * the world's edges, cell edges and their neighbouring doubles, where rounding decides.
 */
class RegionizerPropertiesTest {
    private static final RandomDistribution UNIFORM = RandomDistribution.uniform();

    /** A world; extents and radius are given in cells so that worlds stay small whatever the cell size. */
    record WorldSpec(double cellSize, double widthCells, double heightCells, double radiusCells, int mergeRadius) {
        double width() {
            return cellSize * widthCells;
        }

        double height() {
            return cellSize * heightCells;
        }

        double radius() {
            return cellSize * radiusCells;
        }

        Regionizer regionizer() {
            return new Regionizer(width(), height(), cellSize, radius(), mergeRadius);
        }
    }

    enum Placement { ANYWHERE, LOW_EDGE, HIGH_EDGE, CELL_EDGE, BELOW_CELL_EDGE, ABOVE_CELL_EDGE }

    /** One coordinate of a player, placed against whatever extent and cell size the world has. */
    record Coordinate(Placement placement, double fraction, int cellEdge) {
        double metres(double extent, double cellSize) {
            double edge = Math.min(cellEdge * cellSize, extent);
            double value = switch (placement) {
                case ANYWHERE -> fraction * extent;
                case LOW_EDGE -> 0;
                case HIGH_EDGE -> extent;
                case CELL_EDGE -> edge;
                case BELOW_CELL_EDGE -> Math.nextDown(edge);
                case ABOVE_CELL_EDGE -> Math.nextUp(edge);
            };
            return Math.clamp(value, 0.0, extent);
        }
    }

    record PlayerSpec(Coordinate x, Coordinate y) {
    }

    /** Player positions, materialised for one world. */
    record Players(double[] xs, double[] ys) {
        static Players of(WorldSpec world, List<PlayerSpec> specs) {
            double[] xs = new double[specs.size()];
            double[] ys = new double[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                xs[i] = specs.get(i).x().metres(world.width(), world.cellSize());
                ys[i] = specs.get(i).y().metres(world.height(), world.cellSize());
            }
            return new Players(xs, ys);
        }

        int count() {
            return xs.length;
        }
    }

    @Property(tries = 1000)
    void shouldActivateExactlyTheCellsWithinTheActivityRadiusOfSomePlayer(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs) {
        Players players = Players.of(world, specs);

        RegionMap map = world.regionizer().reform(players.xs(), players.ys(), players.count());

        Set<Integer> active = new TreeSet<>();
        for (int cell = 0; cell < map.cellCount(); cell++) {
            if (map.regionOfCell(cell) != RegionMap.DORMANT) {
                active.add(cell);
            }
            assertThat(map.isActive(cell)).as("isActive(%d)", cell).isEqualTo(map.regionOfCell(cell) != RegionMap.DORMANT);
        }
        Oracle oracle = new Oracle(world, players);
        assertThat(map.cellCount()).isEqualTo(oracle.columns * oracle.rows);
        assertThat(map.columns()).isEqualTo(oracle.columns);
        assertThat(map.rows()).isEqualTo(oracle.rows);
        assertThat(active).isEqualTo(oracle.active);
        assertThat(map.activeCellCount()).isEqualTo(oracle.active.size());
    }

    @Property(tries = 1000)
    void shouldPartitionTheActiveCellsIntoTheComponentsConnectedWithinTheMergeRadius(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs) {
        Players players = Players.of(world, specs);

        RegionMap map = world.regionizer().reform(players.xs(), players.ys(), players.count());

        assertThat(regions(map)).isEqualTo(new Oracle(world, players).regions());
        for (int ordinal = 0; ordinal < map.regionCount(); ordinal++) {
            for (int i = 0; i < map.regionCellCount(ordinal); i++) {
                assertThat(map.regionOfCell(map.regionCell(ordinal, i))).isEqualTo(ordinal);
            }
        }
    }

    @Property(tries = 1000)
    void shouldNameEveryRegionByItsSmallestCellAndOrderRegionsById(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs) {
        Players players = Players.of(world, specs);

        RegionMap map = world.regionizer().reform(players.xs(), players.ys(), players.count());

        int cellsInRegions = 0;
        int previousId = -1;
        for (int ordinal = 0; ordinal < map.regionCount(); ordinal++) {
            int[] cells = cellsOf(map, ordinal);
            assertThat(cells).isNotEmpty().isSorted().doesNotHaveDuplicates();
            assertThat(map.regionId(ordinal)).isEqualTo(cells[0]).isGreaterThan(previousId);
            assertThat(map.regionOfCell(map.regionId(ordinal))).isEqualTo(ordinal);
            previousId = map.regionId(ordinal);
            cellsInRegions += cells.length;
        }
        assertThat(cellsInRegions).isEqualTo(map.activeCellCount());
    }

    @Property(tries = 1000)
    void shouldPutEveryPlayersOwnCellInARegion(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs) {
        Players players = Players.of(world, specs);

        RegionMap map = world.regionizer().reform(players.xs(), players.ys(), players.count());

        Oracle oracle = new Oracle(world, players);
        for (int i = 0; i < players.count(); i++) {
            int cell = map.cellOf(players.xs()[i], players.ys()[i]);
            assertThat(cell).as("player %d's cell", i).isEqualTo(oracle.cellOf(players.xs()[i], players.ys()[i]));
            assertThat(map.regionOfCell(cell)).as("region of player %d's cell", i).isNotEqualTo(RegionMap.DORMANT);
            assertThat(map.regionOf(players.xs()[i], players.ys()[i])).isEqualTo(map.regionOfCell(cell));
        }
        // Every active cell is in some player's disc, and a disc is connected: at most a region per player.
        if (players.count() == 0) {
            assertThat(map.regionCount()).isZero();
        } else {
            assertThat(map.regionCount()).isBetween(1, players.count());
        }
    }

    @Property(tries = 1000)
    void shouldPutPlayersWhoseCellsAreWithinTheMergeRadiusInOneRegion(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs) {
        Players players = Players.of(world, specs);

        RegionMap map = world.regionizer().reform(players.xs(), players.ys(), players.count());

        int columns = map.columns();
        for (int i = 0; i < players.count(); i++) {
            int a = map.cellOf(players.xs()[i], players.ys()[i]);
            for (int j = i + 1; j < players.count(); j++) {
                int b = map.cellOf(players.xs()[j], players.ys()[j]);
                if (chebyshev(a, b, columns) <= world.mergeRadius()) {
                    assertThat(map.regionOfCell(a)).as("players %d and %d", i, j).isEqualTo(map.regionOfCell(b));
                }
            }
        }
    }

    @Property(tries = 500)
    void shouldNotDependOnTheOrderOrRepetitionOfThePlayers(
        @ForAll("worlds") WorldSpec world, @ForAll("players") List<PlayerSpec> specs, @ForAll long seed) {
        List<PlayerSpec> shuffled = new ArrayList<>(specs);
        Random random = new Random(seed);
        if (!specs.isEmpty()) {
            shuffled.add(specs.get(random.nextInt(specs.size())));
        }
        Collections.shuffle(shuffled, random);
        Players original = Players.of(world, specs);
        Players reordered = Players.of(world, shuffled);
        Regionizer regionizer = world.regionizer();

        RegionMap first = regionizer.reform(original.xs(), original.ys(), original.count());
        RegionMap second = regionizer.reform(reordered.xs(), reordered.ys(), reordered.count());

        assertThat(second).isNotSameAs(first);
        assertIdentical(second, first);
    }

    @Property(tries = 300)
    void shouldFormTheSameRegionsWhateverTheReformsBefore(
        @ForAll("worlds") WorldSpec world,
        @ForAll @Size(min = 1, max = 6) List<@Size(max = 40) List<@From("player") PlayerSpec>> rounds) {
        Regionizer reused = world.regionizer();
        RegionMap previous = null;
        RegionMap previousFresh = null;

        for (List<PlayerSpec> round : rounds) {
            Players players = Players.of(world, round);
            RegionMap map = reused.reform(players.xs(), players.ys(), players.count());
            RegionMap fresh = world.regionizer().reform(players.xs(), players.ys(), players.count());

            assertIdentical(map, fresh);
            if (previous != null) {
                assertIdentical(previous, previousFresh);
            }
            previous = map;
            previousFresh = fresh;
        }
    }

    @Provide
    Arbitrary<WorldSpec> worlds() {
        Arbitrary<Double> cellSizes = Arbitraries.oneOf(List.of(
            Arbitraries.of(0.1, 0.25, 1.0, 3.0, 7.5, 10.0, 32.0, 1000.0 / 3),
            Arbitraries.doubles().between(0.05, 50).ofScale(6).withDistribution(UNIFORM)));
        Arbitrary<Double> extentsInCells = Arbitraries.oneOf(List.of(
            Arbitraries.integers().between(1, 30).withDistribution(UNIFORM).map(Integer::doubleValue),
            Arbitraries.doubles().between(0.2, 30).ofScale(4).withDistribution(UNIFORM)));
        Arbitrary<Double> radiiInCells = Arbitraries.oneOf(List.of(
            Arbitraries.just(0.0),
            Arbitraries.of(0.5, 1.0, 1.5, 2.0, Math.sqrt(2), 3.0),
            Arbitraries.doubles().between(0, 2.5).ofScale(6).withDistribution(UNIFORM)));
        Arbitrary<Integer> mergeRadii = Arbitraries.integers().between(1, 3);
        return Combinators.combine(cellSizes, extentsInCells, extentsInCells, radiiInCells, mergeRadii)
            .as(WorldSpec::new);
    }

    @Provide
    Arbitrary<PlayerSpec> player() {
        Arbitrary<Coordinate> coordinates = Combinators.combine(
            Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Placement.ANYWHERE)),
                Tuple.of(4, Arbitraries.of(Placement.class))),
            Arbitraries.doubles().between(0, 1).ofScale(9).withDistribution(UNIFORM),
            Arbitraries.integers().between(0, 31).withDistribution(UNIFORM)).as(Coordinate::new);
        return Combinators.combine(coordinates, coordinates).as(PlayerSpec::new);
    }

    @Provide
    Arbitrary<List<PlayerSpec>> players() {
        return player().list().ofMaxSize(60).withSizeDistribution(UNIFORM);
    }

    /** Brute force: every cell against every player, every pair of active cells, union-find. */
    static final class Oracle {
        final int columns;
        final int rows;
        final double cellSize;
        final int mergeRadius;
        final Set<Integer> active = new TreeSet<>();

        Oracle(WorldSpec world, Players players) {
            cellSize = world.cellSize();
            mergeRadius = world.mergeRadius();
            columns = Math.max(1, (int) Math.ceil(world.width() / cellSize));
            rows = Math.max(1, (int) Math.ceil(world.height() / cellSize));
            double radius = world.radius();
            for (int row = 0; row < rows; row++) {
                for (int column = 0; column < columns; column++) {
                    for (int i = 0; i < players.count(); i++) {
                        double dx = gap(players.xs()[i], column);
                        double dy = gap(players.ys()[i], row);
                        double squared = radius * radius;
                        boolean inReach = squared >= Double.MIN_NORMAL && squared < Double.POSITIVE_INFINITY
                            ? dx * dx + dy * dy <= squared
                            : Math.hypot(dx, dy) <= radius;
                        if (inReach) {
                            active.add(row * columns + column);
                        }
                    }
                }
            }
            for (int i = 0; i < players.count(); i++) {
                active.add(cellOf(players.xs()[i], players.ys()[i]));
            }
        }

        /** Grid's documented mapping from a position to its cell. */
        int cellOf(double x, double y) {
            int column = Math.min((int) (x * (1.0 / cellSize)), columns - 1);
            int row = Math.min((int) (y * (1.0 / cellSize)), rows - 1);
            return row * columns + column;
        }

        Set<Set<Integer>> regions() {
            List<Integer> cells = new ArrayList<>(active);
            int[] parent = new int[cells.size()];
            for (int i = 0; i < parent.length; i++) {
                parent[i] = i;
            }
            for (int i = 0; i < cells.size(); i++) {
                for (int j = i + 1; j < cells.size(); j++) {
                    if (chebyshev(cells.get(i), cells.get(j), columns) <= mergeRadius) {
                        parent[find(parent, i)] = find(parent, j);
                    }
                }
            }
            Map<Integer, Set<Integer>> byRoot = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                byRoot.computeIfAbsent(find(parent, i), root -> new HashSet<>()).add(cells.get(i));
            }
            return new HashSet<>(byRoot.values());
        }

        private double gap(double metres, int index) {
            double low = index * cellSize;
            double high = (index + 1) * cellSize;
            return metres < low ? low - metres : metres > high ? metres - high : 0.0;
        }

        private static int find(int[] parent, int i) {
            int root = i;
            while (parent[root] != root) {
                root = parent[root];
            }
            return root;
        }
    }

    private static int chebyshev(int a, int b, int columns) {
        return Math.max(Math.abs(a / columns - b / columns), Math.abs(a % columns - b % columns));
    }

    private static Set<Set<Integer>> regions(RegionMap map) {
        Set<Set<Integer>> regions = new HashSet<>();
        for (int ordinal = 0; ordinal < map.regionCount(); ordinal++) {
            Set<Integer> cells = new HashSet<>();
            for (int cell : cellsOf(map, ordinal)) {
                cells.add(cell);
            }
            regions.add(cells);
        }
        return regions;
    }

    private static int[] cellsOf(RegionMap map, int ordinal) {
        IntList out = new IntList(0);
        map.appendRegionCells(ordinal, out);
        return out.toArray();
    }

    private static void assertIdentical(RegionMap actual, RegionMap expected) {
        assertThat(actual.regionCount()).isEqualTo(expected.regionCount());
        assertThat(actual.activeCellCount()).isEqualTo(expected.activeCellCount());
        for (int ordinal = 0; ordinal < expected.regionCount(); ordinal++) {
            assertThat(actual.regionId(ordinal)).isEqualTo(expected.regionId(ordinal));
            assertThat(cellsOf(actual, ordinal)).containsExactly(cellsOf(expected, ordinal));
        }
        for (int cell = 0; cell < expected.cellCount(); cell++) {
            assertThat(actual.regionOfCell(cell)).as("cell %d", cell).isEqualTo(expected.regionOfCell(cell));
        }
    }
}
