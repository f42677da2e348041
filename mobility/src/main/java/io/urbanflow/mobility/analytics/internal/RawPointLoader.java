package io.urbanflow.mobility.analytics.internal;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.ingest.internal.PointFileWriter;
import io.urbanflow.mobility.ingest.internal.PointRow;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.PointSink;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * Puts points straight into {@code raw.gps_points} without Kafka, with the ingest's Parquet writer, one append
 * commit per batch and made-up Kafka coordinates (partition 0, offsets counting up): for benchmarks and tests that
 * need a lake with points, not for ingest. Not thread-safe.
 */
public final class RawPointLoader implements PointSink, AutoCloseable {
    private final Table table;
    private final long ingestedAtMicros;
    private final int batchSize;
    private final PointRow row = new PointRow();
    private final String prefix = "load-" + UUID.randomUUID();
    private PointFileWriter writer;
    private int batches;
    private long offset;

    public RawPointLoader(Lake lake, Clock clock, int batchSize) {
        this.table = lake.create(MobilityTables.GPS_POINTS);
        this.ingestedAtMicros = GpsPoint.toEpochMicros(clock.instant());
        this.batchSize = batchSize;
        table.refresh();
        this.offset = table.currentSnapshot() == null ? 0
                : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-records", "0"));
    }

    @Override
    public void accept(GpsPoint point) {
        if (writer == null) {
            writer = new PointFileWriter(table, prefix + "-" + batches++);
        }
        row.vehicleId = point.vehicleId();
        row.epochMicros = point.epochMicros();
        row.latitude = point.latitude();
        row.longitude = point.longitude();
        row.occupancy = point.occupancy();
        row.source = point.source();
        row.kafkaPartition = 0;
        row.kafkaOffset = offset++;
        row.ingestedAtMicros = ingestedAtMicros;
        writer.add(row);
        if (writer.rows() >= batchSize) {
            flush();
        }
    }

    /** Commits the points held so far. */
    public void flush() {
        if (writer == null || writer.isEmpty()) {
            return;
        }
        List<DataFile> files = writer.finish();
        writer = null;
        table.refresh();
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
    }

    /** Points handed over so far, over every loader on this table. */
    public long offset() {
        return offset;
    }

    @Override
    public void close() {
        flush();
    }
}
