package dev.ludus.sim.worldevent;

import dev.ludus.sim.space.IntList;

/**
 * Where the players are, smoothed over time: a grid of coarse square cells over the world, each
 * holding an exponentially decayed player count.
 *
 * <p>Cells are {@code cellSizeMetres} a side (coarser than the world's grid: 256 m is a good size,
 * about what a player can cross in three minutes at 1.4 m/s), numbered row by row from the origin:
 * {@code cell = row * columns() + column}, with {@code columns = ceil(width / cellSize)} and
 * {@code rows = ceil(height / cellSize)}. A point on the far edge belongs to the last column or row.
 *
 * <p>One update is a {@link #decay} by the time since the last update followed by one {@link #add}
 * per player. A cell's density is an exponential moving average of its player count:
 * {@code d <- f * d + (1 - f) * count} with {@code f = 0.5^(elapsed / halfLife)}. So a crowd that
 * stays reads as its head count (a steady crowd of 10 reads 10), a crowd that leaves halves in every
 * half-life, and a crowd that arrives reaches half its head count after one half-life, whatever the
 * update rate. The half-life is the caller's; 60 s lets a crowd that lingers a minute count, and
 * a flash crowd passing through not.
 *
 * <p>Updates and queries allocate nothing (queries fill a caller's {@link IntList}). Not thread-safe:
 * one writer, the tick thread.
 */
public final class DensityMap {
    private final double widthMetres;
    private final double heightMetres;
    private final double cellSizeMetres;
    private final double halfLifeSeconds;
    private final int columns;
    private final int rows;
    private final double[] density;
    /** Per cell, the same moving average of the players' x and y summed: the crowd's centre is sum / density. */
    private final double[] sumX;
    private final double[] sumY;
    /** The weight {@code 1 - f} of the samples added since the last {@link #decay}. */
    private double sampleWeight = 1;

    /**
     * @param widthMetres     the world's width, finite and {@code > 0}
     * @param heightMetres    the world's height, finite and {@code > 0}
     * @param cellSizeMetres  a coarse cell's side, finite and {@code > 0}; at most 2^24 cells in all
     * @param halfLifeSeconds time for a cell's density to halve once its players leave, finite and {@code > 0}
     * @throws IllegalArgumentException naming the first value out of range
     */
    public DensityMap(double widthMetres, double heightMetres, double cellSizeMetres, double halfLifeSeconds) {
        requirePositive("widthMetres", widthMetres);
        requirePositive("heightMetres", heightMetres);
        requirePositive("cellSizeMetres", cellSizeMetres);
        requirePositive("halfLifeSeconds", halfLifeSeconds);
        double cells = Math.ceil(widthMetres / cellSizeMetres) * Math.ceil(heightMetres / cellSizeMetres);
        if (cells > 1 << 24) {
            throw new IllegalArgumentException("cellSizeMetres : " + cellSizeMetres + " (expected: at most "
                + (1 << 24) + " cells over " + widthMetres + " x " + heightMetres + " m, got " + cells + ")");
        }
        this.widthMetres = widthMetres;
        this.heightMetres = heightMetres;
        this.cellSizeMetres = cellSizeMetres;
        this.halfLifeSeconds = halfLifeSeconds;
        this.columns = (int) Math.ceil(widthMetres / cellSizeMetres);
        this.rows = (int) Math.ceil(heightMetres / cellSizeMetres);
        this.density = new double[columns * rows];
        this.sumX = new double[columns * rows];
        this.sumY = new double[columns * rows];
    }

    static void requirePositive(String field, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " : " + value + " (expected: finite and > 0)");
        }
    }

    /**
     * Starts an update: every cell's density is multiplied by {@code f = 0.5^(elapsed / halfLife)},
     * and the {@link #add}s that follow weigh {@code 1 - f} each.
     *
     * @param elapsedSeconds time since the last update, finite and {@code > 0}
     * @throws IllegalArgumentException when the time is not finite or not positive
     */
    public void decay(double elapsedSeconds) {
        requirePositive("elapsedSeconds", elapsedSeconds);
        double keep = Math.pow(0.5, elapsedSeconds / halfLifeSeconds);
        for (int cell = 0; cell < density.length; cell++) {
            density[cell] *= keep;
            sumX[cell] *= keep;
            sumY[cell] *= keep;
        }
        sampleWeight = 1 - keep;
    }

    /**
     * Counts one player at a point in the current update. Points outside the world count in the
     * nearest edge cell.
     *
     * @param xMetres x, metres, finite
     * @param yMetres y, metres, finite
     */
    public void add(double xMetres, double yMetres) {
        double x = Math.min(widthMetres, Math.max(0, xMetres));
        double y = Math.min(heightMetres, Math.max(0, yMetres));
        int cell = cellAt(x, y);
        density[cell] += sampleWeight;
        sumX[cell] += sampleWeight * x;
        sumY[cell] += sampleWeight * y;
    }

    /**
     * @param cell a cell
     * @return x of the crowd's centre in the cell (its players' positions averaged with the same
     *     weights as its density), metres; the cell's centre when nobody has been there
     */
    public double crowdX(int cell) {
        requireCell(cell);
        return density[cell] > 0 ? Math.clamp(sumX[cell] / density[cell], 0, widthMetres) : centreX(cell);
    }

    /**
     * @param cell a cell
     * @return y of the crowd's centre in the cell, metres (see {@link #crowdX})
     */
    public double crowdY(int cell) {
        requireCell(cell);
        return density[cell] > 0 ? Math.clamp(sumY[cell] / density[cell], 0, heightMetres) : centreY(cell);
    }

    /**
     * @param xMetres x, metres (clamped into the world)
     * @param yMetres y, metres (clamped into the world)
     * @return the cell holding that point
     */
    public int cellAt(double xMetres, double yMetres) {
        int column = (int) Math.min(columns - 1, Math.max(0, Math.floor(xMetres / cellSizeMetres)));
        int row = (int) Math.min(rows - 1, Math.max(0, Math.floor(yMetres / cellSizeMetres)));
        return row * columns + column;
    }

    /**
     * @param cell a cell, {@code 0} to {@code cellCount() - 1}
     * @return its density, players ({@code >= 0})
     * @throws IllegalArgumentException when the cell is out of range
     */
    public double density(int cell) {
        requireCell(cell);
        return density[cell];
    }

    /**
     * @param cell a cell
     * @return x of its centre, metres (within the world: a partial edge cell's centre is the centre of its part)
     */
    public double centreX(int cell) {
        requireCell(cell);
        double left = (cell % columns) * cellSizeMetres;
        return (left + Math.min(widthMetres, left + cellSizeMetres)) / 2;
    }

    /**
     * @param cell a cell
     * @return y of its centre, metres (within the world)
     */
    public double centreY(int cell) {
        requireCell(cell);
        double bottom = (cell / columns) * cellSizeMetres;
        return (bottom + Math.min(heightMetres, bottom + cellSizeMetres)) / 2;
    }

    /**
     * The cell {@code (dColumn, dRow)} away from a cell.
     *
     * @param cell    a cell
     * @param dColumn columns to the right (negative: left)
     * @param dRow    rows up (negative: down)
     * @return that cell, or -1 when it falls outside the world
     */
    public int neighbour(int cell, int dColumn, int dRow) {
        requireCell(cell);
        int column = cell % columns + dColumn;
        int row = cell / columns + dRow;
        return column < 0 || row < 0 || column >= columns || row >= rows ? -1 : row * columns + column;
    }

    /**
     * Cells where players gather.
     *
     * @param atLeastPlayers the threshold, {@code >= 0}
     * @param out            cleared, then filled with every cell whose density is at least the
     *                       threshold, in cell order
     * @return how many
     * @throws IllegalArgumentException when the threshold is negative or NaN
     */
    public int crowdedCells(double atLeastPlayers, IntList out) {
        if (!(atLeastPlayers >= 0)) {
            throw new IllegalArgumentException("atLeastPlayers : " + atLeastPlayers + " (expected: >= 0)");
        }
        out.clear();
        for (int cell = 0; cell < density.length; cell++) {
            if (density[cell] >= atLeastPlayers) {
                out.add(cell);
            }
        }
        return out.size();
    }

    /**
     * Empty cells with players within reach: the ring around a crowd where an event would draw
     * players out. Costs {@code cellCount() * (2 * reachCells + 1)^2} reads.
     *
     * @param belowPlayers a cell counts as empty when its density is below this, {@code > 0}
     * @param reachCells   how far players may be, in cells (Chebyshev distance: a square of
     *                     {@code 2 * reachCells + 1} cells a side), 1 to 16
     * @param out          cleared, then filled with every empty cell that has at least one player
     *                     (density sum {@code >= 1}) within reach, in cell order
     * @return how many
     * @throws IllegalArgumentException naming the first value out of range
     */
    public int emptyCellsNearPlayers(double belowPlayers, int reachCells, IntList out) {
        requirePositive("belowPlayers", belowPlayers);
        if (reachCells < 1 || reachCells > 16) {
            throw new IllegalArgumentException("reachCells : " + reachCells + " (expected: 1 to 16)");
        }
        out.clear();
        for (int cell = 0; cell < density.length; cell++) {
            if (density[cell] < belowPlayers && playersNear(cell, reachCells) >= 1) {
                out.add(cell);
            }
        }
        return out.size();
    }

    /**
     * @param cell       a cell
     * @param reachCells how far, in cells (Chebyshev distance), {@code >= 0}
     * @return the density summed over the square of cells within reach of the cell, itself excluded
     * @throws IllegalArgumentException when the cell is out of range or the reach negative
     */
    public double playersNear(int cell, int reachCells) {
        requireCell(cell);
        if (reachCells < 0) {
            throw new IllegalArgumentException("reachCells : " + reachCells + " (expected: >= 0)");
        }
        int column = cell % columns;
        int row = cell / columns;
        double sum = 0;
        for (int r = Math.max(0, row - reachCells); r <= Math.min(rows - 1, row + reachCells); r++) {
            for (int c = Math.max(0, column - reachCells); c <= Math.min(columns - 1, column + reachCells); c++) {
                sum += density[r * columns + c];
            }
        }
        return sum - density[cell];
    }

    /** @return the density summed over every cell: the smoothed number of players in the world */
    public double total() {
        double sum = 0;
        for (double d : density) {
            sum += d;
        }
        return sum;
    }

    /** @return cells across, {@code >= 1} */
    public int columns() {
        return columns;
    }

    /** @return cells up, {@code >= 1} */
    public int rows() {
        return rows;
    }

    /** @return {@code columns() * rows()} */
    public int cellCount() {
        return density.length;
    }

    /** @return a cell's side, metres */
    public double cellSizeMetres() {
        return cellSizeMetres;
    }

    /** @return the half-life, seconds */
    public double halfLifeSeconds() {
        return halfLifeSeconds;
    }

    private void requireCell(int cell) {
        if (cell < 0 || cell >= density.length) {
            throw new IllegalArgumentException("cell : " + cell + " (expected: 0 to " + (density.length - 1) + ")");
        }
    }
}
