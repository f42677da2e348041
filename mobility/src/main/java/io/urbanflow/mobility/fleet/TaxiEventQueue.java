package io.urbanflow.mobility.fleet;

/**
 * The next report of every taxi, earliest first: a binary min-heap of (time, taxi) pairs in two primitive arrays, so
 * that scheduling a report neither boxes nor allocates. Ties go to the lower taxi index, which keeps the output
 * order, and so the output, a function of the seed alone. Capacity is the number of taxis: each has at most one
 * pending report. Not thread-safe.
 */
final class TaxiEventQueue {
    private final long[] times;
    private final int[] taxis;
    private int size;

    TaxiEventQueue(int capacity) {
        times = new long[Math.max(1, capacity)];
        taxis = new int[Math.max(1, capacity)];
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long firstTime() {
        return times[0];
    }

    int firstTaxi() {
        return taxis[0];
    }

    void add(long time, int taxi) {
        int at = size++;
        times[at] = time;
        taxis[at] = taxi;
        siftUp(at);
    }

    /** Reschedules the first taxi at {@code time}: one sift instead of a removal and an insertion. */
    void replaceFirst(long time) {
        times[0] = time;
        siftDown(0);
    }

    void removeFirst() {
        size--;
        if (size > 0) {
            times[0] = times[size];
            taxis[0] = taxis[size];
            siftDown(0);
        }
    }

    private boolean before(int a, int b) {
        return times[a] < times[b] || (times[a] == times[b] && taxis[a] < taxis[b]);
    }

    private void siftUp(int at) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(at, parent)) {
                return;
            }
            swap(at, parent);
            at = parent;
        }
    }

    private void siftDown(int at) {
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                return;
            }
            int smallest = left + 1 < size && before(left + 1, left) ? left + 1 : left;
            if (!before(smallest, at)) {
                return;
            }
            swap(at, smallest);
            at = smallest;
        }
    }

    private void swap(int a, int b) {
        long time = times[a];
        times[a] = times[b];
        times[b] = time;
        int taxi = taxis[a];
        taxis[a] = taxis[b];
        taxis[b] = taxi;
    }
}
