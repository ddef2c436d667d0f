package dev.ludus.sim.world;

import dev.ludus.protocol.EntityKind;
import dev.ludus.sim.space.Grid;
import dev.ludus.sim.space.IntList;
import java.util.Arrays;

/**
 * The entities of one world, stored as parallel arrays indexed by slot (structure of arrays), with a
 * {@link Grid} over their positions for area-of-interest queries.
 *
 * <p>Every entity has an id (unique for the world's lifetime, counting up from 1, never reused), a
 * kind, a position in metres inside {@code [0, width] x [0, height]} and a velocity in metres per
 * second. Slots of despawned entities are reused; ids are not.
 *
 * <p>Thread-safety: between ticks, one thread (the tick driver) owns the world. During the region
 * phase of a {@link Simulation} tick, each region's thread may read any entity within its reach and
 * change the velocity and (through the simulation) the position of the entities it owns; spawning
 * and despawning are refused then ({@link IllegalStateException}), since they change shared slot
 * tables. The simulation hands the world between threads with happens-before edges.
 */
public final class World {
    private static final EntityKind[] KINDS = EntityKind.values();
    private static final byte PROP_ORDINAL = (byte) EntityKind.PROP.ordinal();

    private final WorldConfig config;
    private final Grid grid;
    private final dev.ludus.sim.space.PackedGrid packed;
    private final dev.ludus.sim.space.Obstacles obstacles;
    private final dev.ludus.sim.space.LongIntMap slotById = new dev.ludus.sim.space.LongIntMap(1024);

    private long[] ids;
    private byte[] kinds;
    private double[] vx;
    private double[] vy;
    private int[] freeSlots;
    private int freeCount;
    private int highWater;
    private int entityCount;
    private long nextId = 1;
    /** Counts spawns, despawns and moves made outside the region phase. */
    private long version;
    /** Set by the simulation while regions tick in parallel: spawn and despawn are refused. */
    private boolean structureLocked;

    /**
     * @param config the world's dimensions; validated by its constructor
     */
    public World(WorldConfig config) {
        this.config = config;
        this.grid = new Grid(config.widthMetres(), config.heightMetres(), config.cellSizeMetres(), 1024);
        this.packed = new dev.ludus.sim.space.PackedGrid(grid);
        this.obstacles = new dev.ludus.sim.space.Obstacles(config.widthMetres(), config.heightMetres(),
            config.cellSizeMetres());
        ids = new long[1024];
        kinds = new byte[1024];
        vx = new double[1024];
        vy = new double[1024];
        freeSlots = new int[64];
    }

    /**
     * @return the world's static obstacles; add them while populating, before the first tick. Moving
     *     entities slide along them (see {@link #step})
     */
    public dev.ludus.sim.space.Obstacles obstacles() {
        return obstacles;
    }

    /** @return the configuration this world was built with */
    public WorldConfig config() {
        return config;
    }

    /**
     * Spawns an entity at rest. Positions outside the world are clamped onto its edge.
     *
     * @param kind    player or NPC
     * @param xMetres finite
     * @param yMetres finite
     * @return the new entity's slot
     * @throws IllegalArgumentException when a coordinate is not finite
     * @throws IllegalStateException when called while regions tick (see the class comment)
     */
    public int spawn(EntityKind kind, double xMetres, double yMetres) {
        requireStructureUnlocked("spawn");
        if (!Double.isFinite(xMetres) || !Double.isFinite(yMetres)) {
            throw new IllegalArgumentException("position : (" + xMetres + ", " + yMetres + ") (expected: finite)");
        }
        int slot = freeCount > 0 ? freeSlots[--freeCount] : highWater++;
        ensureCapacity(slot + 1);
        long id = nextId++;
        ids[slot] = id;
        kinds[slot] = (byte) kind.ordinal();
        vx[slot] = 0;
        vy[slot] = 0;
        grid.insert(slot, clampX(xMetres), clampY(yMetres));
        version++;
        slotById.put(id, slot);
        entityCount++;
        return slot;
    }

    /**
     * Removes an entity; its slot may be handed out again, its id never is.
     *
     * @param slot a live slot
     * @throws IllegalArgumentException when the slot is not live
     * @throws IllegalStateException when called while regions tick (see the class comment)
     */
    public void despawn(int slot) {
        requireStructureUnlocked("despawn");
        requireLive(slot);
        grid.remove(slot);
        version++;
        slotById.remove(ids[slot]);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
        entityCount--;
    }

    /**
     * @param slot a live slot
     * @return the index of the grid cell the entity is in, as {@link dev.ludus.sim.space.RegionMap} numbers cells
     * @throws IllegalArgumentException when the slot is not live
     */
    public int cellOf(int slot) {
        return grid.cellOf(slot);
    }

    /**
     * @param xMetres inside {@code [0, width]}
     * @param yMetres inside {@code [0, height]}
     * @return the index of the grid cell holding that position
     * @throws IllegalArgumentException when the position is outside the world or not finite
     */
    public int cellAt(double xMetres, double yMetres) {
        return grid.cellAt(xMetres, yMetres);
    }

    /**
     * @param slot any int
     * @return the grid cell of the entity in that slot, or -1 when no entity lives there
     */
    int cellOrAbsent(int slot) {
        return grid.cellOrAbsent(slot);
    }

    /** @return the Morton code of the entity's cell (see {@link Grid#mortonCode}) */
    long mortonOf(int slot) {
        return grid.mortonCode(grid.cellOf(slot));
    }

    /** Copies the positions, sorted by cell, for {@link #queryPacked}; see {@link dev.ludus.sim.space.PackedGrid}. */
    void pack() {
        packed.rebuild(grid);
    }

    /**
     * {@link #query} against the positions as they were at the last {@link #pack()}: the same slots,
     * ordered by cell then slot; safe from many threads at once while nothing packs.
     */
    int queryPacked(double xMetres, double yMetres, double radiusMetres, IntList out) {
        return packed.query(xMetres, yMetres, radiusMetres, out);
    }

    /**
     * Moves an entity at once (a respawn, a game's teleport), clamped into the world, and stops it.
     *
     * @param slot    a live slot
     * @param xMetres finite
     * @param yMetres finite
     * @throws IllegalArgumentException when the slot is not live or a coordinate is not finite
     * @throws IllegalStateException when called while regions tick
     */
    public void moveTo(int slot, double xMetres, double yMetres) {
        requireStructureUnlocked("moveTo");
        requireLive(slot);
        if (!Double.isFinite(xMetres) || !Double.isFinite(yMetres)) {
            throw new IllegalArgumentException("position : (" + xMetres + ", " + yMetres + ") (expected: finite)");
        }
        vx[slot] = 0;
        vy[slot] = 0;
        place(slot, clampX(xMetres), clampY(yMetres));
    }

    /** Moves a live entity to a position inside the world (already clamped by the caller). */
    void place(int slot, double xMetres, double yMetres) {
        grid.move(slot, xMetres, yMetres);
        version++;
    }

    /** {@link #place} for the region phase: many threads at once, each in its own cells; not counted. */
    void placeInRegion(int slot, double xMetres, double yMetres) {
        grid.move(slot, xMetres, yMetres);
    }

    /**
     * @return a number that changes whenever an entity spawns, despawns or is moved other than by a
     *     region's movement: equal readings mean the same entities in the same cells, as far as
     *     anything outside the region phase is concerned
     */
    long version() {
        return version;
    }

    /** Refuses or allows spawn and despawn; see the class comment. */
    void lockStructure(boolean locked) {
        structureLocked = locked;
    }

    /** @return x clamped into {@code [0, width]} */
    double clampX(double xMetres) {
        return Math.clamp(xMetres, 0.0, config.widthMetres());
    }

    /** @return y clamped into {@code [0, height]} */
    double clampY(double yMetres) {
        return Math.clamp(yMetres, 0.0, config.heightMetres());
    }

    /**
     * Advances every entity by its velocity over {@code dtSeconds}, clamping to the world's edges
     * (an entity that reaches an edge stops moving across it) and sliding along obstacles (a move that
     * would touch one keeps only the component that does not, and the other velocity component
     * becomes 0; when neither fits, the entity stops where it is). A single-threaded step of the whole
     * world, for tools and tests; a {@link Simulation} moves entities region by region instead, with
     * the same arithmetic.
     *
     * @param dtSeconds simulated time step, {@code >= 0}
     */
    public void step(double dtSeconds) {
        double[] target = new double[2];
        for (int slot = 0; slot < highWater; slot++) {
            if (grid.contains(slot) && advance(slot, dtSeconds, target)) {
                grid.move(slot, target[0], target[1]);
            }
        }
    }

    /**
     * Where a live entity will be after {@code dtSeconds} at its velocity: stores x and y into
     * {@code target[0]} and {@code target[1]}. A component that would cross an edge is clamped onto
     * it and that velocity component is set to 0 (the entity stops moving across the edge).
     *
     * @return false, writing nothing, when the entity is at rest or a prop (which the physics moves)
     */
    boolean advance(int slot, double dtSeconds, double[] target) {
        // A prop moves with its rigid body (the simulation places it after each physics step); its
        // velocity is the body's, for clients' dead reckoning, and is never integrated here.
        if (vx[slot] == 0 && vy[slot] == 0 || kinds[slot] == PROP_ORDINAL) {
            return false;
        }
        double nx = grid.x(slot) + vx[slot] * dtSeconds;
        double ny = grid.y(slot) + vy[slot] * dtSeconds;
        if (nx < 0 || nx > config.widthMetres()) {
            nx = clampX(nx);
            vx[slot] = 0;
        }
        if (ny < 0 || ny > config.heightMetres()) {
            ny = clampY(ny);
            vy[slot] = 0;
        }
        if (obstacles.size() > 0) {
            double x = grid.x(slot);
            double y = grid.y(slot);
            if (obstacles.blocked(x, y, nx, ny)) {
                if (!obstacles.blocked(x, y, nx, y)) {
                    ny = y;
                    vy[slot] = 0;
                } else if (!obstacles.blocked(x, y, x, ny)) {
                    nx = x;
                    vx[slot] = 0;
                } else {
                    nx = x;
                    ny = y;
                    vx[slot] = 0;
                    vy[slot] = 0;
                }
            }
        }
        target[0] = nx;
        target[1] = ny;
        return true;
    }

    /**
     * Appends the live slots within {@code radiusMetres} of a point (boundary inside).
     *
     * @param xMetres      centre x
     * @param yMetres      centre y
     * @param radiusMetres {@code >= 0}
     * @param out          receives slots; not cleared first
     * @return the number of slots appended
     */
    public int query(double xMetres, double yMetres, double radiusMetres, IntList out) {
        return grid.query(xMetres, yMetres, radiusMetres, out);
    }

    /**
     * Sets an entity's velocity.
     *
     * @param slot a live slot
     * @param vxMetresPerSecond finite
     * @param vyMetresPerSecond finite
     * @throws IllegalArgumentException when the slot is not live or a component is not finite
     */
    public void setVelocity(int slot, double vxMetresPerSecond, double vyMetresPerSecond) {
        requireLive(slot);
        if (!Double.isFinite(vxMetresPerSecond) || !Double.isFinite(vyMetresPerSecond)) {
            throw new IllegalArgumentException("velocity : (" + vxMetresPerSecond + ", " + vyMetresPerSecond
                + ") (expected: finite)");
        }
        vx[slot] = vxMetresPerSecond;
        vy[slot] = vyMetresPerSecond;
    }

    /** @param slot any int @return whether an entity lives in it */
    public boolean isLive(int slot) {
        return grid.contains(slot);
    }

    /** @return one past the highest slot ever used: iterate {@code [0, slotLimit())} with {@link #isLive} */
    public int slotLimit() {
        return highWater;
    }

    /** @return the number of live entities */
    public int entityCount() {
        return entityCount;
    }

    /** @param slot a live slot @return the entity's id */
    public long id(int slot) {
        requireLive(slot);
        return ids[slot];
    }

    /** @param slot a live slot @return the entity's kind */
    public EntityKind kind(int slot) {
        requireLive(slot);
        return KINDS[kinds[slot]];
    }

    /** @param slot a live slot @return x, metres */
    public double x(int slot) {
        return grid.x(slot);
    }

    /** @param slot a live slot @return y, metres */
    public double y(int slot) {
        return grid.y(slot);
    }

    /** @param slot a live slot @return velocity x, metres per second */
    public double vx(int slot) {
        requireLive(slot);
        return vx[slot];
    }

    /** @param slot a live slot @return velocity y, metres per second */
    public double vy(int slot) {
        requireLive(slot);
        return vy[slot];
    }

    /**
     * @param id an entity id
     * @return its slot, or -1 when no live entity has that id
     */
    public int slotOf(long id) {
        return slotById.get(id);
    }

    /**
     * @param id any long
     * @return whether this world ever gave an entity that id (it may have despawned since; ids are
     *     never reused), so "gone" can be told from "never existed"
     */
    public boolean wasIssued(long id) {
        return id >= 1 && id < nextId;
    }

    /**
     * An order-sensitive hash of every live entity's id, kind, position and velocity, in slot order:
     * each 64-bit value is folded in by {@code h = (h ^ v) * K; h ^= h >>> 29} with K the 64-bit golden
     * ratio constant (as in SplitMix64). Equal worlds hash equal; used by tests, replays and the audit
     * log. Not a cryptographic hash: the audit log signs it, it does not rely on it resisting forgery.
     * About 1 ms per 100,000 entities.
     *
     * @return the hash
     */
    public long stateHash() {
        long hash = 0xcbf29ce484222325L;
        for (int slot = 0; slot < highWater; slot++) {
            if (!grid.contains(slot)) {
                continue;
            }
            hash = fold(hash, ids[slot]);
            hash = fold(hash, kinds[slot]);
            hash = fold(hash, Double.doubleToLongBits(grid.x(slot)));
            hash = fold(hash, Double.doubleToLongBits(grid.y(slot)));
            hash = fold(hash, Double.doubleToLongBits(vx[slot]));
            hash = fold(hash, Double.doubleToLongBits(vy[slot]));
        }
        return hash;
    }

    /**
     * The fold {@link #stateHash()} uses, for others that extend the state hash (the action engine's
     * state): {@code h = (hash ^ value) * K; h ^ (h >>> 29)} with K the 64-bit golden ratio constant
     * (as in SplitMix64). Order-sensitive, not cryptographic.
     *
     * @param hash  the hash so far
     * @param value the next value
     * @return the new hash
     */
    public static long fold(long hash, long value) {
        long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void requireStructureUnlocked(String operation) {
        if (structureLocked) {
            throw new IllegalStateException(operation + " while regions tick (expected: between ticks, in "
                + "GameRules.populate or GameRules.onMail)");
        }
    }

    private void requireLive(int slot) {
        if (!grid.contains(slot)) {
            throw new IllegalArgumentException("slot : " + slot + " (expected: a live entity)");
        }
    }

    private void ensureCapacity(int slots) {
        if (slots <= ids.length) {
            return;
        }
        int capacity = Math.max(slots, ids.length * 2);
        ids = Arrays.copyOf(ids, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        vx = Arrays.copyOf(vx, capacity);
        vy = Arrays.copyOf(vy, capacity);
    }
}
