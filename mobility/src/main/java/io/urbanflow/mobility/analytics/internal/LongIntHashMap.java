package io.urbanflow.mobility.analytics.internal;

import java.util.Arrays;

/**
 * A map from long keys to int values with open addressing and linear probing: no boxing on lookups, for per-point
 * paths. Key {@link Long#MIN_VALUE} is reserved as the empty marker. Not thread-safe.
 */
public final class LongIntHashMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;
    private int mask;

    public LongIntHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private static int hash(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }

    /** The value of {@code key}, or {@code missing} when absent. */
    public int get(long key, int missing) {
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                return values[slot];
            }
            if (found == EMPTY) {
                return missing;
            }
        }
    }

    public void put(long key, int value) {
        if (key == EMPTY) {
            throw new IllegalArgumentException("Cannot store key Long.MIN_VALUE: it marks empty slots");
        }
        if ((size + 1) * 2 > keys.length) {
            rehash();
        }
        for (int slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                values[slot] = value;
                return;
            }
            if (keys[slot] == EMPTY) {
                keys[slot] = key;
                values[slot] = value;
                size++;
                return;
            }
        }
    }

    public int size() {
        return size;
    }

    /** Receives a key and its value. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(long key, int value);
    }

    /** Visits every entry, in no particular order. */
    public void forEach(EntryConsumer consumer) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                consumer.accept(keys[slot], values[slot]);
            }
        }
    }

    /** Adds {@code delta} to the value of {@code key} (0 when absent) and returns the new value. */
    public int add(long key, int delta) {
        int value = get(key, 0) + delta;
        put(key, value);
        return value;
    }

    private void rehash() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        Arrays.fill(keys, EMPTY);
        mask = keys.length - 1;
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != EMPTY) {
                put(oldKeys[slot], oldValues[slot]);
            }
        }
    }
}
