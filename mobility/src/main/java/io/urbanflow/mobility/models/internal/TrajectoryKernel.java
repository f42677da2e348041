package io.urbanflow.mobility.models.internal;

import io.urbanflow.pipeline.ZoneOffsetCache;
import com.uber.h3core.H3Core;
import io.urbanflow.mobility.BoundingBox;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.Geo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Optional;

/**
 * The hot loop of {@code stage.gps_points}: from points in any order, per vehicle in time order, drops duplicate
 * instants, flags outliers and derives speed, heading, distance, H3 cell and local time.
 *
 * <p>Columns are primitive arrays indexed by input row; results are written at the same index, so that the caller
 * can join them back to the input by position. Invariants of {@link #compute()}:
 * <ul>
 *   <li>rows of a vehicle are visited in (time, arrival) order; of several rows with the vehicle's same instant the
 *       first in that order is kept, the others are {@link #DROPPED};</li>
 *   <li>a point outside the bounds is an {@link #OUTLIER};</li>
 *   <li>a point within the track gap of its vehicle's last good point (the anchor) is an {@link #OUTLIER} when it
 *       implies more than the maximum speed from it, else good, with speed, heading and distance measured from the
 *       anchor, and the new anchor; no speed is ever measured across more than the track gap;</li>
 *   <li>a point with no anchor within the track gap starts a new segment, but is not trusted alone: it is a
 *       candidate, and so is each following point that no candidate explains. The first point that lies within the
 *       maximum speed (and the track gap) of a candidate confirms the earliest such candidate: that candidate is good
 *       (the segment's first point, without speed) and the anchor, the point is good with its speed from it, every
 *       other candidate an outlier. So a segment that starts with an outlier does not flag the good points after it.
 *       At most {@value #MAX_CANDIDATES} candidates wait (the earliest is flagged when a fourth comes); when all
 *       expire (the track gap passes), at the end of the input, or when the UTC day changes (see below) the earliest
 *       one is kept without speed and the others are flagged;</li>
 *   <li>candidates are settled at the end of their UTC day, so that a day's rows never depend on a later day's
 *       (stage tables are rebuilt by whole UTC days): a settled earliest candidate may still be confirmed by the
 *       next day's points, but no longer flagged;</li>
 *   <li>context rows (the vehicle's last good point before the rebuilt range, marked as confirmed or not, i.e.
 *       whether it has a speed) seed the state as that anchor or that settled candidate, and are {@link #DROPPED}
 *       from the output;</li>
 *   <li>heading is NaN when the vehicle did not move.</li>
 * </ul>
 * No boxing, streams or allocation per point. Not thread-safe; {@link #compute()} uses up to {@code threads}
 * threads internally for the per-point H3 and zone work.
 */
public final class TrajectoryKernel {
    public static final byte KEPT = 0;
    public static final byte OUTLIER = 1;
    public static final byte DROPPED = 2;

    /** {@link #add} kinds of row: an input row, to compute. */
    public static final byte INPUT = 0;
    /** A context row: the vehicle's last good point before the range, confirmed (it has a speed). */
    public static final byte CONTEXT_ANCHOR = 1;
    /** A context row: the vehicle's last good point before the range, a segment start no successor confirmed. */
    public static final byte CONTEXT_CANDIDATE = 2;
    /** Candidates waiting for a successor to confirm one of them. */
    static final int MAX_CANDIDATES = 3;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final double maxSpeedKmh;
    private final long trackGapMicros;
    private final int resolution;
    private final City[] cities;
    private final BoundingBox[] bounds;
    private final ZoneId fallbackZone;
    private final int threads;

    private int size;
    private long[] vehicleKey;
    private long[] timeMicros;
    private double[] latitude;
    private double[] longitude;
    private long[] arrival;
    private byte[] context;

    private byte[] flag;
    private double[] speedKmh;
    private double[] headingDegrees;
    private double[] distanceMetres;
    private long[] h3Cell;
    private long[] localMicros;

    private int vehicles;
    private int duplicates;
    private int outliers;

    /**
     * @param city         the city whose bounds and zone apply to every point; empty = the known city containing
     *                     each point, and a point in none of them is an outlier
     * @param fallbackZone local zone of points outside every city
     */
    public TrajectoryKernel(double maxSpeedKmh, long trackGapMicros, int resolution, Optional<City> city, ZoneId fallbackZone,
                            int threads, int expectedRows) {
        this.maxSpeedKmh = maxSpeedKmh;
        this.trackGapMicros = trackGapMicros;
        this.resolution = resolution;
        this.cities = city.map(one -> new City[] {one}).orElse(City.values());
        this.bounds = new BoundingBox[cities.length];
        for (int i = 0; i < cities.length; i++) {
            bounds[i] = cities[i].bounds();
        }
        this.fallbackZone = fallbackZone;
        this.threads = Math.max(1, threads);
        int capacity = Math.max(1024, expectedRows);
        vehicleKey = new long[capacity];
        timeMicros = new long[capacity];
        latitude = new double[capacity];
        longitude = new double[capacity];
        arrival = new long[capacity];
        context = new byte[capacity];
    }

    /** {@link #add(long, long, double, double, long, byte)} of an input row or a confirmed context row. */
    public void add(long vehicle, long epochMicros, double lat, double lon, long arrivalOrder, boolean isContext) {
        add(vehicle, epochMicros, lat, lon, arrivalOrder, isContext ? CONTEXT_ANCHOR : INPUT);
    }

    /**
     * Adds one row; {@code vehicle} is any key equal for equal vehicle ids and (practically) distinct otherwise.
     *
     * @param kind {@link #INPUT}, {@link #CONTEXT_ANCHOR} or {@link #CONTEXT_CANDIDATE}
     */
    public void add(long vehicle, long epochMicros, double lat, double lon, long arrivalOrder, byte kind) {
        if (size == timeMicros.length) {
            int capacity = size + (size >> 1);
            vehicleKey = Arrays.copyOf(vehicleKey, capacity);
            timeMicros = Arrays.copyOf(timeMicros, capacity);
            latitude = Arrays.copyOf(latitude, capacity);
            longitude = Arrays.copyOf(longitude, capacity);
            arrival = Arrays.copyOf(arrival, capacity);
            context = Arrays.copyOf(context, capacity);
        }
        vehicleKey[size] = vehicle;
        timeMicros[size] = epochMicros;
        latitude[size] = lat;
        longitude[size] = lon;
        arrival[size] = arrivalOrder;
        context[size] = kind;
        size++;
    }

    public int size() {
        return size;
    }

    /** Computes the results of every row added, using up to {@code threads} threads; call once (or use the two steps below). */
    public void compute() {
        computeTracks();
        allocateCells();
        cellsAndLocalTimes();
        cellsDone = size;
    }

    /** Step 1: order, duplicates, outliers, speed, heading, distance. May run while {@link #startCells} works. */
    public void computeTracks() {
        flag = new byte[size];
        speedKmh = new double[size];
        headingDegrees = new double[size];
        distanceMetres = new double[size];
        walkTracks();
    }

    /**
     * Step 2, in the background: H3 cells and local times in row order, on one thread, so that a consumer can use
     * the first rows ({@link #awaitCells}) while later ones are computed. Cells depend on the input columns only, so
     * this may start before {@link #computeTracks} (and overlap it); every row gets a cell, dropped ones included.
     * Call after the last {@link #add}.
     */
    public void startCells() {
        allocateCells();
        Thread worker = new Thread(() -> {
            try {
                for (int from = 0; from < size; from += CELL_CHUNK) {
                    int to = Math.min(size, from + CELL_CHUNK);
                    cellsAndLocalTimes(from, to);
                    cellsDone = to; // volatile write: publishes the chunk's cells
                }
            } catch (RuntimeException | Error e) {
                cellsFailure = e;
                cellsDone = Integer.MAX_VALUE;
            }
        }, "stage-cells");
        worker.setDaemon(true);
        worker.start();
    }

    /** Waits until cells and local times of rows up to {@code row} are computed. */
    public void awaitCells(int row) {
        while (cellsDone <= row) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000L);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Cannot compute H3 cells: interrupted");
            }
        }
        if (cellsFailure != null) {
            throw new IllegalStateException("Cannot compute H3 cells: " + cellsFailure, cellsFailure);
        }
    }

    /** Rows per published chunk of background cell work. */
    public static final int CELL_CHUNK = 16_384;
    private volatile int cellsDone;
    private volatile Throwable cellsFailure;

    /**
     * Walks the rows in input order with one state per vehicle: raw rows arrive in time order per vehicle (ingest
     * keeps each vehicle's points in one Kafka partition, files are read oldest first), so every array is read
     * sequentially and the per-vehicle state stays in cache. The few vehicles whose rows are not in (time, arrival)
     * order are then walked separately, each sorted.
     */
    private void walkTracks() {
        LongIntHashMap ids = new LongIntHashMap(1024);
        int[] vehicleOfRow = new int[size];
        long[] lastTime = new long[1024];
        long[] lastArrival = new long[1024];
        boolean[] unordered = new boolean[1024];
        int unorderedRows = 0;
        for (int row = 0; row < size; row++) {
            int known = ids.size();
            int vehicle = ids.idOf(vehicleKey[row]);
            vehicleOfRow[row] = vehicle;
            if (vehicle == lastTime.length) {
                lastTime = Arrays.copyOf(lastTime, vehicle * 2);
                lastArrival = Arrays.copyOf(lastArrival, vehicle * 2);
                unordered = Arrays.copyOf(unordered, vehicle * 2);
            }
            if (vehicle == known) {
                lastTime[vehicle] = Long.MIN_VALUE;
            }
            long time = timeMicros[row];
            if (time < lastTime[vehicle] || (time == lastTime[vehicle] && arrival[row] < lastArrival[vehicle])) {
                unordered[vehicle] = true;
            }
            lastTime[vehicle] = time;
            lastArrival[vehicle] = arrival[row];
        }
        vehicles = ids.size();
        state = new TrackState(vehicles);
        for (int row = 0; row < size; row++) {
            int vehicle = vehicleOfRow[row];
            if (unordered[vehicle]) {
                unorderedRows++;
            } else {
                step(vehicle, row);
            }
        }
        if (unorderedRows > 0) {
            walkUnordered(vehicleOfRow, unordered, unorderedRows);
        }
        for (int vehicle = 0; vehicle < vehicles; vehicle++) {
            if (state.candidates[vehicle] > 0) {
                settle(state, vehicle); // the end of the input
            }
        }
        state = null;
    }

    /** Rows of the vehicles not in order: grouped by vehicle, sorted by (time, arrival), walked. */
    private void walkUnordered(int[] vehicleOfRow, boolean[] unordered, int count) {
        int[] rows = new int[count];
        int next = 0;
        for (int row = 0; row < size; row++) {
            if (unordered[vehicleOfRow[row]]) {
                rows[next++] = row;
            }
        }
        int[] scratch = new int[count];
        // stable merge sort by (vehicle, time, arrival)
        mergeSort(rows, scratch, 0, count, vehicleOfRow);
        for (int row : rows) {
            step(vehicleOfRow[row], row);
        }
    }

    private int compare(int left, int right, int[] vehicleOfRow) {
        int byVehicle = Integer.compare(vehicleOfRow[left], vehicleOfRow[right]);
        if (byVehicle != 0) {
            return byVehicle;
        }
        int byTime = Long.compare(timeMicros[left], timeMicros[right]);
        return byTime != 0 ? byTime : Long.compare(arrival[left], arrival[right]);
    }

    private void mergeSort(int[] order, int[] scratch, int from, int to, int[] vehicleOfRow) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int row = order[i];
                int j = i - 1;
                while (j >= from && compare(order[j], row, vehicleOfRow) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle, vehicleOfRow);
        mergeSort(order, scratch, middle, to, vehicleOfRow);
        if (compare(order[middle - 1], order[middle], vehicleOfRow) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && compare(scratch[left], scratch[right], vehicleOfRow) <= 0)) {
                order[i] = scratch[left++];
            } else {
                order[i] = scratch[right++];
            }
        }
    }

    /** Per-vehicle state of the walk, as parallel arrays indexed by dense vehicle id. */
    private static final class TrackState {
        /** The anchor: the last good point, confirmed. */
        final boolean[] hasGood;
        final long[] goodTime;
        final double[] goodLatitude;
        final double[] goodLongitude;
        final long[] previousTime;
        /** Rows of the waiting candidates, {@link #MAX_CANDIDATES} per vehicle, earliest first. */
        final int[] candidateRows;
        final byte[] candidates;
        /** Whether the first candidate is settled (a context row or an earlier day's): it may no longer be flagged. */
        final boolean[] firstSettled;
        /** The end of the UTC day of the unsettled candidates. */
        final long[] candidatesDayEnd;

        TrackState(int vehicles) {
            hasGood = new boolean[vehicles];
            goodTime = new long[vehicles];
            goodLatitude = new double[vehicles];
            goodLongitude = new double[vehicles];
            previousTime = new long[vehicles];
            Arrays.fill(previousTime, Long.MIN_VALUE);
            candidateRows = new int[vehicles * MAX_CANDIDATES];
            candidates = new byte[vehicles];
            firstSettled = new boolean[vehicles];
            candidatesDayEnd = new long[vehicles];
        }
    }

    private TrackState state;

    /** Processes the next row of {@code vehicle} in (time, arrival) order. */
    private void step(int vehicle, int row) {
        TrackState track = state;
        long time = timeMicros[row];
        speedKmh[row] = Double.NaN;
        headingDegrees[row] = Double.NaN;
        distanceMetres[row] = Double.NaN;
        if (time == track.previousTime[vehicle]) {
            flag[row] = DROPPED;
            if (context[row] == INPUT) {
                duplicates++;
            }
            return;
        }
        track.previousTime[vehicle] = time;
        double lat = latitude[row];
        double lon = longitude[row];
        if (context[row] != INPUT) {
            flag[row] = DROPPED;
            anchor(track, vehicle, row);
            track.candidates[vehicle] = 0;
            if (context[row] == CONTEXT_CANDIDATE) {
                track.candidateRows[vehicle * MAX_CANDIDATES] = row;
                track.candidates[vehicle] = 1;
                track.firstSettled[vehicle] = true;
                track.candidatesDayEnd[vehicle] = Long.MAX_VALUE;
            }
            return;
        }
        if (!inBounds(lat, lon)) {
            flag[row] = OUTLIER;
            outliers++;
            return;
        }
        if (track.candidates[vehicle] > 0) {
            stepWithCandidates(track, vehicle, row, time, lat, lon);
            return;
        }
        if (track.hasGood[vehicle] && time - track.goodTime[vehicle] <= trackGapMicros) {
            double goodLat = track.goodLatitude[vehicle];
            double goodLon = track.goodLongitude[vehicle];
            double distance = Geo.distanceMetres(goodLat, goodLon, lat, lon);
            double speed = Geo.speedKmh(distance, time - track.goodTime[vehicle]);
            if (speed > maxSpeedKmh) {
                flag[row] = OUTLIER;
                outliers++;
                return;
            }
            speedKmh[row] = speed;
            distanceMetres[row] = distance;
            headingDegrees[row] = distance > 0 ? Geo.initialBearingDegrees(goodLat, goodLon, lat, lon) : Double.NaN;
            flag[row] = KEPT;
            anchor(track, vehicle, row);
            return;
        }
        startCandidates(track, vehicle, row, time);
    }

    /** A point that starts a segment: the first candidate, kept unless a later point proves it wrong. */
    private void startCandidates(TrackState track, int vehicle, int row, long time) {
        flag[row] = KEPT;
        track.candidateRows[vehicle * MAX_CANDIDATES] = row;
        track.candidates[vehicle] = 1;
        track.firstSettled[vehicle] = false;
        track.candidatesDayEnd[vehicle] = (Math.floorDiv(time, MICROS_PER_DAY) + 1) * MICROS_PER_DAY;
    }

    /** The rare path: the vehicle's segment has no confirmed anchor yet. */
    private void stepWithCandidates(TrackState track, int vehicle, int row, long time, double lat, double lon) {
        int base = vehicle * MAX_CANDIDATES;
        if (time >= track.candidatesDayEnd[vehicle]) {
            // a new UTC day: the day's candidates are settled as its rebuild alone would settle them
            int earliest = settle(track, vehicle);
            track.candidateRows[base] = earliest;
            track.candidates[vehicle] = 1;
            track.firstSettled[vehicle] = true;
            track.candidatesDayEnd[vehicle] = Long.MAX_VALUE;
        }
        int count = track.candidates[vehicle];
        for (int index = 0; index < count; index++) {
            int candidate = track.candidateRows[base + index];
            long elapsed = time - timeMicros[candidate];
            if (elapsed > trackGapMicros) {
                continue; // too long ago to be confirmed
            }
            double candidateLat = latitude[candidate];
            double candidateLon = longitude[candidate];
            double distance = Geo.distanceMetres(candidateLat, candidateLon, lat, lon);
            double speed = Geo.speedKmh(distance, elapsed);
            if (speed <= maxSpeedKmh) {
                for (int other = 0; other < count; other++) {
                    if (other != index && !(other == 0 && track.firstSettled[vehicle])) {
                        flag[track.candidateRows[base + other]] = OUTLIER;
                        outliers++;
                    }
                }
                track.candidates[vehicle] = 0;
                speedKmh[row] = speed;
                distanceMetres[row] = distance;
                headingDegrees[row] = distance > 0 ? Geo.initialBearingDegrees(candidateLat, candidateLon, lat, lon) : Double.NaN;
                flag[row] = KEPT;
                anchor(track, vehicle, row);
                return;
            }
        }
        if (time - timeMicros[track.candidateRows[base + count - 1]] > trackGapMicros) {
            settle(track, vehicle); // all expired: the earliest stays, a lone point
            startCandidates(track, vehicle, row, time);
            return;
        }
        if (count == MAX_CANDIDATES) {
            if (!track.firstSettled[vehicle]) {
                flag[track.candidateRows[base]] = OUTLIER;
                outliers++;
            }
            System.arraycopy(track.candidateRows, base + 1, track.candidateRows, base, count - 1);
            track.firstSettled[vehicle] = false;
            count--;
        }
        if (track.candidatesDayEnd[vehicle] == Long.MAX_VALUE) {
            track.candidatesDayEnd[vehicle] = (Math.floorDiv(time, MICROS_PER_DAY) + 1) * MICROS_PER_DAY;
        }
        flag[row] = KEPT;
        track.candidateRows[base + count] = row;
        track.candidates[vehicle] = (byte) (count + 1);
    }

    /**
     * Settles the vehicle's candidates without a confirmation: the earliest stays (without speed) and becomes the
     * anchor, the others are outliers. Returns the earliest's row.
     */
    private int settle(TrackState track, int vehicle) {
        int base = vehicle * MAX_CANDIDATES;
        int count = track.candidates[vehicle];
        for (int index = 1; index < count; index++) {
            flag[track.candidateRows[base + index]] = OUTLIER;
            outliers++;
        }
        int earliest = track.candidateRows[base];
        anchor(track, vehicle, earliest);
        track.candidates[vehicle] = 0;
        return earliest;
    }

    private void anchor(TrackState track, int vehicle, int row) {
        track.hasGood[vehicle] = true;
        track.goodTime[vehicle] = timeMicros[row];
        track.goodLatitude[vehicle] = latitude[row];
        track.goodLongitude[vehicle] = longitude[row];
    }

    private boolean inBounds(double lat, double lon) {
        for (BoundingBox box : bounds) {
            if (box.contains(lat, lon)) {
                return true;
            }
        }
        return false;
    }

    private void cellsAndLocalTimes() {
        int parts = size < 50_000 ? 1 : threads;
        Thread[] workers = new Thread[parts];
        RuntimeException[] failure = new RuntimeException[1];
        for (int part = 0; part < parts; part++) {
            int from = (int) ((long) size * part / parts);
            int to = (int) ((long) size * (part + 1) / parts);
            workers[part] = new Thread(() -> {
                try {
                    cellsAndLocalTimes(from, to);
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "stage-cells-" + part);
            workers[part].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Cannot compute H3 cells: interrupted", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private void allocateCells() {
        h3Cell = new long[size];
        localMicros = new long[size];
    }

    /** Reads only the input columns: safe while {@link #walkTracks} writes the track results. */
    private void cellsAndLocalTimes(int from, int to) {
        H3Core h3;
        try {
            h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the H3 library", e);
        }
        ZoneOffsetCache[] zones = new ZoneOffsetCache[cities.length];
        for (int i = 0; i < cities.length; i++) {
            zones[i] = new ZoneOffsetCache(cities[i].zone());
        }
        ZoneOffsetCache fallback = new ZoneOffsetCache(fallbackZone);
        for (int row = from; row < to; row++) {
            double lat = latitude[row];
            double lon = longitude[row];
            h3Cell[row] = h3.latLngToCell(lat, lon, resolution);
            ZoneOffsetCache zone = fallback;
            for (int i = 0; i < bounds.length; i++) {
                if (bounds[i].contains(lat, lon)) {
                    zone = zones[i];
                    break;
                }
            }
            localMicros[row] = zone.localMicros(timeMicros[row]);
        }
    }

    public byte flag(int row) {
        return flag[row];
    }

    /** NaN when the row has no speed. */
    public double speedKmh(int row) {
        return speedKmh[row];
    }

    public double headingDegrees(int row) {
        return headingDegrees[row];
    }

    public double distanceMetres(int row) {
        return distanceMetres[row];
    }

    public long h3Cell(int row) {
        return h3Cell[row];
    }

    public long localMicros(int row) {
        return localMicros[row];
    }

    /**
     * Results of rows {@code from} (inclusive) to {@code to} (exclusive) copied into {@code chunk}, for a bulk append.
     * Tracks must be computed and cells of the rows too ({@link #awaitCells}).
     */
    public void copyResults(int from, int to, ResultChunk chunk) {
        int length = to - from;
        chunk.flags = new int[length];
        for (int i = 0; i < length; i++) {
            chunk.flags[i] = flag[from + i];
        }
        chunk.speedKmh = Arrays.copyOfRange(speedKmh, from, to);
        chunk.headingDegrees = Arrays.copyOfRange(headingDegrees, from, to);
        chunk.distanceMetres = Arrays.copyOfRange(distanceMetres, from, to);
        chunk.h3Cells = Arrays.copyOfRange(h3Cell, from, to);
        chunk.localMicros = Arrays.copyOfRange(localMicros, from, to);
    }

    /** The results of a range of rows as exact-length columns (NaN = no value); {@link #copyResults} fills it anew. */
    public static final class ResultChunk {
        public int[] flags;
        public double[] speedKmh;
        public double[] headingDegrees;
        public double[] distanceMetres;
        public long[] h3Cells;
        public long[] localMicros;
    }

    public int vehicles() {
        return vehicles;
    }

    public int duplicates() {
        return duplicates;
    }

    public int outliers() {
        return outliers;
    }
}
