package io.urbanflow.query;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** A temp-dir lake with GPS points written through Iceberg, for the query tests. */
final class LakeFixture {
    static final Instant DAY_ONE = Instant.parse("2014-02-01T07:00:00Z");
    static final Instant DAY_TWO = Instant.parse("2014-02-02T07:00:00Z");

    private LakeFixture() {
    }

    static Lake open(Path dataDir) {
        return Lake.open(LakeConfig.defaults(dataDir));
    }

    /** {@code count} points of vehicles "v0".."v4", one second apart from {@code start}, offsets from {@code firstOffset}. */
    static List<Record> points(Instant start, int count, long firstOffset) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            GenericRecord record = GenericRecord.create(MobilityTables.GPS_POINTS_SCHEMA);
            record.setField("vehicle_id", "v" + (i % 5));
            record.setField("ts", OffsetDateTime.ofInstant(start.plusSeconds(i), ZoneOffset.UTC));
            record.setField("lat", 41.9 + i * 0.0001);
            record.setField("lon", 12.5 - i * 0.0001);
            record.setField("occupancy", i % 3 - 1);
            record.setField("source", "test");
            record.setField("kafka_partition", 0);
            record.setField("kafka_offset", firstOffset + i);
            record.setField("ingested_at", OffsetDateTime.ofInstant(start.plusSeconds(3600), ZoneOffset.UTC));
            records.add(record);
        }
        return records;
    }

    static void appendPoints(Lake lake, Instant start, int count, long firstOffset) {
        TableWrites.append(lake.table(MobilityTables.RAW_GPS_POINTS), points(start, count, firstOffset));
    }

    static Table points(Lake lake) {
        Table table = lake.table(MobilityTables.RAW_GPS_POINTS);
        table.refresh();
        return table;
    }
}
