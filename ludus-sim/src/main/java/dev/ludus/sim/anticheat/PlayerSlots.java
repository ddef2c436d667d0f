package dev.ludus.sim.anticheat;

import java.util.Arrays;

/**
 * Player ids to dense slot numbers, so per-player state lives in primitive arrays: an open-addressing
 * hash map from {@code long} to {@code int} with linear probing and backward-shift deletion (Knuth,
 * <i>TAOCP</i> vol. 3, §6.4, Algorithm R), and a stack of freed slots that new players reuse. Lookups
 * and insertions allocate nothing except when the table grows. Not thread-safe.
 */
final class PlayerSlots {
    /** Returned when an id has no slot. */
    static final int MISSING = -1;
    private static final int INITIAL_TABLE = 64;

    private long[] keys = new long[INITIAL_TABLE];
    private int[] values = filledWithMissing(INITIAL_TABLE);
    private int size;
    private int[] freed = new int[16];
    private int freedCount;
    private int slotsInUse;

    /**
     * @param id a player
     * @return its slot, or {@link #MISSING}
     */
    int slotOf(long id) {
        int mask = keys.length - 1;
        for (int i = index(id, mask); values[i] != MISSING; i = (i + 1) & mask) {
            if (keys[i] == id) {
                return values[i];
            }
        }
        return MISSING;
    }

    /**
     * @param id a player
     * @return its slot, a new one (a freed slot first) if it had none
     */
    int slotOrAdd(long id) {
        int existing = slotOf(id);
        if (existing != MISSING) {
            return existing;
        }
        if ((size + 1) * 2 > keys.length) {
            rehash(keys.length * 2);
        }
        int slot = freedCount > 0 ? freed[--freedCount] : slotsInUse++;
        int mask = keys.length - 1;
        int i = index(id, mask);
        while (values[i] != MISSING) {
            i = (i + 1) & mask;
        }
        keys[i] = id;
        values[i] = slot;
        size++;
        return slot;
    }

    /**
     * @param id a player
     * @return the slot it had, now free, or {@link #MISSING}
     */
    int remove(long id) {
        int mask = keys.length - 1;
        int i = index(id, mask);
        while (values[i] != MISSING && keys[i] != id) {
            i = (i + 1) & mask;
        }
        int slot = values[i];
        if (slot == MISSING) {
            return MISSING;
        }
        // Backward shift: move later entries of the probe chain into the hole so lookups never stop early.
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != MISSING; j = (j + 1) & mask) {
            int home = index(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = MISSING;
        size--;
        if (freedCount == freed.length) {
            freed = Arrays.copyOf(freed, freed.length * 2);
        }
        freed[freedCount++] = slot;
        return slot;
    }

    /** @return one more than the highest slot ever handed out: per-slot arrays need this length */
    int slotsInUse() {
        return slotsInUse;
    }

    /** @return the players holding a slot */
    int size() {
        return size;
    }

    private void rehash(int length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[length];
        values = filledWithMissing(length);
        int mask = length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != MISSING) {
                int i = index(oldKeys[j], mask);
                while (values[i] != MISSING) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Fibonacci hashing (Knuth, <i>TAOCP</i> vol. 3, §6.4): the golden-ratio multiple's high bits. */
    private static int index(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private static int[] filledWithMissing(int length) {
        int[] array = new int[length];
        Arrays.fill(array, MISSING);
        return array;
    }
}
