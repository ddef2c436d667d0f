package dev.ludus.sim.space;

import java.util.Arrays;

/**
 * Static obstacles (walls, rocks) as axis-aligned boxes, indexed by the cells of a uniform grid so
 * that a query reads only the boxes near it. Entities do not pass through them ({@code World}
 * slides a move along the box it would enter), shots need a clear line between shooter and target,
 * and a claimed path through one is a violation.
 *
 * <p>Segment tests use the slab method (Kay and Kajiya, "Ray tracing complex scenes", SIGGRAPH 1986):
 * the segment is clipped against the box's x and y slabs in turn and hits the box when the clipped
 * parameter interval is not empty. Touching a box's boundary counts as a hit, so a path can never
 * slip through a corner.
 *
 * <p>Not thread-safe for writes: add boxes before the world ticks (in {@code GameRules.populate});
 * afterwards any number of threads may query at once.
 */
public final class Obstacles {
    private final double cellSize;
    private final int columns;
    private final int rows;
    private final int[][] boxesByCell;
    private final int[] countsByCell;
    private double[] boxes = new double[64];
    private int count;

    /**
     * @param widthMetres  world width, {@code > 0}
     * @param heightMetres world height, {@code > 0}
     * @param cellMetres   index cell size, {@code > 0}
     * @throws IllegalArgumentException when a dimension is not positive and finite
     */
    public Obstacles(double widthMetres, double heightMetres, double cellMetres) {
        if (!(widthMetres > 0) || !(heightMetres > 0) || !(cellMetres > 0)
            || !Double.isFinite(widthMetres) || !Double.isFinite(heightMetres) || !Double.isFinite(cellMetres)) {
            throw new IllegalArgumentException("obstacle index : " + widthMetres + " x " + heightMetres + " m, cells "
                + cellMetres + " m (expected: positive and finite)");
        }
        this.cellSize = cellMetres;
        this.columns = (int) Math.ceil(widthMetres / cellMetres);
        this.rows = (int) Math.ceil(heightMetres / cellMetres);
        this.boxesByCell = new int[columns * rows][];
        this.countsByCell = new int[columns * rows];
    }

    /**
     * Adds a box. Parts outside the world are ignored for indexing.
     *
     * @param minX west edge, metres
     * @param minY south edge, metres
     * @param maxX east edge, metres, {@code > minX}
     * @param maxY north edge, metres, {@code > minY}
     * @return the box's index, from 0 in order of addition
     * @throws IllegalArgumentException when the box is empty or not finite
     */
    public int add(double minX, double minY, double maxX, double maxY) {
        if (!Double.isFinite(minX) || !Double.isFinite(minY) || !Double.isFinite(maxX) || !Double.isFinite(maxY)
            || !(maxX > minX) || !(maxY > minY)) {
            throw new IllegalArgumentException("obstacle : (" + minX + ", " + minY + ") - (" + maxX + ", " + maxY
                + ") (expected: finite, max > min)");
        }
        if (boxes.length < 4 * (count + 1)) {
            boxes = Arrays.copyOf(boxes, boxes.length * 2);
        }
        int index = count++;
        boxes[4 * index] = minX;
        boxes[4 * index + 1] = minY;
        boxes[4 * index + 2] = maxX;
        boxes[4 * index + 3] = maxY;
        for (int row = row(minY); row <= row(maxY); row++) {
            for (int column = column(minX); column <= column(maxX); column++) {
                int cell = row * columns + column;
                int[] list = boxesByCell[cell];
                if (list == null) {
                    list = new int[2];
                    boxesByCell[cell] = list;
                } else if (countsByCell[cell] == list.length) {
                    list = Arrays.copyOf(list, list.length * 2);
                    boxesByCell[cell] = list;
                }
                list[countsByCell[cell]++] = index;
            }
        }
        return index;
    }

    /** @return the number of boxes */
    public int size() {
        return count;
    }

    /**
     * @param index a box index, {@code 0 <= index < size()}
     * @return the box as {@code {minX, minY, maxX, maxY}}
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public double[] box(int index) {
        java.util.Objects.checkIndex(index, count);
        return Arrays.copyOfRange(boxes, 4 * index, 4 * index + 4);
    }

    /**
     * @param x metres
     * @param y metres
     * @return whether the point is inside a box or on its boundary
     */
    public boolean contains(double x, double y) {
        if (count == 0) {
            return false;
        }
        int cell = row(y) * columns + column(x);
        int[] list = boxesByCell[cell];
        for (int i = 0; i < countsByCell[cell]; i++) {
            int b = 4 * list[i];
            if (x >= boxes[b] && x <= boxes[b + 2] && y >= boxes[b + 1] && y <= boxes[b + 3]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the segment from {@code (x0, y0)} to {@code (x1, y1)} touches any box. Reads the cells
     * of the segment's bounding box: cheap for the short segments of a tick's movement and for shots
     * within a few cells.
     *
     * @param x0 start x, metres
     * @param y0 start y, metres
     * @param x1 end x, metres
     * @param y1 end y, metres
     * @return true when a box is touched
     */
    public boolean blocked(double x0, double y0, double x1, double y1) {
        if (count == 0) {
            return false;
        }
        int rowEnd = row(Math.max(y0, y1));
        int columnEnd = column(Math.max(x0, x1));
        for (int row = row(Math.min(y0, y1)); row <= rowEnd; row++) {
            for (int column = column(Math.min(x0, x1)); column <= columnEnd; column++) {
                int cell = row * columns + column;
                int[] list = boxesByCell[cell];
                for (int i = 0; i < countsByCell[cell]; i++) {
                    if (segmentHitsBox(x0, y0, x1, y1, 4 * list[i])) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Appends the indices of the boxes indexed in the cells a rectangle touches: every box that overlaps
     * the rectangle, and possibly some near it. A box spanning several of those cells is appended once
     * per cell, so callers that need each box once skip repeats.
     *
     * @param minX west edge, metres
     * @param minY south edge, metres
     * @param maxX east edge, metres, {@code >= minX}
     * @param maxY north edge, metres, {@code >= minY}
     * @param out  receives box indices; not cleared first
     * @return the number of indices appended
     */
    public int candidates(double minX, double minY, double maxX, double maxY, IntList out) {
        if (count == 0) {
            return 0;
        }
        int appended = 0;
        int rowEnd = row(maxY);
        int columnEnd = column(maxX);
        for (int row = row(minY); row <= rowEnd; row++) {
            for (int column = column(minX); column <= columnEnd; column++) {
                int cell = row * columns + column;
                int[] list = boxesByCell[cell];
                for (int i = 0; i < countsByCell[cell]; i++) {
                    out.add(list[i]);
                    appended++;
                }
            }
        }
        return appended;
    }

    /**
     * @param index a box index, {@code 0 <= index < size()}
     * @param side  0 for min x, 1 for min y, 2 for max x, 3 for max y
     * @return that edge of the box, metres, without copying the box
     */
    public double edge(int index, int side) {
        java.util.Objects.checkIndex(index, count);
        return boxes[4 * index + java.util.Objects.checkIndex(side, 4)];
    }

    private boolean segmentHitsBox(double x0, double y0, double x1, double y1, int b) {
        double enter = 0;
        double exit = 1;
        double dx = x1 - x0;
        double dy = y1 - y0;
        // x slab
        if (dx == 0) {
            if (x0 < boxes[b] || x0 > boxes[b + 2]) {
                return false;
            }
        } else {
            double t1 = (boxes[b] - x0) / dx;
            double t2 = (boxes[b + 2] - x0) / dx;
            enter = Math.max(enter, Math.min(t1, t2));
            exit = Math.min(exit, Math.max(t1, t2));
        }
        // y slab
        if (dy == 0) {
            if (y0 < boxes[b + 1] || y0 > boxes[b + 3]) {
                return false;
            }
        } else {
            double t1 = (boxes[b + 1] - y0) / dy;
            double t2 = (boxes[b + 3] - y0) / dy;
            enter = Math.max(enter, Math.min(t1, t2));
            exit = Math.min(exit, Math.max(t1, t2));
        }
        return enter <= exit;
    }

    private int column(double x) {
        return Math.clamp((long) Math.floor(x / cellSize), 0, columns - 1);
    }

    private int row(double y) {
        return Math.clamp((long) Math.floor(y / cellSize), 0, rows - 1);
    }
}
