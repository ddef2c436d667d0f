package dev.ludus.sim.world;

import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ServerMessage;
import dev.ludus.sim.space.IntList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The replication phase of a {@link Simulation} tick (DESIGN.md §4, step 9): every player's snapshot
 * of its area of interest, built in parallel on the simulation's workers while the world is read-only.
 *
 * <p>Two passes per tick. {@link #buildStates} makes one {@link EntityState} per awake entity, shared by
 * every snapshot that shows it (a crowd of n players seeing each other costs n records, not n
 * squared), and the packed copy of the positions sorted by cell that the queries read.
 * {@link #replicate} then gives each player the entities within the AOI radius of its entity, with
 * the ids that left its area since the last snapshot its link took; players are taken in Z-order of
 * their cells, {@value #CHUNK} per unit, so that one worker's consecutive queries read neighbouring
 * memory.
 *
 * <p>Used by the tick thread only; the work it hands to the pool reads the world and writes only
 * per-player and per-worker buffers.
 */
final class Replicator {
    /** Entities per unit of {@link #buildStates}. */
    private static final int STATE_CHUNK = 4096;
    /** Players per unit of {@link #replicate}: enough to amortise the hand-out and keep caches warm. */
    static final int CHUNK = 256;
    /** Bits for a player's index under its Morton code in the replication order (players below 2^22). */
    private static final int ORDER_BITS = 22;
    /** Sort-key bits above any Morton code (at most 2 x 20 bits for the largest world) shifted by {@link #ORDER_BITS}. */
    private static final long WATCHING_BIT = 1L << 62;
    private static final long STANDARD_BIT = 1L << 61;

    private final World world;
    /** The world's rigid bodies, read for the radius of the props that show them. */
    private final dev.ludus.sim.physics.RigidBodies bodies;
    private final WorkerPool pool;
    private final SimulationListener listener;
    private final Scratch[] scratches;
    /** This tick's shared snapshot record per slot, valid where {@link #stateTick} equals the tick. */
    private EntityState[] states = new EntityState[0];
    private long[] stateTick = new long[0];
    /** Per slot, the dilation factor of the region that ticked it this tick (valid with {@link #states}). */
    private double[] stateTimeScale = new double[0];
    /** The first state-building unit of each region; entry {@code regionCount} is the unit count. */
    private int[] stateUnits = new int[0];
    private ConnectedPlayer[] ordered = new ConnectedPlayer[0];
    private ConnectedPlayer[] byIndex = new ConnectedPlayer[0];
    private long[] order = new long[0];
    private long tick = -1;
    private long serverTimeMs;
    private java.util.function.LongSupplier nanoClock = () -> 0L;

    /** Sets the clock that stamps when each snapshot was handed over (update latency). */
    void nanoClock(java.util.function.LongSupplier clock) {
        this.nanoClock = clock;
    }

    Replicator(World world, dev.ludus.sim.physics.RigidBodies bodies, WorkerPool pool, SimulationListener listener) {
        this.world = world;
        this.bodies = bodies;
        this.pool = pool;
        this.listener = listener;
        this.scratches = new Scratch[pool.workers()];
        for (int w = 0; w < scratches.length; w++) {
            scratches[w] = new Scratch();
        }
    }

    /**
     * Builds this tick's snapshot record of every entity the regions ticked, once, in parallel, after
     * the merge (positions and velocities are final), and packs the positions for the queries. An
     * entity not listed in a region (spawned by mail, or handed over into a cell no region owned) gets
     * its record built by the snapshot that shows it.
     *
     * @param tick        the tick being replicated
     * @param regionTicks the regions of this tick, by ordinal; {@code regionCount} of them are used
     */
    void buildStates(long tick, List<RegionTick> regionTicks, int regionCount) {
        this.tick = tick;
        int limit = world.slotLimit();
        if (states.length < limit) {
            int old = states.length;
            states = Arrays.copyOf(states, Math.max(limit, old + (old >> 1)));
            stateTick = Arrays.copyOf(stateTick, states.length);
            stateTimeScale = Arrays.copyOf(stateTimeScale, states.length);
            Arrays.fill(stateTick, old, stateTick.length, -1);
        }
        if (stateUnits.length < regionCount + 1) {
            stateUnits = new int[Math.max(regionCount + 1, stateUnits.length * 2)];
        }
        int units = 0;
        for (int k = 0; k < regionCount; k++) {
            stateUnits[k] = units;
            units += (regionTicks.get(k).entities.size() + STATE_CHUNK - 1) / STATE_CHUNK;
        }
        stateUnits[regionCount] = units;
        // One more unit, the first handed out: the packed copy of the positions that the queries read.
        pool.run(units + 1, units > 1, (unit, worker) -> {
            if (unit == 0) {
                world.pack();
                return;
            }
            int k = regionOfUnit(unit - 1, regionCount);
            RegionTick region = regionTicks.get(k);
            IntList entities = region.entities;
            double timeScale = region.dilation();
            int from = (unit - 1 - stateUnits[k]) * STATE_CHUNK;
            int to = Math.min(entities.size(), from + STATE_CHUNK);
            for (int i = from; i < to; i++) {
                int slot = entities.get(i);
                if (world.isLive(slot)) {
                    states[slot] = stateOf(slot);
                    stateTick[slot] = tick;
                    stateTimeScale[slot] = timeScale;
                }
            }
        });
    }

    /**
     * Hands every player its snapshot; runs {@code alongside} as one more unit of the same phase (the
     * first handed out), which must only read the world. Failures of single snapshots are reported to
     * the listener afterwards, on the calling thread.
     *
     * @param players      the players, in any order; snapshots are of the tick {@link #buildStates} last ran for
     * @param serverTimeMs stamped on the snapshots
     * @param alongside    other read-only work of the phase
     */
    void replicate(Collection<ConnectedPlayer> players, long serverTimeMs, Runnable alongside) {
        this.serverTimeMs = serverTimeMs;
        int count = players.size();
        if (ordered.length < count) {
            ordered = new ConnectedPlayer[Math.max(count, ordered.length * 2)];
            byIndex = new ConnectedPlayer[ordered.length];
            order = new long[ordered.length];
        }
        // Players whose input this tick applied first (their client waits for the snapshot that confirms
        // its prediction; the others only watch), premium before standard within each group (their
        // snapshots are ready soonest), then in Z-order of their cells: consecutive snapshots read
        // neighbouring memory, so the caches serve one player's area of interest to the next. The
        // order changes nothing else: every snapshot holds the same state whenever it is built.
        int i = 0;
        for (ConnectedPlayer player : players) {
            byIndex[i] = player;
            order[i] = (player.lastInputTick == tick ? 0 : WATCHING_BIT) | (player.premium ? 0 : STANDARD_BIT)
                | (world.mortonOf(player.slot) << ORDER_BITS) | i;
            i++;
        }
        Arrays.sort(order, 0, count);
        for (int p = 0; p < count; p++) {
            ordered[p] = byIndex[(int) (order[p] & ((1L << ORDER_BITS) - 1))];
        }
        for (Scratch scratch : scratches) {
            scratch.fit(world.slotLimit());
        }
        int chunks = (count + CHUNK - 1) / CHUNK;
        pool.run(chunks + 1, chunks > 1, (unit, worker) -> {
            if (unit == 0) {
                alongside.run();
                return;
            }
            Scratch scratch = scratches[worker];
            int chunk = unit - 1;
            int end = Math.min(count, (chunk + 1) * CHUNK);
            for (int p = chunk * CHUNK; p < end; p++) {
                replicate(ordered[p], scratch);
            }
        });
        for (int p = 0; p < count; p++) {
            ConnectedPlayer player = ordered[p];
            if (player.replicationFailure != null) {
                listener.onError("snapshot for connection " + player.connectionId + " at tick " + tick,
                    player.replicationFailure);
                player.replicationFailure = null;
            }
            ordered[p] = null;
            byIndex[p] = null;
        }
    }

    /** The region whose state units include {@code unit}: binary search over the units' starts. */
    private int regionOfUnit(int unit, int regionCount) {
        int low = 0;
        int high = regionCount - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (stateUnits[mid] <= unit) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private EntityState stateOf(int slot) {
        EntityKind kind = world.kind(slot);
        long id = world.id(slot);
        double radius = 0;
        if (kind == EntityKind.PROP) {
            int body = bodies.bodyOf(id);
            radius = body < 0 ? 0 : bodies.radius(body);
        }
        return new EntityState(id, kind, world.x(slot), world.y(slot), world.vx(slot), world.vy(slot), radius);
    }

    /** One player's snapshot, on a worker: reads the world, writes only the player's and the worker's buffers. */
    private void replicate(ConnectedPlayer player, Scratch scratch) {
        try {
            IntList visible = scratch.visible;
            visible.clear();
            int count = world.queryPacked(world.x(player.slot), world.y(player.slot), world.config().aoiRadiusMetres(),
                visible);
            // Reused: the snapshot copies it into an immutable list of its own.
            List<EntityState> entities = scratch.entities;
            entities.clear();
            player.beginCurrent(count);
            int mark = scratch.nextMark();
            int[] marks = scratch.marks;
            for (int i = 0; i < count; i++) {
                int slot = visible.get(i);
                EntityState state = stateTick[slot] == tick ? states[slot] : stateOf(slot);
                player.currentSlots[i] = slot;
                player.currentIds[i] = state.id();
                marks[slot] = mark;
                entities.add(state);
            }
            // Clients are told their region's time-dilation factor (issue 4), so they scale prediction by it.
            double timeScale = stateTick[player.slot] == tick ? stateTimeScale[player.slot] : 1.0;
            boolean taken = player.link.onSnapshot(new ServerMessage.Snapshot(tick, serverTimeMs, player.ackSeq,
                entities, player.removedSinceTaken(world, marks, mark), timeScale));
            if (taken) {
                player.markTaken();
            }
            player.lastSnapshotSize = count;
            player.snapshotDoneNanos = nanoClock.getAsLong();
        } catch (RuntimeException e) {
            player.replicationFailure = e;
        }
    }

    /**
     * One worker's scratch space: the query's result, the snapshot's entity list, and a mark per slot
     * that says "visible to the player being replicated" without clearing anything between players.
     */
    private static final class Scratch {
        final IntList visible = new IntList(256);
        final List<EntityState> entities = new ArrayList<>(256);
        int[] marks = new int[0];
        private int mark;

        /** Grows the marks to cover every slot; on the tick thread, before the phase. */
        void fit(int slots) {
            if (marks.length < slots) {
                marks = Arrays.copyOf(marks, Math.max(slots, marks.length + (marks.length >> 1)));
            }
        }

        /** @return a mark no slot carries yet */
        int nextMark() {
            if (++mark == 0) {
                Arrays.fill(marks, 0);
                mark = 1;
            }
            return mark;
        }
    }
}
