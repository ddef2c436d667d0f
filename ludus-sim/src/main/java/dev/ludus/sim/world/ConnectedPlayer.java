package dev.ludus.sim.world;

import java.util.ArrayList;
import java.util.List;

/**
 * A connected player as the simulation keeps it: its entity, its last applied input, and what its last
 * taken snapshot held (the baseline of the next snapshot's {@code removed}). Written by the tick
 * thread at the boundary, by its region's worker (moves) and by one replication worker (snapshots),
 * one after another with happens-before edges between them.
 */
final class ConnectedPlayer {
    final long connectionId;
    final String name;
    final PlayerLink link;
    final int slot;
    final long entityId;
    long ackSeq = -1;
    /** The highest move seq applied; moves below it (reordered behind an action) are stale. */
    long lastMoveSeq = -1;
    RuntimeException replicationFailure;
    /** Premium status, from the join. */
    boolean premium;
    /** The last tick whose commands applied an input or an action of this player, or -1. */
    long lastInputTick = -1;
    /** The last tick this player attacked, and traded, harvested, picked up or used something; or -1. */
    long lastCombatTick = -1;
    long lastTradeTick = -1;
    /** The nano clock when this tick's snapshot had been handed to the link (replication worker). */
    long snapshotDoneNanos;
    /** Entities in the last snapshot built, for the cost model. */
    int lastSnapshotSize;
    private long[] takenIds = new long[0];
    private int[] takenSlots = new int[0];
    private int takenCount;
    long[] currentIds = new long[64];
    int[] currentSlots = new int[64];
    private int currentCount;

    ConnectedPlayer(long connectionId, String name, PlayerLink link, int slot, long entityId) {
        this.connectionId = connectionId;
        this.name = name;
        this.link = link;
        this.slot = slot;
        this.entityId = entityId;
    }

    /** Makes room for this tick's {@code count} visible entities, filled by the caller. */
    void beginCurrent(int count) {
        if (currentIds.length < count) {
            currentIds = new long[Math.max(count, currentIds.length * 2)];
            currentSlots = new int[currentIds.length];
        }
        currentCount = count;
    }

    /** This tick's snapshot was taken: it becomes the baseline for the next {@code removed}. */
    void markTaken() {
        long[] spareIds = takenIds;
        int[] spareSlots = takenSlots;
        takenIds = currentIds;
        takenSlots = currentSlots;
        takenCount = currentCount;
        currentIds = spareIds;
        currentSlots = spareSlots;
    }

    /**
     * Ids in the last taken snapshot and not in the current one, ascending. An entity is still
     * visible when its old slot carries this player's mark and still holds the same id (a slot
     * can be reused by a new entity, ids never are).
     */
    List<Long> removedSinceTaken(World world, int[] marks, int mark) {
        List<Long> removed = null;
        for (int i = 0; i < takenCount; i++) {
            int slot = takenSlots[i];
            if (marks[slot] != mark || world.id(slot) != takenIds[i]) {
                if (removed == null) {
                    removed = new ArrayList<>();
                }
                removed.add(takenIds[i]);
            }
        }
        if (removed == null) {
            return List.of();
        }
        removed.sort(null);
        return removed;
    }
}
