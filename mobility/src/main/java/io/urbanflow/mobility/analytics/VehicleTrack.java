package io.urbanflow.mobility.analytics;

import java.util.Arrays;

/**
 * The points of one vehicle in time order, held column by column so a long track costs a few arrays, not an object
 * per point. A reader fills it ({@link #reset}, then {@link #add} per point), the {@link TrajectorySegmenter} reads
 * it, and the same instance is reused for the next vehicle.
 *
 * <p>Invariants: timestamps never decrease ({@link #add} refuses a point older than the previous one); indices run
 * from 0 to {@code size() - 1}. Not thread-safe.
 */
public final class VehicleTrack {
    /** Marks a point without an H3 cell or without a speed (the first point of a track has no previous one). */
    public static final long NO_CELL = 0L;

    private String vehicleId = "";
    private int size;
    private long[] epochMicros;
    private long[] localMicros;
    private double[] latitude;
    private double[] longitude;
    private double[] speedKmh;
    private long[] h3Cell;

    public VehicleTrack() {
        this(1024);
    }

    public VehicleTrack(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        epochMicros = new long[capacity];
        localMicros = new long[capacity];
        latitude = new double[capacity];
        longitude = new double[capacity];
        speedKmh = new double[capacity];
        h3Cell = new long[capacity];
    }

    /** Empties the track and names the vehicle whose points come next. */
    public VehicleTrack reset(String vehicleId) {
        if (vehicleId == null || vehicleId.isBlank()) {
            throw new IllegalArgumentException("Cannot reset track: vehicle id is blank");
        }
        this.vehicleId = vehicleId;
        this.size = 0;
        return this;
    }

    /**
     * Appends a point.
     *
     * @param epochMicros the instant, microseconds since the epoch (UTC); not before the previous point's
     * @param localMicros the same instant as local wall-clock time in the city's zone, as microseconds since
     *                    1970-01-01T00:00 (local), used for the day and hour of day
     * @param speedKmh    speed from the previous point, or {@code NaN} when there is none
     * @param h3Cell      the point's H3 cell, or {@link #NO_CELL}
     * @throws IllegalArgumentException when the point is older than the previous one
     */
    public void add(long epochMicros, long localMicros, double latitude, double longitude, double speedKmh, long h3Cell) {
        if (size > 0 && epochMicros < this.epochMicros[size - 1]) {
            throw new IllegalArgumentException("Cannot add point to track of vehicle " + vehicleId + ": time " + epochMicros
                    + " us is before the previous point's " + this.epochMicros[size - 1] + " us");
        }
        if (size == this.epochMicros.length) {
            grow();
        }
        this.epochMicros[size] = epochMicros;
        this.localMicros[size] = localMicros;
        this.latitude[size] = latitude;
        this.longitude[size] = longitude;
        this.speedKmh[size] = speedKmh;
        this.h3Cell[size] = h3Cell;
        size++;
    }

    private void grow() {
        int capacity = epochMicros.length * 2;
        epochMicros = Arrays.copyOf(epochMicros, capacity);
        localMicros = Arrays.copyOf(localMicros, capacity);
        latitude = Arrays.copyOf(latitude, capacity);
        longitude = Arrays.copyOf(longitude, capacity);
        speedKmh = Arrays.copyOf(speedKmh, capacity);
        h3Cell = Arrays.copyOf(h3Cell, capacity);
    }

    public String vehicleId() {
        return vehicleId;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long epochMicros(int index) {
        return epochMicros[index];
    }

    public long localMicros(int index) {
        return localMicros[index];
    }

    public double latitude(int index) {
        return latitude[index];
    }

    public double longitude(int index) {
        return longitude[index];
    }

    public double speedKmh(int index) {
        return speedKmh[index];
    }

    public long h3Cell(int index) {
        return h3Cell[index];
    }
}
