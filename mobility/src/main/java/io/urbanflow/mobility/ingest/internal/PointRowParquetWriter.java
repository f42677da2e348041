package io.urbanflow.mobility.ingest.internal;

import io.urbanflow.mobility.MobilityTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.parquet.ParquetValueWriter;
import org.apache.iceberg.parquet.ParquetValueWriters;
import org.apache.iceberg.parquet.TripleWriter;
import org.apache.iceberg.types.Types;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * Writes a {@link PointRow} into the Parquet columns of {@link MobilityTables#GPS_POINTS_SCHEMA}, primitives unboxed.
 *
 * <p>Invariants: every column of the schema is required (definition and repetition level 0, no nulls), and
 * {@link #COLUMNS} lists them in schema order, which is the order of {@link #columns()}. Iceberg computes the
 * file's column metrics from the Parquet footer, so this writer reports no field metrics of its own.
 */
final class PointRowParquetWriter implements ParquetValueWriter<PointRow> {
    static final List<String> COLUMNS = List.of("vehicle_id", "ts", "lat", "lon", "occupancy", "source",
            "kafka_partition", "kafka_offset", "ingested_at");

    private final List<ParquetValueWriter<?>> writers = new ArrayList<>();
    private final List<TripleWriter<?>> columns = new ArrayList<>();
    private final TripleWriter<?> vehicleId;
    private final TripleWriter<?> timestamp;
    private final TripleWriter<?> latitude;
    private final TripleWriter<?> longitude;
    private final TripleWriter<?> occupancy;
    private final TripleWriter<?> source;
    private final TripleWriter<?> kafkaPartition;
    private final TripleWriter<?> kafkaOffset;
    private final TripleWriter<?> ingestedAt;

    PointRowParquetWriter(MessageType type) {
        List<Types.NestedField> fields = MobilityTables.GPS_POINTS_SCHEMA.columns();
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (!fields.get(i).name().equals(COLUMNS.get(i)) || fields.get(i).isOptional()) {
                throw new IllegalStateException("Cannot write points: column " + i + " of the schema is not required "
                        + COLUMNS.get(i));
            }
        }
        vehicleId = add(ParquetValueWriters.strings(column(type, "vehicle_id")));
        timestamp = add(ParquetValueWriters.longs(column(type, "ts")));
        latitude = add(ParquetValueWriters.doubles(column(type, "lat")));
        longitude = add(ParquetValueWriters.doubles(column(type, "lon")));
        occupancy = add(ParquetValueWriters.ints(column(type, "occupancy")));
        source = add(ParquetValueWriters.strings(column(type, "source")));
        kafkaPartition = add(ParquetValueWriters.ints(column(type, "kafka_partition")));
        kafkaOffset = add(ParquetValueWriters.longs(column(type, "kafka_offset")));
        ingestedAt = add(ParquetValueWriters.longs(column(type, "ingested_at")));
    }

    private static ColumnDescriptor column(MessageType type, String name) {
        return type.getColumnDescription(new String[] {name});
    }

    private TripleWriter<?> add(ParquetValueWriter<?> writer) {
        writers.add(writer);
        List<TripleWriter<?>> own = writer.columns();
        columns.addAll(own);
        return own.get(0);
    }

    @Override
    public void write(int repetitionLevel, PointRow row) {
        vehicleId.writeBinary(repetitionLevel, Binary.fromString(row.vehicleId));
        timestamp.writeLong(repetitionLevel, row.epochMicros);
        latitude.writeDouble(repetitionLevel, row.latitude);
        longitude.writeDouble(repetitionLevel, row.longitude);
        occupancy.writeInteger(repetitionLevel, row.occupancy);
        source.writeBinary(repetitionLevel, Binary.fromString(row.source));
        kafkaPartition.writeInteger(repetitionLevel, row.kafkaPartition);
        kafkaOffset.writeLong(repetitionLevel, row.kafkaOffset);
        ingestedAt.writeLong(repetitionLevel, row.ingestedAtMicros);
    }

    @Override
    public List<TripleWriter<?>> columns() {
        return columns;
    }

    @Override
    public void setColumnStore(ColumnWriteStore columnStore) {
        for (ParquetValueWriter<?> writer : writers) {
            writer.setColumnStore(columnStore);
        }
    }
}
