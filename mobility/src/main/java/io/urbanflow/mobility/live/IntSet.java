package io.urbanflow.mobility.live;

/**
 * A set of non-negative ints (vehicle numbers) by open addressing, without boxing: one per cell and window to
 * count distinct vehicles. Starts tiny because most cells see few vehicles in ten minutes. Not thread-safe.
 */
final class IntSet {
    private static final int EMPTY = -1;
    private int[] slots = {EMPTY, EMPTY, EMPTY, EMPTY};
    private int size;

    int size() {
        return size;
    }

    /** @return true when {@code value} was not in the set */
    boolean add(int value) {
        int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (slots[slot] != EMPTY) {
            if (slots[slot] == value) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = value;
        size++;
        if (size * 4 > slots.length * 3) {
            grow();
        }
        return true;
    }

    boolean contains(int value) {
        int mask = slots.length - 1;
        for (int slot = mix(value) & mask; slots[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (slots[slot] == value) {
                return true;
            }
        }
        return false;
    }

    private static int mix(int value) {
        return value * 0x9E3779B9 >>> 7;
    }

    private void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        java.util.Arrays.fill(slots, EMPTY);
        size = 0;
        for (int value : old) {
            if (value != EMPTY) {
                add(value);
            }
        }
    }
}
