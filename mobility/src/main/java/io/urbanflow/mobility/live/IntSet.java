package io.urbanflow.mobility.live;

/**
 * A multiset of non-negative ints (vehicle numbers) by open addressing, without boxing: one per cell and window to
 * count distinct vehicles, each with its number of points, so that a point taken back ({@link #remove}) leaves the
 * vehicle counted while it has others. Starts tiny because most cells see few vehicles in ten minutes. Not
 * thread-safe.
 */
final class IntSet {
    private static final int EMPTY = -1;
    private int[] slots = {EMPTY, EMPTY, EMPTY, EMPTY};
    private int[] counts = new int[4];
    /** Slots in use, values with a count of zero included (they are never cleared). */
    private int used;
    private int size;

    /** Distinct values with a count above zero. */
    int size() {
        return size;
    }

    /** Adds one occurrence; @return true when {@code value} was not in the set */
    boolean add(int value) {
        int mask = slots.length - 1;
        int slot = mix(value) & mask;
        while (slots[slot] != EMPTY) {
            if (slots[slot] == value) {
                if (counts[slot]++ == 0) {
                    size++;
                    return true;
                }
                return false;
            }
            slot = (slot + 1) & mask;
        }
        slots[slot] = value;
        counts[slot] = 1;
        size++;
        used++;
        if (used * 4 > slots.length * 3) {
            grow();
        }
        return true;
    }

    /** Takes one occurrence back; @return true when that was the last one of {@code value} */
    boolean remove(int value) {
        int mask = slots.length - 1;
        for (int slot = mix(value) & mask; slots[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (slots[slot] == value && counts[slot] > 0) {
                if (--counts[slot] == 0) {
                    size--;
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    boolean contains(int value) {
        int mask = slots.length - 1;
        for (int slot = mix(value) & mask; slots[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (slots[slot] == value) {
                return counts[slot] > 0;
            }
        }
        return false;
    }

    private static int mix(int value) {
        return value * 0x9E3779B9 >>> 7;
    }

    private void grow() {
        int[] oldSlots = slots;
        int[] oldCounts = counts;
        slots = new int[oldSlots.length * 2];
        counts = new int[slots.length];
        java.util.Arrays.fill(slots, EMPTY);
        used = 0;
        int mask = slots.length - 1;
        for (int index = 0; index < oldSlots.length; index++) {
            if (oldSlots[index] != EMPTY && oldCounts[index] > 0) {
                int slot = mix(oldSlots[index]) & mask;
                while (slots[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = oldSlots[index];
                counts[slot] = oldCounts[index];
                used++;
            }
        }
    }
}
