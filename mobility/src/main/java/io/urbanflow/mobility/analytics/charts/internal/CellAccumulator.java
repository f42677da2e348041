package io.urbanflow.mobility.analytics.charts.internal;

import java.util.Arrays;

/**
 * Count and sum per cell id, in an open-addressing table of primitives: one call per point, no boxing.
 * Invariant: {@code keys[i] == EMPTY} exactly for free slots; the table is at most half full. Not thread-safe.
 */
public final class CellAccumulator {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private long[] counts;
    private double[] sums;
    private int size;

    public CellAccumulator() {
        allocate(1024);
    }

    /** Adds one observation of {@code value} to {@code cell} (cell must not be {@link Long#MIN_VALUE}). */
    public void add(long cell, double value) {
        add(cell, 1, value);
    }

    /** Adds {@code count} observations summing to {@code sum}. */
    public void add(long cell, long count, double sum) {
        int slot = slot(cell);
        if (keys[slot] == EMPTY) {
            keys[slot] = cell;
            size++;
            if (size * 2 > keys.length) {
                grow();
                slot = slot(cell);
            }
        }
        counts[slot] += count;
        sums[slot] += sum;
    }

    public int size() {
        return size;
    }

    /** Visits every cell with its count and sum, in no particular order. */
    public void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], counts[i], sums[i]);
            }
        }
    }

    /** Receives one cell of {@link #forEach}. */
    @FunctionalInterface
    public interface Visitor {
        void visit(long cell, long count, double sum);
    }

    private int slot(long cell) {
        int mask = keys.length - 1;
        // H3 indexes differ mostly in their middle bits: mix before masking
        long mixed = cell * 0x9E3779B97F4A7C15L;
        int slot = (int) (mixed ^ (mixed >>> 32)) & mask;
        while (keys[slot] != EMPTY && keys[slot] != cell) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        double[] oldSums = sums;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
                sums[slot] = oldSums[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        counts = new long[capacity];
        sums = new double[capacity];
    }
}
