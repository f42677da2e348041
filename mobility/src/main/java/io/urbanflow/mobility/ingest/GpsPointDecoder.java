package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.BatchWriter;
import io.urbanflow.ingest.ConsumedRecord;
import io.urbanflow.ingest.RecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.ingest.internal.PointFileWriter;
import io.urbanflow.mobility.ingest.internal.PointRow;
import io.urbanflow.mobility.stream.PointCodec;
import io.urbanflow.model.InvalidRecordException;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * The GPS fast path into {@code raw.gps_points}: {@link PointCodec} messages decoded and written straight into the
 * allocation-free Parquet writer ({@link PointFileWriter}), one file per day of the batch. Stateless and thread-safe;
 * its writers are not.
 */
public final class GpsPointDecoder implements RecordDecoder {
    /** The binding of a topic of GPS points: {@code raw.gps_points}, rejects in {@code raw.gps_points_rejected}. */
    public static TopicBinding binding(String topic) {
        return new TopicBinding(topic, MobilityTables.GPS_POINTS, MobilityTables.GPS_POINTS_REJECTED, new GpsPointDecoder());
    }

    @Override
    public BatchWriter open(Table table, String filePrefix) {
        return new Writer(new PointFileWriter(table, filePrefix));
    }

    /** One batch's files; the row holder is refilled per message. Not thread-safe. */
    private static final class Writer implements BatchWriter {
        private final PointFileWriter files;
        private final PointRow row = new PointRow();

        Writer(PointFileWriter files) {
            this.files = files;
        }

        @Override
        public String write(ConsumedRecord record, long ingestedAtMicros) {
            GpsPoint point;
            try {
                point = PointCodec.decode(record.value());
            } catch (InvalidRecordException e) {
                return e.reason();
            }
            row.vehicleId = point.vehicleId();
            row.epochMicros = point.epochMicros();
            row.latitude = point.latitude();
            row.longitude = point.longitude();
            row.occupancy = point.occupancy();
            row.source = point.source();
            row.kafkaPartition = record.partition();
            row.kafkaOffset = record.offset();
            row.ingestedAtMicros = ingestedAtMicros;
            files.add(row);
            return null;
        }

        @Override
        public long rows() {
            return files.rows();
        }

        @Override
        public List<DataFile> finish() {
            return files.finish();
        }

        @Override
        public void abort() {
            files.abort();
        }
    }
}
