package dev.ludus.sim.action;

import java.util.Arrays;

/**
 * Recent positions of the entities that were awake, one frame per tick, for lag-compensated hit
 * tests: a shot is tested against where its target was in the snapshot the shooter saw, not where it
 * is now (Bernier, "Latency Compensating Methods in Client/Server In-game Protocol Design and
 * Optimization", Valve, GDC 2001).
 *
 * <p>A ring of {@code depth} frames; each frame maps a slot to its recorded position through a
 * per-slot stamp, so recording costs only the entities recorded and nothing is cleared. An entity is
 * recognised by slot <em>and</em> id, since a slot may be reused within the buffer's depth.
 *
 * <p>Not thread-safe: the tick thread records and reads.
 */
public final class RewindBuffer {
    private final int depth;
    private final long[] frameTick;
    private int[][] stamp;
    private long[][] ids;
    private double[][] xs;
    private double[][] ys;
    private final int[] generation;

    /**
     * @param depth frames kept, {@code >= 1}: the deepest rewind is {@code depth - 1} ticks
     * @throws IllegalArgumentException when depth is below 1
     */
    public RewindBuffer(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth : " + depth + " (expected: >= 1)");
        }
        this.depth = depth;
        this.frameTick = new long[depth];
        Arrays.fill(frameTick, -1);
        this.generation = new int[depth];
        this.stamp = new int[depth][64];
        this.ids = new long[depth][64];
        this.xs = new double[depth][64];
        this.ys = new double[depth][64];
    }

    /** @return frames kept */
    public int depth() {
        return depth;
    }

    /**
     * Starts the frame of {@code tick}, replacing the oldest.
     *
     * @param tick     the tick whose end positions follow, increasing from call to call
     * @param maxSlots an upper bound of the slots that will be recorded, {@code >= 0}
     */
    public void begin(long tick, int maxSlots) {
        int f = frame(tick);
        frameTick[f] = tick;
        generation[f]++;
        if (stamp[f].length < maxSlots) {
            int capacity = Math.max(maxSlots, stamp[f].length * 2);
            stamp[f] = new int[capacity];
            ids[f] = new long[capacity];
            xs[f] = new double[capacity];
            ys[f] = new double[capacity];
            generation[f] = 1;
        }
    }

    /**
     * Records one entity's position in the frame begun last.
     *
     * @param tick the frame's tick, as given to {@link #begin}
     * @param slot the entity's slot, below the {@code maxSlots} given to {@link #begin}
     * @param id   the entity's id
     * @param x    metres
     * @param y    metres
     */
    public void record(long tick, int slot, long id, double x, double y) {
        int f = frame(tick);
        stamp[f][slot] = generation[f];
        ids[f][slot] = id;
        xs[f][slot] = x;
        ys[f][slot] = y;
    }

    /**
     * Where an entity was at the end of a tick.
     *
     * @param tick the tick
     * @param slot the entity's slot
     * @param id   the entity's id
     * @param out  receives x and y, metres, in {@code out[0]} and {@code out[1]}
     * @return false, writing nothing, when that tick is no longer (or never was) kept or the entity was
     *     not recorded in it
     */
    public boolean positionAt(long tick, int slot, long id, double[] out) {
        if (tick < 0) {
            return false;
        }
        int f = frame(tick);
        if (frameTick[f] != tick || slot < 0 || slot >= stamp[f].length || stamp[f][slot] != generation[f]
            || ids[f][slot] != id) {
            return false;
        }
        out[0] = xs[f][slot];
        out[1] = ys[f][slot];
        return true;
    }

    private int frame(long tick) {
        return (int) Math.floorMod(tick, (long) depth);
    }
}
