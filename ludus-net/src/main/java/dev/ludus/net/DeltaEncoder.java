package dev.ludus.net;

import dev.ludus.protocol.ClientMessage;
import dev.ludus.protocol.DeltaEntity;
import dev.ludus.protocol.EntityKind;
import dev.ludus.protocol.EntityState;
import dev.ludus.protocol.ErrorCode;
import dev.ludus.protocol.ProtocolException;
import dev.ludus.protocol.ServerMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one client's full snapshots into deltas against the last frame it acknowledged, under a
 * byte budget, ordering entities by a priority accumulator.
 *
 * <p><b>Baselines</b> (after Quake III's {@code client_t.frames[PACKET_BACKUP]}): the last
 * {@value #HISTORY} frames sent are kept in a ring (the last {@value #HISTORY} frames, whatever the ticks between them), each as the client will hold it
 * after decoding: ids ascending with quantized values (1 cm, 1 cm/s; {@link DeltaEntity}). A delta
 * lists the entities new to the acknowledged frame (absolute values and kind) or changed since it, and
 * the ids it held that are gone. "Changed" is measured against the baseline moved on by its own
 * velocity ({@link #extrapolate}, dead reckoning): an entity walking straight at constant speed
 * costs nothing, and one that turned costs the difference. With no usable acknowledged frame (none yet, or
 * evicted from the ring) the frame is full: {@code baseTick} -1.
 *
 * <p><b>Priority and budget</b> (after Glenn Fiedler, "State Synchronization", Gaffer On Games, 2015):
 * every changed entity's accumulator grows each frame by its weight, higher for players than NPCs
 * than items, and higher near the client's own entity ({@code 1 / (1 + d / 10 m)}); entities are
 * written in descending accumulator order while the frame's byte allowance lasts, and a written
 * entity's accumulator returns to 0. A deferred entity stays at the baseline's values in the recorded
 * frame (or absent when new), so the next delta against it still carries the change, with more
 * priority. The client's own entity and the removals are always written, and a full frame is never cut
 * (the client keeps nothing of what it held, so an entity left out would vanish). Reliable messages
 * (action results, status) never pass through here: the proxy writes them ahead of the frame.
 *
 * <p>Event loop only: one instance per connection, allocations grow to the largest area of interest
 * and are reused.
 */
final class DeltaEncoder {
    /** Frames kept as possible baselines: Quake III's {@code PACKET_BACKUP}. */
    static final int HISTORY = ClientMessage.Ack.ACK_HISTORY;
    /** Ticks back over which the encoder remembers which ticks it sent, to tell an evicted ack from a forged one. */
    private static final int SENT_WINDOW = 256;
    /** Distance at which an entity's weight halves, metres. */
    private static final double HALF_WEIGHT_METRES = 10;
    /** {@code EntityKind.values()} once: the method clones the array on every call. */
    private static final EntityKind[] KINDS = EntityKind.values();
    /** Bytes of a delta's envelope and header, an upper bound for both wire formats. */
    static final int HEADER_BYTES = 120;

    private final Frame[] ring = new Frame[HISTORY];
    private Frame scratch = new Frame();
    private final long[] sentBits = new long[SENT_WINDOW / 64];
    private long lastSentTick = -1;
    /** Frames recorded so far; the ring holds the last {@link #HISTORY} of them. */
    private long recorded;
    private long ackedTick = -1;
    private final boolean json;
    /** Accumulators of the last frame's entities, ids ascending. */
    private long[] accIds = new long[64];
    private double[] accValues = new double[64];
    private int accCount;
    private double[] nextAcc = new double[64];
    private long[] order = new long[64];
    private long deferredTotal;

    private final int tickRateHz;

    /**
     * @param json       whether frames go out as JSON (size estimates differ from protobuf's)
     * @param tickRateHz the world's tick rate (the {@code welcome}'s), which the extrapolation of a baseline uses
     */
    DeltaEncoder(boolean json, int tickRateHz) {
        this.json = json;
        this.tickRateHz = tickRateHz;
        for (int i = 0; i < HISTORY; i++) {
            ring[i] = new Frame();
        }
    }

    /**
     * Takes the client's acknowledgement of a frame.
     *
     * @param tick the acknowledged tick
     * @throws ProtocolException {@link ErrorCode#ACK_NOT_INCREASING} when below the last acknowledged tick,
     *     {@link ErrorCode#ACK_UNKNOWN_TICK} when no frame of that tick was sent; either leaves the state as it was
     */
    void ack(long tick) {
        if (tick < ackedTick) {
            throw new ProtocolException(ErrorCode.ACK_NOT_INCREASING,
                "ack.tick : " + tick + " (expected: >= " + ackedTick + ", the last acknowledged)");
        }
        if (tick > lastSentTick || tick > lastSentTick - SENT_WINDOW && !wasSent(tick)) {
            throw new ProtocolException(ErrorCode.ACK_UNKNOWN_TICK, "ack.tick : " + tick + " (expected: a tick whose frame was sent"
                + (lastSentTick < 0 ? "; none sent yet)" : ", the last being " + lastSentTick + ")"));
        }
        ackedTick = tick;
    }

    /** @return the last acknowledged tick, or -1 */
    long ackedTick() {
        return ackedTick;
    }

    /** @return entity updates deferred by the budget so far */
    long deferredTotal() {
        return deferredTotal;
    }

    /**
     * Encodes this tick's frame for the client.
     *
     * @param snapshot     the full snapshot of the client's area of interest
     * @param ownEntityId  the client's entity (always written), or -1
     * @param allowance    bytes a delta may use for entities and removals beyond {@link #HEADER_BYTES}; the
     *                     own entity and removals are written even past it, and a full frame ignores it
     * @return the delta (full when there is no usable baseline)
     */
    ServerMessage.Delta encode(ServerMessage.Snapshot snapshot, long ownEntityId, int allowance) {
        Frame current = scratch;
        current.fill(snapshot);
        current.tick = snapshot.tick();
        Frame base = baseline();
        double ownX = 0;
        double ownY = 0;
        int own = current.indexOf(ownEntityId);
        if (own >= 0) {
            ownX = DeltaEntity.metres(current.x[own]);
            ownY = DeltaEntity.metres(current.y[own]);
        }
        int n = current.count;
        int elapsedTicks = base == null ? 0 : (int) Math.min(Integer.MAX_VALUE, current.tick - base.tick);
        if (nextAcc.length < n) {
            nextAcc = new double[Math.max(n, nextAcc.length * 2)];
            order = new long[nextAcc.length];
        }
        // Merge walk over three id-ascending lists: current, baseline, previous accumulators.
        int b = 0;
        int a = 0;
        int candidates = 0;
        List<Long> removed = new ArrayList<>();
        int[] baseIndex = current.baseIndex;
        for (int i = 0; i < n; i++) {
            long id = current.ids[i];
            while (base != null && b < base.count && base.ids[b] < id) {
                removed.add(base.ids[b++]);
            }
            int bi = base != null && b < base.count && base.ids[b] == id ? b++ : -1;
            baseIndex[i] = bi;
            // The client holds the baseline moved on by its velocity (dead reckoning): what changed is the difference.
            if (bi >= 0) {
                current.px[i] = base.x[bi] + extrapolate(base.vx[bi], elapsedTicks, tickRateHz);
                current.py[i] = base.y[bi] + extrapolate(base.vy[bi], elapsedTicks, tickRateHz);
            }
            while (a < accCount && accIds[a] < id) {
                a++;
            }
            double acc = a < accCount && accIds[a] == id ? accValues[a] : 0;
            boolean changed = bi < 0 || current.px[i] != current.x[i] || current.py[i] != current.y[i]
                || base.vx[bi] != current.vx[i] || base.vy[bi] != current.vy[i];
            if (!changed) {
                nextAcc[i] = 0;
                continue;
            }
            double dx = DeltaEntity.metres(current.x[i]) - ownX;
            double dy = DeltaEntity.metres(current.y[i]) - ownY;
            acc += weight(current.kinds[i]) / (1 + Math.sqrt(dx * dx + dy * dy) / HALF_WEIGHT_METRES);
            if (i == own) {
                acc = Double.MAX_VALUE;
            }
            nextAcc[i] = acc;
            // Descending accumulator, then ascending index: a total order, so the choice is deterministic.
            long scaled = (long) Math.min(acc * 1024, (double) (1L << 42) - 1);
            order[candidates++] = (((1L << 42) - 1 - scaled) << 20) | i;
        }
        while (base != null && b < base.count) {
            removed.add(base.ids[b++]);
        }
        Arrays.sort(order, 0, candidates);
        int spent = removed.size() * 6;
        boolean[] sent = current.sent;
        Arrays.fill(sent, 0, n, false);
        int written = 0;
        for (int c = 0; c < candidates; c++) {
            int i = (int) (order[c] & 0xFFFFF);
            int bi = baseIndex[i];
            int cost = bi < 0
                ? estimate(current.ids[i], true, current.x[i], current.y[i], current.vx[i], current.vy[i], current.radius[i])
                : estimate(current.ids[i], false, current.x[i] - current.px[i], current.y[i] - current.py[i],
                    current.vx[i] - base.vx[bi], current.vy[i] - base.vy[bi], 0);
            // A full frame is never cut: the client drops everything it held on one, so an entity left out would vanish
            // from its view until a later delta brought it back. Only deltas (the rest is safe in the baseline) are budgeted.
            if (i != own && base != null && spent + cost > allowance) {
                deferredTotal++;
                continue;
            }
            spent += cost;
            sent[i] = true;
            nextAcc[i] = 0;
            written++;
        }
        // Indices ascend with ids: building the chosen in index order lists them by id, with no sort. The
        // updates are built only here, into the new list: a long-lived array holding them would leave the
        // garbage collector cards to scan at every young collection (an old object pointing at young ones).
        List<DeltaEntity> entities = new ArrayList<>(written);
        for (int i = 0; i < n && entities.size() < written; i++) {
            if (!sent[i]) {
                continue;
            }
            int bi = baseIndex[i];
            entities.add(bi < 0
                ? new DeltaEntity(current.ids[i], KINDS[current.kinds[i]], current.x[i], current.y[i],
                    current.vx[i], current.vy[i], current.radius[i])
                : new DeltaEntity(current.ids[i], null, current.x[i] - current.px[i], current.y[i] - current.py[i],
                    current.vx[i] - base.vx[bi], current.vy[i] - base.vy[bi]));
        }
        rememberAccumulators(current);
        current.settle(base);
        record(current, snapshot.tick());
        return new ServerMessage.Delta(snapshot.tick(), base == null ? -1 : base.tick, snapshot.serverTimeMs(),
            snapshot.ackSeq(), snapshot.timeScale(), entities, removed);
    }

    /**
     * How far a velocity carries an entity over {@code ticks} ticks, in the units of the velocity per second
     * divided by the tick rate, rounded half up: {@code floor((2 * v * ticks + rate) / (2 * rate))}. Clients
     * compute exactly this (docs/protocol.md §16.3), so both sides agree to the centimetre.
     *
     * @param unitsPerSecond a quantized velocity, cm/s
     * @param ticks          ticks since the baseline, {@code >= 0}
     * @param tickRateHz     ticks per second, {@code > 0}
     * @return the displacement, cm, saturated to the range of an {@code int}
     */
    static int extrapolate(int unitsPerSecond, int ticks, int tickRateHz) {
        long doubled = 2L * unitsPerSecond * ticks + tickRateHz;
        long units = Math.floorDiv(doubled, 2L * tickRateHz);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, units));
    }

    private Frame baseline() {
        if (ackedTick < 0) {
            return null;
        }
        // Newest first over the last HISTORY frames sent, whatever ticks they went out at (one every few ticks when the
        // adaptive rate slowed them); ticks ascend, so a frame older than the ack ends the search.
        for (long back = 1; back <= HISTORY && back <= recorded; back++) {
            Frame frame = ring[(int) ((recorded - back) & (HISTORY - 1))];
            if (frame.tick == ackedTick) {
                return frame;
            }
            if (frame.tick < ackedTick) {
                return null;
            }
        }
        return null;
    }

    private void rememberAccumulators(Frame current) {
        if (accIds.length < current.count) {
            accIds = new long[Math.max(current.count, accIds.length * 2)];
            accValues = new double[accIds.length];
        }
        // Only the entities still in view keep an accumulator: one leaving and coming back starts afresh.
        System.arraycopy(current.ids, 0, accIds, 0, current.count);
        System.arraycopy(nextAcc, 0, accValues, 0, current.count);
        accCount = current.count;
    }

    private void record(Frame current, long tick) {
        // Indexed by frame, not by tick: at one frame every N ticks a ring indexed by tick would keep only 32 / N of them.
        int slot = (int) (recorded++ & (HISTORY - 1));
        current.tick = tick;
        scratch = ring[slot];
        ring[slot] = current;
        if (lastSentTick >= 0) {
            for (long t = lastSentTick + 1; t < tick && t <= lastSentTick + SENT_WINDOW; t++) {
                clearSent(t);
            }
        }
        sentBits[(int) ((tick % SENT_WINDOW) >>> 6)] |= 1L << (tick & 63);
        lastSentTick = tick;
    }

    private boolean wasSent(long tick) {
        return (sentBits[(int) ((tick % SENT_WINDOW) >>> 6)] & (1L << (tick & 63))) != 0;
    }

    private void clearSent(long tick) {
        sentBits[(int) ((tick % SENT_WINDOW) >>> 6)] &= ~(1L << (tick & 63));
    }

    /** Players matter most to players, then what moves on its own, then what lies still. */
    private static double weight(int kindOrdinal) {
        return switch (KINDS[kindOrdinal]) {
            case PLAYER -> 2;
            case NPC -> 1.5;
            case ITEM, RESOURCE, PROP -> 1;
        };
    }

    /**
     * An upper bound of an entity update's bytes in this connection's format.
     *
     * @param isNew whether the update carries the kind (an entity new to the baseline)
     */
    private int estimate(long id, boolean isNew, int x, int y, int vx, int vy, int radius) {
        if (json) {
            int size = 9 + digits(id) + (isNew ? 18 : 0);
            size += x == 0 ? 0 : 6 + digits(x);
            size += y == 0 ? 0 : 6 + digits(y);
            size += vx == 0 ? 0 : 7 + digits(vx);
            size += vy == 0 ? 0 : 7 + digits(vy);
            size += radius == 0 ? 0 : 11 + digits(radius);
            return size;
        }
        int size = 3 + varint(id) + (isNew ? 2 : 0);
        size += x == 0 ? 0 : 1 + zigzag(x);
        size += y == 0 ? 0 : 1 + zigzag(y);
        size += vx == 0 ? 0 : 1 + zigzag(vx);
        size += vy == 0 ? 0 : 1 + zigzag(vy);
        size += radius == 0 ? 0 : 1 + varint(radius);
        return size;
    }

    private static int digits(long value) {
        return Long.toString(value).length();
    }

    private static int varint(long value) {
        return value == 0 ? 1 : (64 - Long.numberOfLeadingZeros(value) + 6) / 7;
    }

    private static int zigzag(int value) {
        return varint(Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
    }

    /** One frame as the client holds it: ids ascending, quantized values. */
    static final class Frame {
        private static final int INDEX_BITS = 20;
        private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
        private static final long MAX_PACKED_ID = (1L << (63 - INDEX_BITS)) - 1;
        long tick = -1;
        int count;
        long[] ids = new long[64];
        int[] kinds = new int[64];
        int[] x = new int[64];
        int[] y = new int[64];
        int[] vx = new int[64];
        int[] vy = new int[64];
        /** Radius, centimetres; 0 for kinds whose size is fixed. */
        int[] radius = new int[64];
        /** Per entity, during {@link #encode}: the baseline's position extrapolated to this frame's tick. */
        int[] px = new int[64];
        int[] py = new int[64];
        /** Per entity, during {@link #encode}: its index in the baseline or -1, and whether it was written. */
        int[] baseIndex = new int[64];
        boolean[] sent = new boolean[64];
        /** During {@link #fill}: (id, position in the snapshot) packed, sorted to order the entities by id. */
        private long[] sortKeys = new long[64];

        void fill(ServerMessage.Snapshot snapshot) {
            List<EntityState> entities = snapshot.entities();
            int n = entities.size();
            fit(n);
            // Sort primitive keys, (id << INDEX_BITS) | position, rather than the records with a comparator.
            for (int i = 0; i < n; i++) {
                long id = entities.get(i).id();
                if (id > MAX_PACKED_ID || n > INDEX_MASK) {
                    fillSortingRecords(entities, n);
                    return;
                }
                sortKeys[i] = (id << INDEX_BITS) | i;
            }
            Arrays.sort(sortKeys, 0, n);
            for (int i = 0; i < n; i++) {
                store(i, entities.get((int) (sortKeys[i] & INDEX_MASK)));
            }
            count = n;
        }

        /** The general case, for ids too large to pack (after 2^43 entities): sorts the records by id. */
        private void fillSortingRecords(List<EntityState> entities, int n) {
            EntityState[] states = entities.toArray(new EntityState[0]);
            Arrays.sort(states, 0, n, java.util.Comparator.comparingLong(EntityState::id));
            for (int i = 0; i < n; i++) {
                store(i, states[i]);
            }
            count = n;
        }

        private void store(int i, EntityState e) {
            ids[i] = e.id();
            kinds[i] = e.kind().ordinal();
            x[i] = DeltaEntity.quantize(e.x());
            y[i] = DeltaEntity.quantize(e.y());
            vx[i] = DeltaEntity.quantize(e.vx());
            vy[i] = DeltaEntity.quantize(e.vy());
            radius[i] = DeltaEntity.quantize(e.radius());
        }

        /**
         * Makes this frame what the client holds after decoding: an entity deferred by the budget keeps the
         * baseline's values, or is dropped when the baseline did not have it.
         */
        void settle(Frame base) {
            int kept = 0;
            for (int i = 0; i < count; i++) {
                int bi = baseIndex[i];
                boolean unchanged = bi >= 0 && px[i] == x[i] && py[i] == y[i] && base.vx[bi] == vx[i]
                    && base.vy[bi] == vy[i];
                if (!sent[i] && !unchanged) {
                    if (bi < 0) {
                        continue;
                    }
                    x[i] = px[i];
                    y[i] = py[i];
                    vx[i] = base.vx[bi];
                    vy[i] = base.vy[bi];
                }
                ids[kept] = ids[i];
                kinds[kept] = kinds[i];
                x[kept] = x[i];
                y[kept] = y[i];
                vx[kept] = vx[i];
                vy[kept] = vy[i];
                radius[kept] = radius[i];
                kept++;
            }
            count = kept;
        }

        int indexOf(long id) {
            return id < 0 ? -1 : Math.max(-1, Arrays.binarySearch(ids, 0, count, id));
        }

        private void fit(int n) {
            if (ids.length < n) {
                int size = Math.max(n, ids.length * 2);
                ids = new long[size];
                kinds = new int[size];
                x = new int[size];
                y = new int[size];
                vx = new int[size];
                vy = new int[size];
                radius = new int[size];
                px = new int[size];
                py = new int[size];
                baseIndex = new int[size];
                sent = new boolean[size];
                sortKeys = new long[size];
            }
        }
    }
}
