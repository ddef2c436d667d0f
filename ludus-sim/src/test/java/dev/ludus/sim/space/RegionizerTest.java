package dev.ludus.sim.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionizerTest {
    /** 100 x 100 cells of 10 m; cell (row, column) has index {@code row * 100 + column}. */
    private final Regionizer regionizer = new Regionizer(1000, 1000, 10, 15, 1);

    @Test
    void shouldFormNoRegionsAndLeaveEveryCellDormantWithoutPlayers() {
        RegionMap map = regionizer.reform(new double[0], new double[0], 0);

        assertThat(map.regionCount()).isZero();
        assertThat(map.activeCellCount()).isZero();
        assertThat(map.cellCount()).isEqualTo(10_000);
        assertThat(map.columns()).isEqualTo(100);
        assertThat(map.rows()).isEqualTo(100);
        for (int cell = 0; cell < map.cellCount(); cell++) {
            assertThat(map.regionOfCell(cell)).isEqualTo(RegionMap.DORMANT);
        }
        assertThat(map.regionOf(500, 500)).isEqualTo(RegionMap.DORMANT);
    }

    @Test
    void shouldFormOneRegionPerPlayerForTwoDistantPlayers() {
        RegionMap map = reform(regionizer, 105, 505, 805, 505);

        assertThat(map.regionCount()).isEqualTo(2);
        // R = 15 from (105, 505): row 48 ([480, 490]) is 15 m away, reached only in the player's column 10.
        assertThat(map.regionId(0)).isEqualTo(48 * 100 + 10);
        assertThat(map.regionId(1)).isEqualTo(48 * 100 + 80);
        assertThat(map.regionOf(105, 505)).isEqualTo(0);
        assertThat(map.regionOf(805, 505)).isEqualTo(1);
        assertThat(map.regionOf(500, 505)).isEqualTo(RegionMap.DORMANT);
    }

    @Test
    void shouldMergeRegionsWhenPlayersMoveTogetherAndSplitWhenTheyMoveApart() {
        RegionMap apart = reform(regionizer, 105, 505, 805, 505);
        assertThat(apart.regionCount()).isEqualTo(2);

        RegionMap together = reform(regionizer, 105, 505, 155, 505);
        assertThat(together.regionCount()).isEqualTo(1);
        assertThat(together.regionOf(105, 505)).isEqualTo(together.regionOf(155, 505)).isZero();
        assertThat(together.regionId(0)).isEqualTo(48 * 100 + 10);

        RegionMap apartAgain = reform(regionizer, 105, 505, 805, 505);
        assertThat(apartAgain.regionCount()).isEqualTo(2);
        assertThat(apartAgain.regionOf(105, 505)).isNotEqualTo(apartAgain.regionOf(805, 505));
        assertSameRegions(apartAgain, reform(new Regionizer(1000, 1000, 10, 15, 1), 105, 505, 805, 505));
    }

    @Test
    void shouldMergeRegionsWhoseCellsTouchOnlyAtACorner() {
        Regionizer touching = new Regionizer(100, 100, 10, 0, 1);

        RegionMap map = reform(touching, 55, 55, 65, 65);   // cells (5, 5) and (6, 6)

        assertThat(map.activeCellCount()).isEqualTo(2);
        assertThat(map.regionCount()).isEqualTo(1);
        assertThat(cells(map, 0)).containsExactly(55, 66);
    }

    @ParameterizedTest(name = "gap of {0} dormant columns, merge radius {1}: {2} regions")
    @CsvSource({"0, 1, 1", "1, 1, 2", "1, 2, 1", "2, 2, 2", "2, 3, 1", "3, 3, 2"})
    void shouldConnectActiveCellsAtMostTheMergeRadiusApart(int gapColumns, int mergeRadiusCells, int regions) {
        Regionizer merging = new Regionizer(200, 100, 10, 0, mergeRadiusCells);
        double secondX = 55 + 10 * (gapColumns + 1);

        RegionMap map = reform(merging, 55, 55, secondX, 55);

        assertThat(map.activeCellCount()).isEqualTo(2);
        assertThat(map.regionCount()).isEqualTo(regions);
    }

    @Test
    void shouldActivateADiscOfCellsNotASquare() {
        Regionizer disc = new Regionizer(100, 100, 10, 20, 1);

        RegionMap map = reform(disc, 55, 55);   // the centre of cell (5, 5)

        // Rows and columns 3..7 are within 15 m; the four corners of that 5 x 5 block are sqrt(450) m away.
        assertThat(map.activeCellCount()).isEqualTo(21);
        assertThat(map.regionOfCell(3 * 10 + 3)).isEqualTo(RegionMap.DORMANT);
        assertThat(map.regionOfCell(3 * 10 + 7)).isEqualTo(RegionMap.DORMANT);
        assertThat(map.regionOfCell(7 * 10 + 3)).isEqualTo(RegionMap.DORMANT);
        assertThat(map.regionOfCell(7 * 10 + 7)).isEqualTo(RegionMap.DORMANT);
        assertThat(map.regionOfCell(3 * 10 + 4)).isZero();
        assertThat(map.regionOfCell(5 * 10 + 3)).isZero();
        assertThat(map.regionOfCell(2 * 10 + 5)).isEqualTo(RegionMap.DORMANT);
        assertThat(map.regionId(0)).isEqualTo(3 * 10 + 4);
    }

    @ParameterizedTest(name = "player at ({0}, {1}) touches {2}")
    @CsvSource({
        "55, 55, 55",
        "50, 55, 54 55",
        "55, 50, 45 55",
        "50, 50, 44 45 54 55",
        "0, 0, 0",
        "100, 100, 99",
        "100, 50, 49 59",
    })
    void shouldActivateOnlyTheCellsThePlayerTouchesWithRadiusZero(double x, double y, String touched) {
        Regionizer pointlike = new Regionizer(100, 100, 10, 0, 1);

        RegionMap map = reform(pointlike, x, y);

        int[] expected = Arrays.stream(touched.split(" ")).mapToInt(Integer::parseInt).toArray();
        assertThat(map.regionCount()).isEqualTo(1);
        assertThat(cells(map, 0)).containsExactly(expected);
    }

    @Test
    void shouldActivateThePlayersOwnCellEvenWhenRoundingPutsItOutsideTheRectangle() {
        Regionizer fine = new Regionizer(1, 1, 0.1, 0, 1);
        // 0.3 * (1 / 0.1) rounds to 3.0, so the grid puts x = 0.3 in column 3, whose west edge 3 * 0.1
        // rounds to 0.30000000000000004: the player is 5.6e-17 m outside its own cell's rectangle.
        assertThat(3 * 0.1).isGreaterThan(0.3);

        RegionMap map = reform(fine, 0.3, 0.05);

        assertThat(map.cellOf(0.3, 0.05)).isEqualTo(3);
        assertThat(map.regionOf(0.3, 0.05)).isZero();
        assertThat(cells(map, 0)).containsExactly(2, 3);
    }

    @Test
    void shouldAcceptPlayersOnTheFarEdgesOfAWorldThatIsNotAWholeNumberOfCells() {
        Regionizer ragged = new Regionizer(95, 42, 10, 0, 1);   // 10 x 5 cells, the last ones partly outside

        RegionMap map = reform(ragged, 95, 42, 0, 42, 95, 0);

        assertThat(map.cellCount()).isEqualTo(50);
        assertThat(map.cellOf(95, 42)).isEqualTo(49);
        assertThat(map.cellOf(0, 42)).isEqualTo(40);
        assertThat(map.cellOf(95, 0)).isEqualTo(9);
        assertThat(map.regionCount()).isEqualTo(3);
        assertThat(map.regionOf(95, 42)).isEqualTo(2);
        assertThat(map.regionOf(0, 42)).isEqualTo(1);
        assertThat(map.regionOf(95, 0)).isZero();
    }

    @Test
    void shouldActivateEveryCellWithAnActivityRadiusSpanningTheWorld() {
        Regionizer wide = new Regionizer(1000, 1000, 10, 1e300, 1);

        RegionMap map = reform(wide, 0, 0);

        assertThat(map.activeCellCount()).isEqualTo(map.cellCount());
        assertThat(map.regionCount()).isEqualTo(1);
        assertThat(map.regionCellCount(0)).isEqualTo(10_000);
        assertThat(map.regionId(0)).isZero();
    }

    @Test
    void shouldMeasureTinyRadiiExactlyWhereTheirSquaresUnderflow() {
        // Ten columns of 1e-180 m; the player stands 1e-190 m east of the edge between columns 0 and 1.
        double x = 1e-180 + 1e-190;
        double y = 5.5e-180;
        Regionizer tinier = new Regionizer(1e-179, 1e-179, 1e-180, 1e-200, 1);
        Regionizer tiny = new Regionizer(1e-179, 1e-179, 1e-180, 1e-189, 1);

        // Squared, 1e-190 and 1e-200 both underflow to 0 and would compare equal.
        assertThat(cells(reform(tinier, x, y), 0)).containsExactly(51);
        assertThat(cells(reform(tiny, x, y), 0)).containsExactly(50, 51);
    }

    @Test
    void shouldJoinEveryActiveCellWithAMergeRadiusBeyondTheWorld() {
        Regionizer merging = new Regionizer(1000, 500, 10, 0, Integer.MAX_VALUE);

        RegionMap map = reform(merging, 0, 0, 1000, 500, 500, 250);

        assertThat(map.activeCellCount()).isEqualTo(6);   // (500, 250) touches four cells
        assertThat(map.regionCount()).isEqualTo(1);
        assertThat(cells(map, 0)).containsExactly(0, 24 * 100 + 49, 24 * 100 + 50, 25 * 100 + 49, 25 * 100 + 50,
            49 * 100 + 99);
    }

    @Test
    void shouldOrderRegionsByTheirSmallestCellWhereverTheirPlayersAre() {
        Regionizer pointlike = new Regionizer(100, 100, 10, 0, 1);

        // Players given from the highest cell down: cells 99, 29, 18, 7 (a diagonal chain) and 3.
        RegionMap map = reform(pointlike, 95, 95, 95, 25, 85, 15, 75, 5, 35, 5);

        assertThat(map.regionCount()).isEqualTo(3);
        assertThat(map.regionId(0)).isEqualTo(3);
        assertThat(map.regionId(1)).isEqualTo(7);
        assertThat(map.regionId(2)).isEqualTo(99);
        assertThat(cells(map, 1)).containsExactly(7, 18, 29);
        for (int ordinal = 0; ordinal < map.regionCount(); ordinal++) {
            assertThat(map.regionOfCell(map.regionId(ordinal))).isEqualTo(ordinal);
        }
    }

    @Test
    void shouldGiveARegionsCellsInIncreasingOrderWithoutCopying() {
        Regionizer disc = new Regionizer(100, 100, 10, 10, 1);
        RegionMap map = reform(disc, 55, 55);
        IntList out = new IntList(0);
        out.add(-7);

        int appended = map.appendRegionCells(0, out);

        int[] expected = {44, 45, 46, 54, 55, 56, 64, 65, 66};
        assertThat(appended).isEqualTo(9).isEqualTo(map.regionCellCount(0));
        assertThat(out.toArray()).startsWith(-7).endsWith(expected).hasSize(10);
        for (int i = 0; i < expected.length; i++) {
            assertThat(map.regionCell(0, i)).isEqualTo(expected[i]);
        }
    }

    @Test
    void shouldKeepThePreviousMapUnchangedThroughTheNextReformAndRefillItTheOneAfter() {
        RegionMap first = reform(regionizer, 105, 505);
        assertThat(first.generation()).isEqualTo(1);
        List<Integer> firstCells = cellList(first, 0);

        RegionMap second = reform(regionizer, 805, 805, 105, 105);

        assertThat(second).isNotSameAs(first);
        assertThat(second.generation()).isEqualTo(2);
        assertThat(first.generation()).isEqualTo(1);
        assertThat(first.regionCount()).isEqualTo(1);
        assertThat(cellList(first, 0)).isEqualTo(firstCells);
        assertThat(second.regionCount()).isEqualTo(2);

        RegionMap third = reform(regionizer);

        assertThat(third).isSameAs(first);
        assertThat(third.generation()).isEqualTo(3);
        assertThat(third.regionCount()).isZero();
        assertThat(third.regionOf(105, 505)).isEqualTo(RegionMap.DORMANT);
        assertThat(second.regionCount()).isEqualTo(2);
    }

    @Test
    void shouldAllocateNothingOnceItsArraysHaveGrown() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Regionizer warm = new Regionizer(4000, 4000, 32, 100, 1);
        SplittableRandom random = new SplittableRandom(42);
        double[] xs = new double[500];
        double[] ys = new double[500];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = random.nextDouble(4000);
            ys[i] = random.nextDouble(4000);
        }
        for (int i = 0; i < 20; i++) {
            warm.reform(xs, ys, xs.length);
        }
        long threadId = Thread.currentThread().threadId();

        long before = threads.getThreadAllocatedBytes(threadId);
        int regions = 0;
        for (int i = 0; i < 100; i++) {
            regions += warm.reform(xs, ys, xs.length - i % 2).regionCount();
        }
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(regions).isPositive();
        assertThat(allocated).as("bytes allocated by 100 warm reforms").isLessThan(1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "widthMetres : 0.0 (expected: finite and > 0)           | 0   | 10  | 1    | 0    | 1",
        "widthMetres : NaN (expected: finite and > 0)           | NaN | 10  | 1    | 0    | 1",
        "heightMetres : -1.0 (expected: finite and > 0)         | 10  | -1  | 1    | 0    | 1",
        "heightMetres : Infinity (expected: finite and > 0)     | 10  | Infinity | 1 | 0   | 1",
        "cellSizeMetres : 0.0 (expected: finite and > 0)        | 10  | 10  | 0    | 0    | 1",
        "activityRadiusMetres : -1.0 (expected: finite and >= 0) | 10 | 10  | 1    | -1   | 1",
        "activityRadiusMetres : NaN (expected: finite and >= 0) | 10  | 10  | 1    | NaN  | 1",
        "activityRadiusMetres : Infinity (expected: finite and >= 0) | 10 | 10 | 1 | Infinity | 1",
        "mergeRadiusCells : 0 (expected: >= 1)                  | 10  | 10  | 1    | 0    | 0",
        "mergeRadiusCells : -3 (expected: >= 1)                 | 10  | 10  | 1    | 0    | -3",
        "cells : 10000000000 (expected: fewer; raise cellSizeMetres) | 100000 | 100000 | 1 | 0 | 1",
    })
    void shouldRejectConstructorArgumentsOutsideTheirRange(String message, double width, double height,
                                                           double cellSize, double radius, int merge) {
        assertThatThrownBy(() -> new Regionizer(width, height, cellSize, radius, merge))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
    }

    @Test
    void shouldRejectBadPlayerArgumentsAndChangeNothing() {
        RegionMap before = reform(regionizer, 105, 505);

        assertThatThrownBy(() -> regionizer.reform(null, new double[1], 0))
            .isInstanceOf(NullPointerException.class).hasMessage("playerXMetres");
        assertThatThrownBy(() -> regionizer.reform(new double[1], null, 0))
            .isInstanceOf(NullPointerException.class).hasMessage("playerYMetres");
        assertThatThrownBy(() -> regionizer.reform(new double[3], new double[2], 3))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("playerCount : 3 (expected: 0 <= playerCount <= 2, the shorter array's length)");
        assertThatThrownBy(() -> regionizer.reform(new double[3], new double[2], -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("playerCount : -1 ");
        assertThatThrownBy(() -> regionizer.reform(new double[] {5, 1000.5}, new double[] {5, 5}, 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("player 1 : (1000.5, 5.0) (expected: inside [0, 1000.0] x [0, 1000.0])");
        assertThatThrownBy(() -> regionizer.reform(new double[] {5, 5}, new double[] {Double.NaN, 5}, 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("player 0 : (5.0, NaN)");
        assertThatThrownBy(() -> regionizer.reform(new double[] {-0.5}, new double[] {5}, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("player 0 : (-0.5, 5.0)");

        assertThat(before.generation()).isEqualTo(1);
        assertThat(before.regionOf(105, 505)).isZero();
        RegionMap after = reform(regionizer, 805, 505);
        assertThat(after).isNotSameAs(before);
        assertThat(after.generation()).isEqualTo(2);
        assertThat(before.regionOf(105, 505)).isZero();
    }

    @Test
    void shouldIgnorePlayersBeyondTheCount() {
        RegionMap map = regionizer.reform(new double[] {105, 805}, new double[] {505, 505, 9999}, 1);

        assertThat(map.regionCount()).isEqualTo(1);
        assertThat(map.regionOf(805, 505)).isEqualTo(RegionMap.DORMANT);
    }

    @ParameterizedTest(name = "({0}, {1})")
    @CsvSource({"-0.001, 5", "5, -0.001", "1000.001, 5", "5, 1000.001", "NaN, 5", "5, NaN", "Infinity, 5",
        "-Infinity, 5"})
    void shouldRejectQueryPositionsOutsideTheWorld(double x, double y) {
        RegionMap map = reform(regionizer, 105, 505);

        assertThatThrownBy(() -> map.regionOf(x, y))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("position : (")
            .hasMessageEndingWith("(expected: inside [0, 1000.0] x [0, 1000.0])");
        assertThatThrownBy(() -> map.cellOf(x, y)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectCellsAndOrdinalsOutsideTheMap() {
        RegionMap map = reform(regionizer, 105, 505);
        int size = map.regionCellCount(0);

        assertThatThrownBy(() -> map.regionOfCell(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionOfCell(10_000)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionId(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionId(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionCellCount(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionCell(1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionCell(0, size)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.regionCell(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.appendRegionCells(1, new IntList(0)))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRejectOrdinalsOfRegionsThatAnEarlierFillHadButThisOneHasNot() {
        reform(regionizer, 105, 505, 805, 505);
        reform(regionizer, 105, 505, 805, 505);
        RegionMap refilled = reform(regionizer, 105, 505);

        assertThat(refilled.regionCount()).isEqualTo(1);
        assertThatThrownBy(() -> refilled.regionId(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldSummariseItselfForLogs() {
        RegionMap map = reform(regionizer, 105, 505, 805, 505);

        assertThat(map).hasToString("RegionMap[generation=1, regions=2, activeCells=" + map.activeCellCount()
            + "/10000]");
    }

    /** Reforms from {@code x0, y0, x1, y1, ...}. */
    private static RegionMap reform(Regionizer regionizer, double... coordinates) {
        int players = coordinates.length / 2;
        double[] xs = new double[players];
        double[] ys = new double[players];
        for (int i = 0; i < players; i++) {
            xs[i] = coordinates[2 * i];
            ys[i] = coordinates[2 * i + 1];
        }
        return regionizer.reform(xs, ys, players);
    }

    private static int[] cells(RegionMap map, int ordinal) {
        IntList out = new IntList(0);
        map.appendRegionCells(ordinal, out);
        return out.toArray();
    }

    private static List<Integer> cellList(RegionMap map, int ordinal) {
        List<Integer> list = new ArrayList<>();
        for (int cell : cells(map, ordinal)) {
            list.add(cell);
        }
        return list;
    }

    private static void assertSameRegions(RegionMap actual, RegionMap expected) {
        assertThat(actual.regionCount()).isEqualTo(expected.regionCount());
        assertThat(actual.activeCellCount()).isEqualTo(expected.activeCellCount());
        for (int ordinal = 0; ordinal < expected.regionCount(); ordinal++) {
            assertThat(cells(actual, ordinal)).containsExactly(cells(expected, ordinal));
        }
        for (int cell = 0; cell < expected.cellCount(); cell++) {
            assertThat(actual.regionOfCell(cell)).isEqualTo(expected.regionOfCell(cell));
        }
    }
}
