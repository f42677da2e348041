package io.urbanflow.mobility.ingest.internal;

/**
 * One row of {@code raw.gps_points} on its way to Parquet: a mutable holder that the ingest refills for every
 * message, so writing a point allocates nothing but the UTF-8 bytes of its strings. Not thread-safe; never kept
 * after {@link PointFileWriter#add} returns.
 */
public final class PointRow {
    public String vehicleId;
    public long epochMicros;
    public double latitude;
    public double longitude;
    public int occupancy;
    public String source;
    public int kafkaPartition;
    public long kafkaOffset;
    public long ingestedAtMicros;
}
