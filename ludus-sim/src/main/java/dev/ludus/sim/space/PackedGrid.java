package dev.ludus.sim.space;

import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only copy of a {@link Grid}'s positions, sorted by cell, for many radius queries at once
 * (every player's area of interest after a tick).
 *
 * <p>{@link #rebuild} sorts the present slots by cell index with a counting sort (slots in increasing
 * order within a cell), so the cells of one grid row are contiguous in the copy: a query of radius
 * {@code r} reads {@code ceil(2r/c + 1)} contiguous runs, one per row, instead of following a linked
 * list per cell through the grid's slot-indexed arrays. This is the "cell list" layout of particle
 * simulations (Allen and Tildesley, <i>Computer Simulation of Liquids</i>, 2nd ed., 2017, §5.3.2).
 * Rebuild costs time proportional to the slots plus the cells; memory is 4 bytes per cell plus 20
 * bytes per slot.
 *
 * <p>{@link #query} returns exactly the slots {@link Grid#query} returns for the grid as it was at
 * the last rebuild (same exact distance test, boundary inside), ordered by cell (row-major) and then
 * by slot.
 *
 * <p>Thread-safety: {@link #rebuild} by one thread; after it, any number of threads may
 * {@link #query} concurrently, each with its own output list, until the next rebuild, provided
 * they see the rebuild through a happens-before edge.
 */
public final class PackedGrid {
    private final CellLayout layout;
    /** Per cell, the index of its first entry; entry {@code cellCount} is the number of entries. */
    private final int[] cellStart;
    private int[] slots = new int[0];
    private double[] xs = new double[0];
    private double[] ys = new double[0];
    private int size;

    /**
     * @param grid the grid to copy from; the packed copy uses its cells
     */
    public PackedGrid(Grid grid) {
        this.layout = Objects.requireNonNull(grid, "grid").layout();
        this.cellStart = new int[layout.cellCount + 1];
    }

    /**
     * Copies every slot present in {@code grid}, sorted by cell.
     *
     * @param grid the grid this packed copy was made for (same cells)
     * @throws IllegalArgumentException when the grid has other cells than the one given at construction
     */
    public void rebuild(Grid grid) {
        if (grid.layout() != layout) {
            throw new IllegalArgumentException("grid : another grid's cells (expected: the grid this copy was made for)");
        }
        int capacity = grid.slotCapacity();
        int count = grid.size();
        if (slots.length < count) {
            int grown = Math.max(count, slots.length + (slots.length >> 1));
            slots = new int[grown];
            xs = new double[grown];
            ys = new double[grown];
        }
        Arrays.fill(cellStart, 0);
        for (int slot = 0; slot < capacity; slot++) {
            int cell = grid.cellOrAbsent(slot);
            if (cell >= 0) {
                cellStart[cell + 1]++;
            }
        }
        for (int cell = 0; cell < layout.cellCount; cell++) {
            cellStart[cell + 1] += cellStart[cell];
        }
        // Scatter in slot order; cellStart[cell] runs ahead as the cell fills, and is shifted back after.
        for (int slot = 0; slot < capacity; slot++) {
            int cell = grid.cellOrAbsent(slot);
            if (cell >= 0) {
                int at = cellStart[cell]++;
                slots[at] = slot;
                xs[at] = grid.rawX(slot);
                ys[at] = grid.rawY(slot);
            }
        }
        System.arraycopy(cellStart, 0, cellStart, 1, layout.cellCount);
        cellStart[0] = 0;
        size = count;
    }

    /** @return slots copied by the last rebuild */
    public int size() {
        return size;
    }

    /**
     * Appends every slot within {@code radiusMetres} of {@code (cx, cy)} at the last rebuild
     * (boundary inside), by cell row-major, then by slot. Allocates nothing once {@code out} has grown.
     *
     * @param cxMetres     centre x, finite (may lie outside the world)
     * @param cyMetres     centre y, finite
     * @param radiusMetres finite, {@code >= 0}
     * @param out          receives the slots; not cleared first
     * @return the number of slots appended
     * @throws IllegalArgumentException when the radius is negative or a value is not finite
     */
    public int query(double cxMetres, double cyMetres, double radiusMetres, IntList out) {
        if (!(radiusMetres >= 0) || !Double.isFinite(radiusMetres) || !Double.isFinite(cxMetres)
            || !Double.isFinite(cyMetres)) {
            throw new IllegalArgumentException("query : (" + cxMetres + ", " + cyMetres + ", r=" + radiusMetres
                + ") (expected: finite centre, finite radius >= 0)");
        }
        // The same reach and the same exact test as Grid.query, so both return the same slots.
        double reach = radiusMetres + Grid.REACH_MARGIN * (radiusMetres + Math.abs(cxMetres) + Math.abs(cyMetres));
        double inverse = layout.inverseCellSize;
        int minColumn = Grid.clamp((int) Math.floor((cxMetres - reach) * inverse), layout.columns);
        int maxColumn = Grid.clamp((int) Math.floor((cxMetres + reach) * inverse), layout.columns);
        int minRow = Grid.clamp((int) Math.floor((cyMetres - reach) * inverse), layout.rows);
        int maxRow = Grid.clamp((int) Math.floor((cyMetres + reach) * inverse), layout.rows);
        double radiusSquared = radiusMetres * radiusMetres;
        boolean squaresExact = radiusSquared >= Double.MIN_NORMAL && radiusSquared < Double.POSITIVE_INFINITY;
        int found = 0;
        for (int row = minRow; row <= maxRow; row++) {
            int rowStart = row * layout.columns;
            int end = cellStart[rowStart + maxColumn + 1];
            for (int i = cellStart[rowStart + minColumn]; i < end; i++) {
                double dx = xs[i] - cxMetres;
                double dy = ys[i] - cyMetres;
                if (squaresExact ? dx * dx + dy * dy <= radiusSquared : Math.hypot(dx, dy) <= radiusMetres) {
                    out.add(slots[i]);
                    found++;
                }
            }
        }
        return found;
    }
}
