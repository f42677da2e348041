package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** A temp-dir lake whose {@code raw.gps_points} holds a real sample, written through Iceberg as ingest would. */
final class ChartLake implements AutoCloseable {
    final Lake lake;
    final DuckDbQueryEngine engine;
    private long nextOffset;

    private ChartLake(Lake lake) {
        this.lake = lake;
        this.engine = DuckDbQueryEngine.open(lake);
    }

    static ChartLake create(Path dir) {
        Lake lake = Lake.open(LakeConfig.defaults(dir));
        lake.create(MobilityTables.GPS_POINTS);
        lake.create(MobilityTables.GPS_POINTS_REJECTED);
        return new ChartLake(lake);
    }

    /** Every point of a sample file, read with the project's own readers. */
    static List<GpsPoint> read(Path sample) {
        List<GpsPoint> points = new ArrayList<>();
        GpsSources.open(sample, SourceOptions.defaults()).read(points::add, RejectSink.strict());
        return points;
    }

    void append(List<GpsPoint> points) {
        Table raw = lake.table(MobilityTables.RAW_GPS_POINTS);
        List<Record> records = new ArrayList<>(points.size());
        OffsetDateTime ingestedAt = OffsetDateTime.parse("2024-01-01T00:00:00Z");
        for (GpsPoint point : points) {
            GenericRecord record = GenericRecord.create(raw.schema());
            record.setField("vehicle_id", point.vehicleId());
            record.setField("ts", OffsetDateTime.ofInstant(point.instant(), ZoneOffset.UTC));
            record.setField("lat", point.latitude());
            record.setField("lon", point.longitude());
            record.setField("occupancy", point.occupancy());
            record.setField("source", point.source() == null ? "" : point.source());
            record.setField("kafka_partition", 0);
            record.setField("kafka_offset", nextOffset++);
            record.setField("ingested_at", ingestedAt);
            records.add(record);
        }
        TableWrites.append(raw, records);
    }

    Plotter plotter() {
        return new Plotter(engine);
    }

    @Override
    public void close() {
        engine.close();
        lake.close();
    }
}
