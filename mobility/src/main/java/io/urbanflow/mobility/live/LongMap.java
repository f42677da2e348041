package io.urbanflow.mobility.live;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from {@code long} keys to objects, without boxing the keys: the live aggregator
 * looks up an H3 cell per point. Key 0 is reserved as the empty slot (H3 has no cell 0). Linear probing; removal
 * shifts the following run back so lookups never need tombstones. Not thread-safe.
 */
final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        this(16);
    }

    LongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            long found = keys[slot];
            if (found == key) {
                return (V) values[slot];
            }
            if (found == 0) {
                return null;
            }
        }
    }

    /** @throws IllegalArgumentException for key 0 */
    void put(long key, V value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved");
        }
        int slot = slot(key);
        while (keys[slot] != 0 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
        if (size * 4 > keys.length * 3) {
            grow();
        }
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int slot = slot(key);
        while (keys[slot] != key) {
            if (keys[slot] == 0) {
                return null;
            }
            slot = (slot + 1) & mask;
        }
        V removed = (V) values[slot];
        // Backward-shift deletion: move later entries of the probe run into the hole when their home allows it.
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != 0; next = (next + 1) & mask) {
            int home = slot(keys[next]);
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                keys[hole] = keys[next];
                values[hole] = values[next];
                hole = next;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
        return removed;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != 0) {
                action.accept((V) values[slot]);
            }
        }
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    private int slot(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != 0) {
                int target = slot(oldKeys[slot]);
                while (keys[target] != 0) {
                    target = (target + 1) & mask;
                }
                keys[target] = oldKeys[slot];
                values[target] = oldValues[slot];
                size++;
            }
        }
    }
}
