package dev.ludus.sim.space;

import java.util.Arrays;

/**
 * A growable list of primitive {@code int}s, reused across ticks so that queries allocate nothing
 * once it has grown to its working size.
 *
 * <p>Not thread-safe: owned by one thread, like the world it indexes.
 */
public final class IntList {
    private int[] values;
    private int size;

    /**
     * @param initialCapacity starting capacity, {@code >= 0}
     * @throws IllegalArgumentException when {@code initialCapacity < 0}
     */
    public IntList(int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("initialCapacity : " + initialCapacity + " (expected: >= 0)");
        }
        values = new int[initialCapacity];
    }

    /** @param value appended at the end, growing the backing array by half when full */
    public void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(8, size + (size >> 1)));
        }
        values[size++] = value;
    }

    /**
     * @param other values appended at the end, in order
     */
    public void addAll(IntList other) {
        int needed = size + other.size;
        if (needed > values.length) {
            values = Arrays.copyOf(values, Math.max(needed, values.length + (values.length >> 1)));
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size = needed;
    }

    /**
     * @param index {@code 0 <= index < size()}
     * @return the value at that index
     * @throws IndexOutOfBoundsException when the index is outside the list
     */
    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }

    /** @return the number of values */
    public int size() {
        return size;
    }

    /** Empties the list, keeping its capacity. */
    public void clear() {
        size = 0;
    }

    /** @return a copy of the values, in order */
    public int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
