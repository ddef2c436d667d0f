package dev.ludus.sim.space;

import java.util.Arrays;
import java.util.Objects;

/**
 * Groups a world's cells into independent regions from the players' positions, between ticks, so
 * that regions can tick in parallel (DESIGN.md §2-§3). After Folia's regionizer
 * (https://docs.papermc.io/folia/reference/region-logic): every cell is owned by at most one region,
 * any two active cells within the merge radius of each other are owned by the same region (Folia's
 * second invariant), and regions merge and split only at tick boundaries. Unlike Folia, which
 * maintains regions incrementally and splits them lazily, a reform recomputes them from scratch, so
 * the result is a pure function of the set of player positions: deterministic, and independent of
 * history and of the order the players are given in.
 *
 * <p>The rules, with {@code c = cellSizeMetres}, {@code R = activityRadiusMetres},
 * {@code m = mergeRadiusCells}:
 * <ul>
 *   <li><b>Cells</b> are {@link Grid}'s (see {@link RegionMap}). Cell {@code (row, column)} covers
 *       the closed rectangle {@code [column * c, (column + 1) * c] x [row * c, (row + 1) * c]},
 *       computed in {@code double}; the last column and row may reach past the world's edge.</li>
 *   <li>A cell is <b>active</b> when its rectangle is within distance {@code R} of some player:
 *       with {@code dx}, {@code dy} the gaps from the player to the rectangle along each axis (0
 *       when the player is within its extent on that axis), {@code dx * dx + dy * dy <= R * R}
 *       (or {@code Math.hypot(dx, dy) <= R} when {@code R * R} is not a normal double). The active
 *       cells around one player form a disc, not a square, and {@code R = 0} activates the cells that
 *       touch the player (up to four when it stands on a corner). A player's own cell, the one
 *       {@link RegionMap#cellOf} maps it to, is always active, even where rounding would put the
 *       player a hair outside that rectangle. Other cells are <b>dormant</b>.</li>
 *   <li>Two active cells are <b>connected</b> when their Chebyshev distance in cells,
 *       {@code max(|row1 - row2|, |column1 - column2|)}, is at most {@code m}; a <b>region</b> is a
 *       connected component of active cells. Two entities in active cells at most {@code L} metres
 *       apart are in cells at most {@code ceil(L / c)} apart, so with {@code m >= ceil(L / c)} for
 *       the farthest distance {@code L} one tick of interaction spans, entities that can interact
 *       within a tick are always in one region and tick on one thread.</li>
 * </ul>
 *
 * <p>How: each player's disc is marked in a bit set of cells; the active cells, read from it in
 * increasing order, are cut into <em>segments</em> (runs along one row whose consecutive cells are at
 * most {@code m} columns apart, so connected); segments in rows at most {@code m} apart whose column
 * spans come within {@code m} of each other are joined by union-find; regions are numbered in order
 * of their first segment, which holds their smallest cell. Cost of one reform: time proportional to
 * the cells of every player's disc (about {@code pi (R + c)^2 / c^2} each), plus {@code cellCount /
 * 64} words of the bit set, plus the active cells, plus {@code rows * m} row pairs. Memory: 8 bytes
 * per cell for the two maps' cell-to-region arrays, 8 per column and 4 per row, plus 44 bytes per
 * active cell of the largest active set so far (with up to half again of headroom) for working and
 * result arrays, grown when a reform needs more and then reused, so a reform no larger than an
 * earlier one allocates nothing.
 *
 * <p>Not thread-safe: one thread at a time calls {@link #reform} (the tick driver, or a worker it
 * hands the reform to with a happens-before edge each way). The maps it returns are read by region
 * threads under the rules in {@link RegionMap}.
 */
public final class Regionizer {
    private final CellLayout layout;
    private final double activityRadiusMetres;
    private final double activityRadiusSquared;
    /** Whether {@code R * R} is a normal double, so squared distances compare exactly enough. */
    private final boolean squaresExact;
    /** The merge radius, capped at the grid's larger side: beyond it every active cell connects anyway. */
    private final int mergeReach;
    private final RegionMap[] maps = new RegionMap[2];
    /** One bit per cell, set when the cell is active in the reform under way. */
    private final long[] activeBits;
    /** Per column, its gap along x from the player whose disc is being marked. */
    private final double[] columnGap;
    /** Per row, the index of its first segment; entry {@code rows} is the segment count. */
    private final int[] rowSegments;

    /** The active cells in increasing order. */
    private int[] sortedActive = new int[0];
    /** Per segment: first and last column, and the index in {@link #sortedActive} of its first cell. */
    private int[] segmentFirstColumn = new int[0];
    private int[] segmentLastColumn = new int[0];
    private int[] segmentStart = new int[1];
    /** Union-find over segments; a root is the smallest segment of its set. */
    private int[] parent = new int[0];
    /** Per segment, the ordinal of its region. */
    private int[] segmentRegion = new int[0];
    /** Per region, the next free place in the map's grouped-cells array. */
    private int[] cursor = new int[0];
    private int nextMap;
    private long reforms;

    /**
     * @param widthMetres          world extent along x, finite and {@code > 0}
     * @param heightMetres         world extent along y, finite and {@code > 0}
     * @param cellSizeMetres       side of a cell, finite and {@code > 0}; the same value as the world's
     *                             {@link Grid} so that cell indexes agree
     * @param activityRadiusMetres how far from a player cells are active, finite and {@code >= 0}
     * @param mergeRadiusCells     how many cells apart two active cells may be and still share a
     *                             region, {@code >= 1} (1: touching cells, diagonals included); meant
     *                             to be small, as a reform's cost grows with it
     * @throws IllegalArgumentException when a value is outside its range, naming it, or the world
     *     would have more than {@code Integer.MAX_VALUE - 8} cells
     */
    public Regionizer(double widthMetres, double heightMetres, double cellSizeMetres, double activityRadiusMetres,
                      int mergeRadiusCells) {
        this.layout = new CellLayout(widthMetres, heightMetres, cellSizeMetres);
        if (!(activityRadiusMetres >= 0) || !Double.isFinite(activityRadiusMetres)) {
            throw new IllegalArgumentException("activityRadiusMetres : " + activityRadiusMetres
                + " (expected: finite and >= 0)");
        }
        if (mergeRadiusCells < 1) {
            throw new IllegalArgumentException("mergeRadiusCells : " + mergeRadiusCells + " (expected: >= 1)");
        }
        this.activityRadiusMetres = activityRadiusMetres;
        this.activityRadiusSquared = activityRadiusMetres * activityRadiusMetres;
        // Squares lose the comparison below ~1e-154 m and beyond ~1e154 m; hypot is exact there, and slow.
        this.squaresExact = activityRadiusSquared >= Double.MIN_NORMAL
            && activityRadiusSquared < Double.POSITIVE_INFINITY;
        this.mergeReach = Math.min(mergeRadiusCells, Math.max(layout.columns, layout.rows));
        this.activeBits = new long[(layout.cellCount + 63) >>> 6];
        this.columnGap = new double[layout.columns];
        this.rowSegments = new int[layout.rows + 1];
        this.maps[0] = new RegionMap(layout);
        this.maps[1] = new RegionMap(layout);
    }

    /**
     * Re-forms the regions from the players' current positions (see the class comment for the
     * rules). The returned map is one of this regionizer's two maps, refilled: it stays valid through
     * the next reform and is refilled by the one after (see {@link RegionMap}). When this method
     * throws, it has changed nothing.
     *
     * @param playerXMetres x of each player, metres; entries {@code [0, playerCount)} are read
     * @param playerYMetres y of each player, metres; same indexing
     * @param playerCount   {@code 0 <= playerCount <= min(playerXMetres.length, playerYMetres.length)};
     *                      positions may repeat, and their order does not change the result
     * @return the regions; with no players, none, and every cell dormant
     * @throws NullPointerException     when an array is null
     * @throws IllegalArgumentException when the count is out of range, or a position is outside
     *     {@code [0, width] x [0, height]} or not finite (the message names the player's index)
     */
    public RegionMap reform(double[] playerXMetres, double[] playerYMetres, int playerCount) {
        Objects.requireNonNull(playerXMetres, "playerXMetres");
        Objects.requireNonNull(playerYMetres, "playerYMetres");
        int limit = Math.min(playerXMetres.length, playerYMetres.length);
        if (playerCount < 0 || playerCount > limit) {
            throw new IllegalArgumentException("playerCount : " + playerCount
                + " (expected: 0 <= playerCount <= " + limit + ", the shorter array's length)");
        }
        for (int i = 0; i < playerCount; i++) {
            if (!layout.contains(playerXMetres[i], playerYMetres[i])) {
                throw layout.outside("player " + i, playerXMetres[i], playerYMetres[i]);
            }
        }

        Arrays.fill(activeBits, 0L);
        for (int i = 0; i < playerCount; i++) {
            activateDisc(playerXMetres[i], playerYMetres[i]);
        }
        int activeCount = collectActiveCells();
        int segmentCount = cutSegments(activeCount);
        joinSegments();

        RegionMap map = maps[nextMap];
        map.reserve(activeCount);
        int[] regionOfCell = map.beginRefill();
        int[] regionStart = map.regionStartBuffer();
        int regionCount = numberRegions(segmentCount, regionStart);
        fillRegions(segmentCount, regionCount, regionOfCell, regionStart, map.cellsBuffer());
        map.endRefill(regionCount, activeCount, ++reforms, activeBits);
        nextMap ^= 1;
        return map;
    }

    /**
     * Activates the cells within the activity radius of one player. The gap to a column (or row) is
     * smallest near the player's own and grows monotonically away from it, in floating point too, so
     * walking outwards and stopping at the first column (row) that fails visits exactly the cells
     * that pass, plus one per direction. Rounding can put the player's own column one off the column
     * of smallest gap, so each walk starts one step beside it rather than at it. The columns in reach
     * at all (with no gap along y) bound every row's walk and have their gaps computed once.
     */
    private void activateDisc(double xMetres, double yMetres) {
        int column = layout.column(xMetres);
        int row = layout.row(yMetres);
        columnGap[column] = gap(xMetres, column);
        int west = column;
        while (west > 0) {
            double dx = gap(xMetres, west - 1);
            if (!inReach(dx, 0)) {
                break;
            }
            columnGap[--west] = dx;
        }
        int east = column;
        while (east < layout.columns - 1) {
            double dx = gap(xMetres, east + 1);
            if (!inReach(dx, 0)) {
                break;
            }
            columnGap[++east] = dx;
        }
        activateRow(row, gap(yMetres, row), column, west, east);
        int below = row - 1;
        while (below >= 0 && activateRow(below, gap(yMetres, below), column, west, east)) {
            below--;
        }
        int above = row + 1;
        while (above < layout.rows && activateRow(above, gap(yMetres, above), column, west, east)) {
            above++;
        }
        activate(row * layout.columns + column);
    }

    /** Activates the cells of one row within reach, among columns {@code [west, east]}; returns whether any. */
    private boolean activateRow(int row, double dy, int playerColumn, int west, int east) {
        int rowStart = row * layout.columns;
        boolean any = false;
        if (inReach(columnGap[playerColumn], dy)) {
            activate(rowStart + playerColumn);
            any = true;
        }
        for (int c = playerColumn - 1; c >= west && inReach(columnGap[c], dy); c--) {
            activate(rowStart + c);
            any = true;
        }
        for (int c = playerColumn + 1; c <= east && inReach(columnGap[c], dy); c++) {
            activate(rowStart + c);
            any = true;
        }
        return any;
    }

    /** The distance along one axis from a coordinate to the closed extent of cell {@code index}. */
    private double gap(double metres, int index) {
        double low = index * layout.cellSizeMetres;
        double high = (index + 1) * layout.cellSizeMetres;
        return metres < low ? low - metres : metres > high ? metres - high : 0.0;
    }

    private boolean inReach(double dx, double dy) {
        return squaresExact
            ? dx * dx + dy * dy <= activityRadiusSquared
            : Math.hypot(dx, dy) <= activityRadiusMetres;
    }

    private void activate(int cell) {
        activeBits[cell >>> 6] |= 1L << cell;
    }

    /** Lists the active cells in increasing order into {@link #sortedActive}; returns how many. */
    private int collectActiveCells() {
        int count = 0;
        for (long word : activeBits) {
            count += Long.bitCount(word);
        }
        reserveScratch(count);
        int n = 0;
        for (int w = 0; w < activeBits.length; w++) {
            for (long bits = activeBits[w]; bits != 0; bits &= bits - 1) {
                sortedActive[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
            }
        }
        return count;
    }

    /** Grows the working arrays to hold {@code activeCount} cells, and as many segments and regions. */
    private void reserveScratch(int activeCount) {
        if (sortedActive.length < activeCount) {
            int capacity = RegionMap.grown(sortedActive.length, activeCount);
            sortedActive = new int[capacity];
            segmentFirstColumn = new int[capacity];
            segmentLastColumn = new int[capacity];
            segmentStart = new int[capacity + 1];
            parent = new int[capacity];
            segmentRegion = new int[capacity];
            cursor = new int[capacity];
        }
    }

    /**
     * Cuts the sorted active cells into segments: maximal runs along one row whose consecutive cells
     * are at most the merge radius apart, hence all in one region. Fills {@link #rowSegments}.
     *
     * @return the number of segments
     */
    private int cutSegments(int activeCount) {
        int columns = layout.columns;
        int segments = 0;
        int row = -1;
        int rowStart = -columns;   // so that the first cell starts a new row
        for (int i = 0; i < activeCount; i++) {
            int cell = sortedActive[i];
            int column = cell - rowStart;
            if (column >= columns) {
                int cellRow = cell / columns;
                while (row < cellRow) {
                    rowSegments[++row] = segments;
                }
                rowStart = cellRow * columns;
                column = cell - rowStart;
            } else if (column - segmentLastColumn[segments - 1] <= mergeReach) {
                segmentLastColumn[segments - 1] = column;
                continue;
            }
            segmentFirstColumn[segments] = column;
            segmentLastColumn[segments] = column;
            segmentStart[segments] = i;
            parent[segments] = segments;
            segments++;
        }
        while (row < layout.rows) {
            rowSegments[++row] = segments;
        }
        segmentStart[segments] = activeCount;
        return segments;
    }

    /**
     * Joins the segments of rows at most the merge radius apart whose column spans come within the
     * merge radius of each other. Widened by half the radius on each side, the segments of one row
     * stay disjoint and two segments are joined exactly when their widened spans overlap, so a sweep
     * over both rows in column order that always steps past the span ending first finds every pair.
     */
    private void joinSegments() {
        int rows = layout.rows;
        for (int row = 0; row < rows; row++) {
            int firstA = rowSegments[row];
            int endA = rowSegments[row + 1];
            if (firstA == endA) {
                continue;
            }
            int lastRow = (int) Math.min(rows - 1L, (long) row + mergeReach);
            for (int other = row + 1; other <= lastRow; other++) {
                int a = firstA;
                int b = rowSegments[other];
                int endB = rowSegments[other + 1];
                while (a < endA && b < endB) {
                    if (segmentFirstColumn[b] - segmentLastColumn[a] <= mergeReach
                        && segmentFirstColumn[a] - segmentLastColumn[b] <= mergeReach) {
                        union(a, b);
                    }
                    if (segmentLastColumn[a] < segmentLastColumn[b]) {
                        a++;
                    } else {
                        b++;
                    }
                }
            }
        }
    }

    private int find(int segment) {
        int s = segment;
        while (parent[s] != s) {
            parent[s] = parent[parent[s]];
            s = parent[s];
        }
        return s;
    }

    /** Links the larger root under the smaller, so every set's root is its first segment. */
    private void union(int a, int b) {
        int rootA = find(a);
        int rootB = find(b);
        if (rootA < rootB) {
            parent[rootB] = rootA;
        } else {
            parent[rootA] = rootB;
        }
    }

    /**
     * Numbers the regions in order of their first segment, which holds their smallest cell (segments
     * are in increasing cell order), so ordinals follow ids; writes each region's start in the grouped
     * cells array.
     *
     * @return the number of regions
     */
    private int numberRegions(int segmentCount, int[] regionStart) {
        int regions = 0;
        for (int s = 0; s < segmentCount; s++) {
            int root = find(s);
            int region;
            if (root == s) {
                region = regions++;
                regionStart[regions] = 0;
            } else {
                region = segmentRegion[root];
            }
            segmentRegion[s] = region;
            regionStart[region + 1] += segmentStart[s + 1] - segmentStart[s];
        }
        regionStart[0] = 0;
        for (int k = 0; k < regions; k++) {
            regionStart[k + 1] += regionStart[k];
        }
        return regions;
    }

    /**
     * Labels every active cell with its region and writes the cells grouped by region: segments in
     * increasing cell order, each region's cells are appended in increasing order too.
     */
    private void fillRegions(int segmentCount, int regionCount, int[] regionOfCell, int[] regionStart,
                             int[] cells) {
        System.arraycopy(regionStart, 0, cursor, 0, regionCount);
        for (int s = 0; s < segmentCount; s++) {
            int region = segmentRegion[s];
            int place = cursor[region];
            for (int i = segmentStart[s]; i < segmentStart[s + 1]; i++) {
                int cell = sortedActive[i];
                regionOfCell[cell] = region;
                cells[place++] = cell;
            }
            cursor[region] = place;
        }
    }
}
