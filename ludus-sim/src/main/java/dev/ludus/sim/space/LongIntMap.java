package dev.ludus.sim.space;

import java.util.Arrays;

/**
 * A map from {@code long} keys to non-negative {@code int} values without boxing: open addressing
 * with linear probing in power-of-two tables, kept at most half full, and backward-shift deletion
 * (Knuth, The Art of Computer Programming vol. 3, §6.4, Algorithm R) so lookups never meet
 * tombstones. Keys are spread by the SplitMix64 finaliser (Steele, Lea and Flood, OOPSLA 2014).
 *
 * <p>{@link Long#MIN_VALUE} cannot be a key (it marks empty slots). Not thread-safe.
 */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    /**
     * @param expected entries expected, {@code >= 0}; the table grows past it as needed
     */
    public LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** @return entries in the map */
    public int size() {
        return size;
    }

    /**
     * @param key any long but {@link Long#MIN_VALUE}
     * @return the value, or -1 when the key is absent
     */
    public int get(long key) {
        if (key == EMPTY) {
            return -1;
        }
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Maps a key to a value, replacing any previous value.
     *
     * @param key   any long but {@link Long#MIN_VALUE}
     * @param value {@code >= 0}
     * @return the previous value, or -1 when the key was absent
     * @throws IllegalArgumentException when the key is {@link Long#MIN_VALUE} or the value negative
     */
    public int put(long key, int value) {
        if (key == EMPTY || value < 0) {
            throw new IllegalArgumentException("key " + key + ", value " + value
                + " (expected: a key other than Long.MIN_VALUE and a value >= 0)");
        }
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * @param key any long
     * @return the removed value, or -1 when the key was absent
     */
    public int remove(long key) {
        if (key == EMPTY) {
            return -1;
        }
        int i = index(key);
        while (true) {
            long k = keys[i];
            if (k == EMPTY) {
                return -1;
            }
            if (k == key) {
                break;
            }
            i = (i + 1) & mask;
        }
        int removed = values[i];
        // Shift later entries of the probe run back into the hole when their home allows it.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long k = keys[j];
            if (k == EMPTY) {
                break;
            }
            int home = index(k);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = k;
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        size--;
        return removed;
    }

    /** Removes every entry, keeping the table. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
            size = 0;
        }
    }

    private int index(long key) {
        long h = key;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return (int) (h ^ (h >>> 31)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new int[keys.length];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
