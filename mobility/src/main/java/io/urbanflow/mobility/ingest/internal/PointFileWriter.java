package io.urbanflow.mobility.ingest.internal;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * The open Parquet files of one ingest batch for {@code raw.gps_points}: one file per day partition of
 * {@code ts}, written as rows arrive and turned into Iceberg {@link DataFile}s by {@link #finish()}, or deleted by
 * {@link #abort()}. A file that is never committed is an orphan, never visible to readers.
 *
 * <p>Invariant: the row's day is compared with the last row's day first, so a batch whose points share a day (the
 * usual case) does no map look-up per row. Not thread-safe.
 */
public final class PointFileWriter {
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final Table table;
    private final String filePrefix;
    private final Map<Integer, DayFile> files = new HashMap<>();
    private final DayStruct dayStruct = new DayStruct();
    private DayFile current;
    private int currentDay = Integer.MIN_VALUE;
    private long rows;
    private int fileSequence;

    /** {@code filePrefix} makes file names unique per process and batch (a UUID and a counter). */
    public PointFileWriter(Table table, String filePrefix) {
        this.table = table;
        this.filePrefix = filePrefix;
    }

    public void add(PointRow row) {
        int day = (int) Math.floorDiv(row.epochMicros, MICROS_PER_DAY);
        if (day != currentDay) {
            current = files.get(day);
            if (current == null) {
                current = open(row.epochMicros);
                files.put(day, current);
            }
            currentDay = day;
        }
        current.appender.add(row);
        rows++;
    }

    public long rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    /** Closes every file and describes it for a commit; the writer is empty afterwards. */
    public List<DataFile> finish() {
        List<DataFile> result = new ArrayList<>(files.size());
        try {
            for (DayFile file : files.values()) {
                file.appender.close();
                result.add(DataFiles.builder(table.spec())
                        .withPath(file.location)
                        .withFormat(FileFormat.PARQUET)
                        .withPartition(file.partition)
                        .withFileSizeInBytes(file.appender.length())
                        .withMetrics(file.appender.metrics())
                        .withSplitOffsets(file.appender.splitOffsets())
                        .build());
            }
        } catch (IOException e) {
            abort();
            throw new UrbanFlowException("Cannot write Parquet file for " + table.name() + ": " + e.getMessage(), e);
        }
        reset();
        return result;
    }

    /** Closes and deletes every file of the batch. */
    public void abort() {
        for (DayFile file : files.values()) {
            try {
                file.appender.close();
            } catch (IOException | RuntimeException e) {
                // deleted below anyway
            }
            deleteQuietly(table, file.location);
        }
        reset();
    }

    /** Deletes files that were finished but not committed. */
    public static void delete(Table table, List<DataFile> dataFiles) {
        for (DataFile file : dataFiles) {
            deleteQuietly(table, file.location());
        }
    }

    private static void deleteQuietly(Table table, String location) {
        try {
            table.io().deleteFile(location);
        } catch (RuntimeException e) {
            // an orphan: never referenced by a snapshot, removable by orphan-file cleanup
        }
    }

    private void reset() {
        files.clear();
        current = null;
        currentDay = Integer.MIN_VALUE;
        rows = 0;
    }

    private DayFile open(long epochMicros) {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        dayStruct.epochMicros = epochMicros;
        partition.partition(dayStruct);
        String name = filePrefix + "-" + (fileSequence++) + ".parquet";
        String location = table.locationProvider().newDataLocation(table.spec(), partition, name);
        OutputFile output = table.io().newOutputFile(location);
        try {
            FileAppender<PointRow> appender = Parquet.write(output)
                    .forTable(table)
                    .createWriterFunc(PointRowParquetWriter::new)
                    // nearly unique per row: a dictionary would only be built to be thrown away
                    .withDictionaryEncoding("ts", false)
                    .withDictionaryEncoding("lat", false)
                    .withDictionaryEncoding("lon", false)
                    .withDictionaryEncoding("kafka_offset", false)
                    .metricsConfig(MetricsConfig.forTable(table))
                    .overwrite()
                    .build();
            return new DayFile(location, partition, appender);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create Parquet file " + location + ": " + e.getMessage(), e);
        }
    }

    private record DayFile(String location, PartitionKey partition, FileAppender<PointRow> appender) {
    }

    /** A row of the points schema seen by the partition transform: only {@code ts} (position 1) is read. */
    private static final class DayStruct implements StructLike {
        long epochMicros;

        @Override
        public int size() {
            return 9;
        }

        @Override
        public <T> T get(int pos, Class<T> javaClass) {
            return javaClass.cast(pos == 1 ? Long.valueOf(epochMicros) : null);
        }

        @Override
        public <T> void set(int pos, T value) {
            throw new UnsupportedOperationException("read-only");
        }
    }
}
