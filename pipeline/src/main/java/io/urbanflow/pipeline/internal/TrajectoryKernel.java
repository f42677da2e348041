package io.urbanflow.pipeline.internal;

import com.uber.h3core.H3Core;
import io.urbanflow.model.BoundingBox;
import io.urbanflow.model.City;
import io.urbanflow.model.Geo;
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
 *   <li>context rows (the vehicle's last good point before the rebuilt range) seed the state and are
 *       {@link #DROPPED} from the output;</li>
 *   <li>a point outside the bounds, or implying more than the maximum speed from its vehicle's last good point,
 *       is an {@link #OUTLIER}: it has no speed, heading or distance and never becomes the last good point;</li>
 *   <li>speed, heading and distance are measured from the vehicle's last good point when that is at most the
 *       track gap earlier; otherwise the point starts a new track and they are NaN (NULL);</li>
 *   <li>heading is NaN when the vehicle did not move.</li>
 * </ul>
 * No boxing, streams or allocation per point. Not thread-safe; {@link #compute()} uses up to {@code threads}
 * threads internally for the per-point H3 and zone work.
 */
public final class TrajectoryKernel {
    public static final byte KEPT = 0;
    public static final byte OUTLIER = 1;
    public static final byte DROPPED = 2;

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
    private boolean[] context;

    private byte[] flag;
    private double[] speedKmh;
    private double[] headingDegrees;
    private double[] distanceMetres;
    private long[] h3Cell;
    private long[] localMicros;

    private int[] trackStarts;
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
        context = new boolean[capacity];
    }

    /** Adds one input row; {@code vehicle} is any key equal for equal vehicle ids and (practically) distinct otherwise. */
    public void add(long vehicle, long epochMicros, double lat, double lon, long arrivalOrder, boolean isContext) {
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
        context[size] = isContext;
        size++;
    }

    public int size() {
        return size;
    }

    /** Computes the results of every row added; call once. */
    public void compute() {
        flag = new byte[size];
        speedKmh = new double[size];
        headingDegrees = new double[size];
        distanceMetres = new double[size];
        h3Cell = new long[size];
        localMicros = new long[size];
        int[] order = orderByVehicleAndTime();
        walkTracks(order);
        cellsAndLocalTimes();
    }

    /** Row indexes grouped by vehicle (first appearance order), each group in (time, arrival) order. */
    private int[] orderByVehicleAndTime() {
        LongIntHashMap ids = new LongIntHashMap(1024);
        int[] vehicleOfRow = new int[size];
        for (int row = 0; row < size; row++) {
            vehicleOfRow[row] = ids.idOf(vehicleKey[row]);
        }
        vehicles = ids.size();
        int[] start = new int[vehicles + 1];
        for (int row = 0; row < size; row++) {
            start[vehicleOfRow[row] + 1]++;
        }
        for (int vehicle = 0; vehicle < vehicles; vehicle++) {
            start[vehicle + 1] += start[vehicle];
        }
        int[] next = Arrays.copyOf(start, vehicles);
        int[] order = new int[size];
        for (int row = 0; row < size; row++) {
            order[next[vehicleOfRow[row]]++] = row;
        }
        int[] scratch = null;
        for (int vehicle = 0; vehicle < vehicles; vehicle++) {
            int from = start[vehicle];
            int to = start[vehicle + 1];
            if (!sorted(order, from, to)) {
                if (scratch == null) {
                    scratch = new int[size];
                }
                mergeSort(order, scratch, from, to);
            }
        }
        this.trackStarts = start;
        return order;
    }

    private boolean sorted(int[] order, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (compare(order[i - 1], order[i]) > 0) {
                return false;
            }
        }
        return true;
    }

    private int compare(int left, int right) {
        int byTime = Long.compare(timeMicros[left], timeMicros[right]);
        return byTime != 0 ? byTime : Long.compare(arrival[left], arrival[right]);
    }

    private void mergeSort(int[] order, int[] scratch, int from, int to) {
        if (to - from < 24) {
            for (int i = from + 1; i < to; i++) {
                int row = order[i];
                int j = i - 1;
                while (j >= from && compare(order[j], row) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = row;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle);
        mergeSort(order, scratch, middle, to);
        if (compare(order[middle - 1], order[middle]) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && compare(scratch[left], scratch[right]) <= 0)) {
                order[i] = scratch[left++];
            } else {
                order[i] = scratch[right++];
            }
        }
    }

    private void walkTracks(int[] order) {
        for (int vehicle = 0; vehicle < vehicles; vehicle++) {
            boolean hasGood = false;
            long goodTime = 0;
            double goodLatitude = 0;
            double goodLongitude = 0;
            long previousTime = Long.MIN_VALUE;
            for (int i = trackStarts[vehicle]; i < trackStarts[vehicle + 1]; i++) {
                int row = order[i];
                long time = timeMicros[row];
                speedKmh[row] = Double.NaN;
                headingDegrees[row] = Double.NaN;
                distanceMetres[row] = Double.NaN;
                if (time == previousTime) {
                    flag[row] = DROPPED;
                    if (!context[row]) {
                        duplicates++;
                    }
                    continue;
                }
                previousTime = time;
                double lat = latitude[row];
                double lon = longitude[row];
                if (context[row]) {
                    flag[row] = DROPPED;
                    hasGood = true;
                    goodTime = time;
                    goodLatitude = lat;
                    goodLongitude = lon;
                    continue;
                }
                if (!inBounds(lat, lon)) {
                    flag[row] = OUTLIER;
                    outliers++;
                    continue;
                }
                if (hasGood && time - goodTime <= trackGapMicros) {
                    double distance = Geo.distanceMetres(goodLatitude, goodLongitude, lat, lon);
                    double speed = Geo.speedKmh(distance, time - goodTime);
                    if (speed > maxSpeedKmh) {
                        flag[row] = OUTLIER;
                        outliers++;
                        continue;
                    }
                    speedKmh[row] = speed;
                    distanceMetres[row] = distance;
                    headingDegrees[row] = distance > 0 ? Geo.initialBearingDegrees(goodLatitude, goodLongitude, lat, lon) : Double.NaN;
                }
                flag[row] = KEPT;
                hasGood = true;
                goodTime = time;
                goodLatitude = lat;
                goodLongitude = lon;
            }
        }
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
            if (flag[row] == DROPPED) {
                continue;
            }
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
