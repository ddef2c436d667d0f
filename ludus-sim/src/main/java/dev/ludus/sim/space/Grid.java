package dev.ludus.sim.space;

import java.util.Arrays;

/**
 * A uniform grid of square cells that indexes points (entity slots) for area-of-interest queries.
 *
 * <p>Each cell holds an intrusive doubly linked list of the slots inside it, so insert, move and
 * remove are O(1) and allocate nothing; a radius query visits only the cells that overlap the
 * query's bounding square and tests each candidate against the exact circle. With cell size
 * {@code c} and query radius {@code r} it visits {@code ceil(2r/c + 1)^2} cells at most.
 *
 * <p>Coordinates are metres in {@code [0, width] x [0, height]}; slots are dense non-negative ints
 * chosen by the caller (the world's entity slots). Storage grows on demand.
 *
 * <p>Not thread-safe in general. Threads that own disjoint sets of cells (a world's regions during
 * a tick) may each {@link #move} slots between cells of their own set, read positions, and
 * {@link #query} within their own cells or cells no one writes, concurrently: every write touches only the moved slot and the lists of the two cells it
 * leaves and enters. {@link #insert}, {@link #remove} and moves into other cells need one thread.
 */
public final class Grid {
    private static final int NONE = -1;
    /** Relative widening of the visited cells, far above double rounding (1e-16) and far below a cell. */
    static final double REACH_MARGIN = 1e-9;

    private final CellLayout layout;
    private final double inverseCellSize;
    private final int columns;
    private final int rows;
    private final int[] head;

    private int[] cellOf;
    private int[] next;
    private int[] prev;
    private double[] x;
    private double[] y;
    private int size;

    /**
     * @param widthMetres    world extent along x, {@code > 0}
     * @param heightMetres   world extent along y, {@code > 0}
     * @param cellSizeMetres side of a cell, {@code > 0}; about the typical query radius divided by 2
     *                       to 4 keeps visited cells and tested candidates both small
     * @param initialSlots   expected number of slots, {@code >= 0}
     * @throws IllegalArgumentException when a size is not positive and finite, or the grid would have
     *     more than {@link Integer#MAX_VALUE} cells
     */
    public Grid(double widthMetres, double heightMetres, double cellSizeMetres, int initialSlots) {
        this.layout = new CellLayout(widthMetres, heightMetres, cellSizeMetres);
        if (initialSlots < 0) {
            throw new IllegalArgumentException("initialSlots : " + initialSlots + " (expected: >= 0)");
        }
        this.inverseCellSize = layout.inverseCellSize;
        this.columns = layout.columns;
        this.rows = layout.rows;
        this.head = new int[layout.cellCount];
        Arrays.fill(head, NONE);
        cellOf = new int[0];
        next = new int[0];
        prev = new int[0];
        x = new double[0];
        y = new double[0];
        ensureSlots(initialSlots);
    }

    /**
     * Adds a slot at a position.
     *
     * @param slot {@code >= 0}, not already in the grid
     * @param xMetres {@code 0 <= x <= width}
     * @param yMetres {@code 0 <= y <= height}
     * @throws IllegalArgumentException when the slot is negative or present, or the position is
     *     outside the world or not finite
     */
    public void insert(int slot, double xMetres, double yMetres) {
        if (slot < 0) {
            throw new IllegalArgumentException("slot : " + slot + " (expected: >= 0)");
        }
        ensureSlots(slot + 1);
        if (cellOf[slot] != NONE) {
            throw new IllegalArgumentException("slot : " + slot + " (expected: not already in the grid)");
        }
        layout.requireInside("position", xMetres, yMetres);
        x[slot] = xMetres;
        y[slot] = yMetres;
        link(slot, layout.cellOf(xMetres, yMetres));
        size++;
    }

    /**
     * Moves a slot; relinks it only when it changes cell.
     *
     * @param slot a slot in the grid
     * @param xMetres {@code 0 <= x <= width}
     * @param yMetres {@code 0 <= y <= height}
     * @throws IllegalArgumentException when the slot is absent or the position is outside the world
     */
    public void move(int slot, double xMetres, double yMetres) {
        requirePresent(slot);
        layout.requireInside("position", xMetres, yMetres);
        x[slot] = xMetres;
        y[slot] = yMetres;
        int cell = layout.cellOf(xMetres, yMetres);
        if (cell != cellOf[slot]) {
            unlink(slot);
            link(slot, cell);
        }
    }

    /**
     * Removes a slot.
     *
     * @param slot a slot in the grid
     * @throws IllegalArgumentException when the slot is absent
     */
    public void remove(int slot) {
        requirePresent(slot);
        unlink(slot);
        cellOf[slot] = NONE;
        size--;
    }

    /**
     * @param slot any int
     * @return whether the slot is in the grid
     */
    public boolean contains(int slot) {
        return slot >= 0 && slot < cellOf.length && cellOf[slot] != NONE;
    }

    /**
     * @param slot a slot in the grid
     * @return its x, metres
     */
    public double x(int slot) {
        requirePresent(slot);
        return x[slot];
    }

    /**
     * @param slot a slot in the grid
     * @return its y, metres
     */
    public double y(int slot) {
        requirePresent(slot);
        return y[slot];
    }

    /**
     * @param slot a slot in the grid
     * @return the index of the cell it is in, {@code row * columns + column} (see {@link RegionMap})
     * @throws IllegalArgumentException when the slot is absent
     */
    public int cellOf(int slot) {
        requirePresent(slot);
        return cellOf[slot];
    }

    /**
     * @param slot any int
     * @return the index of the cell the slot is in, or -1 when the slot is not in the grid; a
     *     check-free read for loops over every slot
     */
    public int cellOrAbsent(int slot) {
        return slot >= 0 && slot < cellOf.length ? cellOf[slot] : NONE;
    }

    /**
     * @param xMetres {@code 0 <= x <= width}
     * @param yMetres {@code 0 <= y <= height}
     * @return the index of the cell that holds that position, the one {@link #insert} would link it to
     * @throws IllegalArgumentException when the position is outside the world or not finite
     */
    public int cellAt(double xMetres, double yMetres) {
        layout.requireInside("position", xMetres, yMetres);
        return layout.cellOf(xMetres, yMetres);
    }

    /** @return the number of slots in the grid */
    public int size() {
        return size;
    }

    /** @return side of a cell, metres */
    public double cellSizeMetres() {
        return layout.cellSizeMetres;
    }

    /**
     * Appends to {@code out} every slot whose distance to {@code (cx, cy)} is at most {@code radius}
     * (the boundary is inside). The order is by cell, row-major, then by insertion into the cell; it
     * is deterministic for the same sequence of operations. Allocates nothing once {@code out} has
     * grown.
     *
     * @param cxMetres      centre x, any finite value (the centre may lie outside the world)
     * @param cyMetres      centre y, any finite value
     * @param radiusMetres  {@code >= 0}
     * @param out           receives the slots; not cleared first
     * @return the number of slots appended
     * @throws IllegalArgumentException when the radius is negative or a value is not finite
     */
    public int query(double cxMetres, double cyMetres, double radiusMetres, IntList out) {
        if (!(radiusMetres >= 0) || !Double.isFinite(radiusMetres) || !Double.isFinite(cxMetres)
            || !Double.isFinite(cyMetres)) {
            throw new IllegalArgumentException("query : (" + cxMetres + ", " + cyMetres + ", r=" + radiusMetres
                + ") (expected: finite centre, finite radius >= 0)");
        }
        // The exact test below compares rounded squares, which can accept a point a few ulps beyond
        // the radius; the visited cells reach a relative margin further so such a point's cell is read.
        double reach = radiusMetres + REACH_MARGIN * (radiusMetres + Math.abs(cxMetres) + Math.abs(cyMetres));
        int minColumn = clamp((int) Math.floor((cxMetres - reach) * inverseCellSize), columns);
        int maxColumn = clamp((int) Math.floor((cxMetres + reach) * inverseCellSize), columns);
        int minRow = clamp((int) Math.floor((cyMetres - reach) * inverseCellSize), rows);
        int maxRow = clamp((int) Math.floor((cyMetres + reach) * inverseCellSize), rows);
        double radiusSquared = radiusMetres * radiusMetres;
        // Squared distances overflow beyond ~1e154 m and underflow below ~1e-154 m; when r * r is not
        // a normal double, compare the distances themselves (slower, never needed at game scales).
        boolean squaresExact = radiusSquared >= Double.MIN_NORMAL && radiusSquared < Double.POSITIVE_INFINITY;
        int found = 0;
        for (int row = minRow; row <= maxRow; row++) {
            int rowStart = row * columns;
            for (int column = minColumn; column <= maxColumn; column++) {
                for (int slot = head[rowStart + column]; slot != NONE; slot = next[slot]) {
                    double dx = x[slot] - cxMetres;
                    double dy = y[slot] - cyMetres;
                    if (squaresExact ? dx * dx + dy * dy <= radiusSquared : Math.hypot(dx, dy) <= radiusMetres) {
                        out.add(slot);
                        found++;
                    }
                }
            }
        }
        return found;
    }

    /**
     * The cell's place on a Z-order (Morton) curve: the bits of its column and row interleaved, so
     * that sorting by it keeps cells that are near each other in the world mostly near each other in
     * the order (Morton, "A computer oriented geodetic data base", IBM, 1966).
     *
     * @param cell {@code 0 <= cell < columns * rows}
     * @return the Morton code, {@code >= 0}
     * @throws IndexOutOfBoundsException when the cell is outside the grid
     */
    public long mortonCode(int cell) {
        java.util.Objects.checkIndex(cell, head.length);
        return morton(cell % columns, cell / columns);
    }

    /**
     * @param column {@code >= 0}, below 2^31
     * @param row    {@code >= 0}, below 2^31
     * @return the bits of column and row interleaved, column in the even bits
     */
    public static long morton(int column, int row) {
        return spread(column) | spread(row) << 1;
    }

    /** Spreads the 32 bits of a non-negative int to the even bits of a long. */
    private static long spread(int value) {
        long v = value & 0xffffffffL;
        v = (v | v << 16) & 0x0000ffff0000ffffL;
        v = (v | v << 8) & 0x00ff00ff00ff00ffL;
        v = (v | v << 4) & 0x0f0f0f0f0f0f0f0fL;
        v = (v | v << 2) & 0x3333333333333333L;
        v = (v | v << 1) & 0x5555555555555555L;
        return v;
    }

    /** @return the cell layout shared with {@link PackedGrid} and {@link Regionizer} */
    CellLayout layout() {
        return layout;
    }

    /** @return one past the highest slot the grid has room for; slots at or above it are absent */
    int slotCapacity() {
        return cellOf.length;
    }

    /** Unchecked x of a present slot, for {@link PackedGrid#rebuild}. */
    double rawX(int slot) {
        return x[slot];
    }

    /** Unchecked y of a present slot, for {@link PackedGrid#rebuild}. */
    double rawY(int slot) {
        return y[slot];
    }

    static int clamp(int index, int count) {
        return index < 0 ? 0 : Math.min(index, count - 1);
    }

    private void link(int slot, int cell) {
        int first = head[cell];
        next[slot] = first;
        prev[slot] = NONE;
        if (first != NONE) {
            prev[first] = slot;
        }
        head[cell] = slot;
        cellOf[slot] = cell;
    }

    private void unlink(int slot) {
        int before = prev[slot];
        int after = next[slot];
        if (before != NONE) {
            next[before] = after;
        } else {
            head[cellOf[slot]] = after;
        }
        if (after != NONE) {
            prev[after] = before;
        }
    }

    private void ensureSlots(int slots) {
        if (slots <= cellOf.length) {
            return;
        }
        int capacity = Math.max(slots, cellOf.length + (cellOf.length >> 1));
        int old = cellOf.length;
        cellOf = Arrays.copyOf(cellOf, capacity);
        Arrays.fill(cellOf, old, capacity, NONE);
        next = Arrays.copyOf(next, capacity);
        prev = Arrays.copyOf(prev, capacity);
        x = Arrays.copyOf(x, capacity);
        y = Arrays.copyOf(y, capacity);
    }

    private void requirePresent(int slot) {
        if (!contains(slot)) {
            throw new IllegalArgumentException("slot : " + slot + " (expected: a slot in the grid)");
        }
    }
}
