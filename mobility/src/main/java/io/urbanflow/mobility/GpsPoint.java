package io.urbanflow.mobility;

import io.urbanflow.model.InvalidRecordException;
import java.time.Instant;

/**
 * One GPS fix of one vehicle. Immutable; validated on construction.
 *
 * <p>Time is kept as microseconds since the epoch (UTC): readers resolve the data set's zone before building a
 * point, and microseconds keep the precision of the sources that have it (CRAWDAD Rome) without allocating an
 * {@link Instant} per point.
 *
 * @param vehicleId  the vehicle's id as the source names it, never blank
 * @param epochMicros the instant of the fix, microseconds since 1970-01-01T00:00Z
 * @param latitude   degrees north, in [-90, 90]
 * @param longitude  degrees east, in [-180, 180]
 * @param occupancy  {@link #OCCUPIED}, {@link #FREE} or {@link #OCCUPANCY_UNKNOWN}
 * @param source     the name of the format or generator the point came from, or "" when unknown
 * @throws InvalidRecordException when a field is out of range, with the reason
 */
public record GpsPoint(String vehicleId, long epochMicros, double latitude, double longitude, int occupancy, String source) {

    public static final int OCCUPANCY_UNKNOWN = -1;
    public static final int FREE = 0;
    public static final int OCCUPIED = 1;

    /** 1990-01-01T00:00Z: no civilian GPS trace is older; earlier instants are parse errors. */
    public static final long MIN_EPOCH_MICROS = 631_152_000_000_000L;
    /** 2100-01-01T00:00Z: later instants are parse errors, not data. */
    public static final long MAX_EPOCH_MICROS = 4_102_444_800_000_000L;

    public GpsPoint {
        if (vehicleId == null || vehicleId.isBlank()) {
            throw new InvalidRecordException("missing vehicle id");
        }
        if (!(latitude >= -90.0 && latitude <= 90.0)) { // also rejects NaN
            throw new InvalidRecordException("latitude " + latitude + " outside [-90, 90]");
        }
        if (!(longitude >= -180.0 && longitude <= 180.0)) {
            throw new InvalidRecordException("longitude " + longitude + " outside [-180, 180]");
        }
        if (latitude == 0.0 && longitude == 0.0) {
            throw new InvalidRecordException("position (0, 0) is a receiver without a fix");
        }
        if (epochMicros < MIN_EPOCH_MICROS || epochMicros >= MAX_EPOCH_MICROS) {
            throw new InvalidRecordException("timestamp " + epochMicros + " us is outside [1990, 2100)");
        }
        if (occupancy < OCCUPANCY_UNKNOWN || occupancy > OCCUPIED) {
            throw new InvalidRecordException("occupancy " + occupancy + " is not -1, 0 or 1");
        }
        if (source == null) {
            source = "";
        }
    }

    /** A point without occupancy. */
    public static GpsPoint of(String vehicleId, Instant instant, double latitude, double longitude, String source) {
        return new GpsPoint(vehicleId, toEpochMicros(instant), latitude, longitude, OCCUPANCY_UNKNOWN, source);
    }

    public Instant instant() {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    public long epochMillis() {
        return Math.floorDiv(epochMicros, 1_000L);
    }

    public static long toEpochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
