package dev.ludus.sim.space;

/**
 * The cells of a world, shared by {@link Grid} and {@link Regionizer} so that a cell index from a
 * {@link RegionMap} names the same square as the grid's: {@code columns = max(1, ceil(width / c))},
 * {@code rows = max(1, ceil(height / c))}, cell index {@code row * columns + column}, and a position
 * {@code x} lies in column {@code min((int) (x * (1 / c)), columns - 1)} (one arithmetic for both,
 * so they agree on positions that rounding puts on a boundary).
 *
 * <p>Immutable; safe to share between threads.
 */
final class CellLayout {
    final double widthMetres;
    final double heightMetres;
    final double cellSizeMetres;
    final double inverseCellSize;
    final int columns;
    final int rows;
    final int cellCount;

    /**
     * @throws IllegalArgumentException when a size is not positive and finite, or the world would
     *     have more than {@code Integer.MAX_VALUE - 8} cells
     */
    CellLayout(double widthMetres, double heightMetres, double cellSizeMetres) {
        requirePositive("widthMetres", widthMetres);
        requirePositive("heightMetres", heightMetres);
        requirePositive("cellSizeMetres", cellSizeMetres);
        this.widthMetres = widthMetres;
        this.heightMetres = heightMetres;
        this.cellSizeMetres = cellSizeMetres;
        this.inverseCellSize = 1.0 / cellSizeMetres;
        this.columns = Math.max(1, (int) Math.ceil(widthMetres / cellSizeMetres));
        this.rows = Math.max(1, (int) Math.ceil(heightMetres / cellSizeMetres));
        long cells = (long) columns * rows;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cells : " + cells + " (expected: fewer; raise cellSizeMetres)");
        }
        this.cellCount = (int) cells;
    }

    /** Whether a position lies in {@code [0, width] x [0, height]}; false for NaN. */
    boolean contains(double xMetres, double yMetres) {
        return xMetres >= 0 && xMetres <= widthMetres && yMetres >= 0 && yMetres <= heightMetres;
    }

    /** The column of an x inside the world. */
    int column(double xMetres) {
        return Math.min((int) (xMetres * inverseCellSize), columns - 1);
    }

    /** The row of a y inside the world. */
    int row(double yMetres) {
        return Math.min((int) (yMetres * inverseCellSize), rows - 1);
    }

    /** The cell of a position, which must be inside the world (see {@link #requireInside}). */
    int cellOf(double xMetres, double yMetres) {
        return row(yMetres) * columns + column(xMetres);
    }

    /** @throws IllegalArgumentException naming {@code name} when the position is outside the world */
    void requireInside(String name, double xMetres, double yMetres) {
        if (!contains(xMetres, yMetres)) {
            throw outside(name, xMetres, yMetres);
        }
    }

    /** The error for a position outside the world, naming what held it. */
    IllegalArgumentException outside(String name, double xMetres, double yMetres) {
        return new IllegalArgumentException(name + " : (" + xMetres + ", " + yMetres
            + ") (expected: inside [0, " + widthMetres + "] x [0, " + heightMetres + "])");
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: finite and > 0)");
        }
    }
}
