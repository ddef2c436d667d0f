package dev.ludus.sim.world;

import dev.ludus.sim.space.RegionMap;

/**
 * For every cell of the world, how many cells away the nearest player is this tick (Chebyshev
 * distance 0, 1 or 2; {@link RegionTick#FAR_RING} beyond): the distance that level of detail is decided
 * on. Each region marks the cells it owns around the players it owns at the start of its tick, so
 * regions ticking at once never write the same cell; a cell's ring is valid only in the tick that
 * stamped it, so nothing is cleared between ticks. Cells of another region are never marked from
 * this one: the region merge radius keeps any player within two cells of a region's entities inside
 * the region.
 */
final class PlayerRings {
    private final int columns;
    private final int rows;
    private final long[] stamp;
    private final byte[] ring;
    private long tick = -1;

    PlayerRings(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        this.stamp = new long[columns * rows];
        this.ring = new byte[columns * rows];
        java.util.Arrays.fill(stamp, -1);
    }

    /** Starts a tick: every ring reads as far until marked again. Tick thread, before the regions. */
    void begin(long tick) {
        this.tick = tick;
    }

    /** Marks the cells within two of {@code cell} that region {@code ordinal} owns. */
    void markAround(RegionMap map, int ordinal, int cell) {
        int column = cell % columns;
        int row = cell / columns;
        for (int dy = -2; dy <= 2; dy++) {
            int r = row + dy;
            if (r < 0 || r >= rows) {
                continue;
            }
            for (int dx = -2; dx <= 2; dx++) {
                int c = column + dx;
                if (c < 0 || c >= columns) {
                    continue;
                }
                int target = r * columns + c;
                if (map.regionOfCell(target) != ordinal) {
                    continue;
                }
                int distance = Math.max(Math.abs(dx), Math.abs(dy));
                if (stamp[target] != tick || ring[target] > distance) {
                    stamp[target] = tick;
                    ring[target] = (byte) distance;
                }
            }
        }
    }

    /** @return the ring of {@code cell} this tick */
    int ring(int cell) {
        return stamp[cell] == tick ? ring[cell] : RegionTick.FAR_RING;
    }
}
