package dev.ludus.sim.space;

import java.util.Arrays;
import java.util.Objects;

/**
 * The regions of a world at one tick boundary, as formed by {@link Regionizer#reform}: which cells
 * are active, how the active cells group into regions, and which region a cell or position is in.
 *
 * <p><b>Cells</b> are {@link Grid}'s: squares of side {@code cellSizeMetres}, {@link #columns()} by
 * {@link #rows()}, cell index {@code row * columns + column} in {@code [0, cellCount())}. A cell is
 * either <em>active</em> (in exactly one region) or <em>dormant</em> (in none, {@link #DORMANT}).
 *
 * <p><b>Regions</b> have two names. Their <em>ordinal</em> is their position in this map,
 * {@code 0 <= ordinal < regionCount()}, convenient as an array index for per-region work this tick.
 * Their <em>id</em> ({@link #regionId}) is the smallest cell index they contain; it depends only on
 * the set of active cells, so the same player positions give the same ids on every run and every
 * machine. Ordinals are assigned in increasing id order, so ticking regions "in id order" (DESIGN.md
 * §2, deterministic mode) is ticking them by ordinal. Since a region's id is one of its own cells,
 * {@code regionOfCell(regionId(k)) == k}. An id changes from one reform to the next whenever its
 * region's smallest cell does (players move, regions merge or split); compare maps cell by cell to
 * follow a region.
 *
 * <p><b>Lifetime.</b> A {@link Regionizer} owns two maps and fills them in turn: the map returned by
 * one reform is left untouched by the next reform and is refilled by the one after. The tick driver
 * can therefore hold the previous and the current map side by side while it moves entities between
 * regions, and must make sure no thread reads a map after the second reform following the one that
 * returned it. {@link #generation()} tells a holder whether the map has been refilled since.
 *
 * <p><b>Thread-safety.</b> From the reform that fills it until it is refilled, a map is never
 * written, so any number of region threads may read it concurrently without locks. It is not immutable: it must reach those threads through a
 * happens-before edge after the reform that filled it, which the tick driver's hand-off to its
 * workers provides ({@code ExecutorService.submit}, {@code Phaser}, {@code CountDownLatch}, thread
 * start), and those reads must end (the driver joins its workers) before the map is refilled.
 * Methods allocate nothing except {@link #toString()} and the growth of a caller's {@link IntList}.
 */
public final class RegionMap {
    /** What {@link #regionOfCell} and {@link #regionOf} return for a dormant cell. */
    public static final int DORMANT = -1;

    private final CellLayout layout;
    /** Region ordinal of every cell, or {@link #DORMANT}; length {@code cellCount}. */
    private final int[] regionOfCell;
    /** One bit per cell, set when it is active: 1/32 of {@link #regionOfCell}'s size, so it stays in cache. */
    private final long[] activeBits;
    /** The active cells grouped by region ordinal, ascending within each region. */
    private int[] cells = new int[0];
    /** Region {@code k}'s cells are {@code cells[regionStart[k] .. regionStart[k + 1])}. */
    private int[] regionStart = new int[1];
    private int regionCount;
    private int activeCellCount;
    private long generation;

    RegionMap(CellLayout layout) {
        this.layout = layout;
        this.regionOfCell = new int[layout.cellCount];
        this.activeBits = new long[(layout.cellCount + 63) >>> 6];
        Arrays.fill(regionOfCell, DORMANT);
    }

    /**
     * @return the number of the reform that filled this map: 1 for the first reform of its
     *     {@link Regionizer}, counting up by one per reform; a holder that noted it can tell whether
     *     the map has since been refilled
     */
    public long generation() {
        return generation;
    }

    /** @return the number of cells in the world, active or dormant; {@code columns() * rows()} */
    public int cellCount() {
        return layout.cellCount;
    }

    /** @return cells along x: {@code max(1, ceil(width / cellSize))}, as {@link Grid} */
    public int columns() {
        return layout.columns;
    }

    /** @return cells along y: {@code max(1, ceil(height / cellSize))}, as {@link Grid} */
    public int rows() {
        return layout.rows;
    }

    /** @return the number of active cells, {@code 0 <= n <= cellCount()}; the sum of all region sizes */
    public int activeCellCount() {
        return activeCellCount;
    }

    /** @return the number of regions, {@code 0 <= n <= activeCellCount()}; 0 when no player is in the world */
    public int regionCount() {
        return regionCount;
    }

    /**
     * @param ordinal {@code 0 <= ordinal < regionCount()}
     * @return the region's id: its smallest cell index; strictly increasing with the ordinal
     * @throws IndexOutOfBoundsException when the ordinal is outside that range
     */
    public int regionId(int ordinal) {
        Objects.checkIndex(ordinal, regionCount);
        return cells[regionStart[ordinal]];
    }

    /**
     * @param ordinal {@code 0 <= ordinal < regionCount()}
     * @return the number of cells in the region, {@code >= 1}
     * @throws IndexOutOfBoundsException when the ordinal is outside that range
     */
    public int regionCellCount(int ordinal) {
        Objects.checkIndex(ordinal, regionCount);
        return regionStart[ordinal + 1] - regionStart[ordinal];
    }

    /**
     * One cell of a region, without copying: iterate {@code index} over
     * {@code [0, regionCellCount(ordinal))} to read the region's cells in increasing order.
     *
     * @param ordinal {@code 0 <= ordinal < regionCount()}
     * @param index   {@code 0 <= index < regionCellCount(ordinal)}
     * @return the region's cell of that rank; index 0 is the region's id
     * @throws IndexOutOfBoundsException when the ordinal or the index is outside its range
     */
    public int regionCell(int ordinal, int index) {
        int start = regionStart[Objects.checkIndex(ordinal, regionCount)];
        Objects.checkIndex(index, regionStart[ordinal + 1] - start);
        return cells[start + index];
    }

    /**
     * Appends a region's cells, in increasing order, to {@code out} (which is not cleared first).
     *
     * @param ordinal {@code 0 <= ordinal < regionCount()}
     * @param out     receives the cells
     * @return the number of cells appended, {@code regionCellCount(ordinal)}
     * @throws IndexOutOfBoundsException when the ordinal is outside that range
     */
    public int appendRegionCells(int ordinal, IntList out) {
        Objects.checkIndex(ordinal, regionCount);
        int start = regionStart[ordinal];
        int end = regionStart[ordinal + 1];
        for (int i = start; i < end; i++) {
            out.add(cells[i]);
        }
        return end - start;
    }

    /**
     * Whether a cell is in some region; cheaper than {@link #regionOfCell} in loops over many cells
     * or entities, since it reads a bit set 32 times smaller than the cell-to-region array.
     *
     * @param cell {@code 0 <= cell < cellCount()}
     * @return whether the cell is active
     * @throws IndexOutOfBoundsException when the cell is outside that range
     */
    public boolean isActive(int cell) {
        Objects.checkIndex(cell, layout.cellCount);
        return (activeBits[cell >>> 6] & (1L << cell)) != 0;
    }

    /**
     * @param cell {@code 0 <= cell < cellCount()}
     * @return the ordinal of the region the cell is in, or {@link #DORMANT} ({@code -1})
     * @throws IndexOutOfBoundsException when the cell is outside that range
     */
    public int regionOfCell(int cell) {
        return regionOfCell[Objects.checkIndex(cell, layout.cellCount)];
    }

    /**
     * The cell a position lies in, computed exactly as {@link Grid} computes it: column
     * {@code min((int) (x * (1 / cellSize)), columns - 1)}, likewise the row. Positions on a shared
     * edge belong to the cell to their east or north, except on the world's far edges.
     *
     * @param xMetres {@code 0 <= x <= width}
     * @param yMetres {@code 0 <= y <= height}
     * @return the cell index, {@code 0 <= cell < cellCount()}
     * @throws IllegalArgumentException when the position is outside the world or not finite; entity
     *     positions never are (the world clamps them), so a caller with an arbitrary point clamps it
     *     first
     */
    public int cellOf(double xMetres, double yMetres) {
        layout.requireInside("position", xMetres, yMetres);
        return layout.cellOf(xMetres, yMetres);
    }

    /**
     * @param xMetres {@code 0 <= x <= width}
     * @param yMetres {@code 0 <= y <= height}
     * @return the ordinal of the region whose cell holds the position ({@link #cellOf}), or
     *     {@link #DORMANT}; never dormant at a player position given to the reform
     * @throws IllegalArgumentException when the position is outside the world or not finite
     */
    public int regionOf(double xMetres, double yMetres) {
        return regionOfCell[cellOf(xMetres, yMetres)];
    }

    /** @return a summary for logs: generation, regions, active and total cells */
    @Override
    public String toString() {
        return "RegionMap[generation=" + generation + ", regions=" + regionCount + ", activeCells="
            + activeCellCount + "/" + layout.cellCount + "]";
    }

    /**
     * Grows the arrays so that a fill of up to {@code activeCells} active cells (and as many regions)
     * allocates nothing; keeps the current fill intact, so call it before {@link #beginRefill}.
     */
    void reserve(int activeCells) {
        if (cells.length < activeCells) {
            cells = Arrays.copyOf(cells, grown(cells.length, activeCells));
        }
        if (regionStart.length < activeCells + 1) {
            regionStart = new int[grown(regionStart.length, activeCells + 1)];
        }
    }

    /**
     * Starts a refill: marks the cells active in the previous fill dormant again (in time
     * proportional to them, not to the world) and returns the cell-to-region array, now all dormant.
     */
    int[] beginRefill() {
        for (int i = 0; i < activeCellCount; i++) {
            regionOfCell[cells[i]] = DORMANT;
        }
        regionCount = 0;
        activeCellCount = 0;
        return regionOfCell;
    }

    /** @return the array that receives the active cells grouped by region; see {@link #reserve} */
    int[] cellsBuffer() {
        return cells;
    }

    /** @return the array that receives each region's start in {@link #cellsBuffer()}; see {@link #reserve} */
    int[] regionStartBuffer() {
        return regionStart;
    }

    /**
     * Ends a refill begun by {@link #beginRefill}: the arrays now hold {@code regions} regions, and
     * {@code active} (one bit per cell, as long as this map's) says which cells are in one.
     */
    void endRefill(int regions, int activeCells, long reformNumber, long[] active) {
        System.arraycopy(active, 0, activeBits, 0, activeBits.length);
        this.regionCount = regions;
        this.activeCellCount = activeCells;
        this.generation = reformNumber;
    }

    /** A capacity of at least {@code needed}, with half again of headroom so growth is rare. */
    static int grown(int current, int needed) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, current + ((long) current >> 1)));
    }
}
