package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.IngestOffsets;
import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.MobilityTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Starts {@link IngestMain} in its own JVM (on a data dir or a lake settings file) and inspects the lake it writes. */
final class IngestProcesses {
    private IngestProcesses() {
    }

    /**
     * @param lake       a data dir, or a lake settings file ({@code .properties})
     * @param jvmOptions more options for the JVM, e.g. {@code -Durbanflow.crash-point=rows-committed@2}
     */
    static Process start(Path lake, String bootstrap, String topic, String group, String instanceId, String untilIdle,
            long commitIntervalMillis, long commitRows, Path log, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestMain.class.getName(),
                lake.toString(), bootstrap, topic, group, instanceId, untilIdle,
                Long.toString(commitIntervalMillis), Long.toString(commitRows)));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages committed to the lake so far, by the offsets in the newest snapshot. */
    static long committedMessages(Lake lake, String topic) {
        Table table = lake.create(MobilityTables.GPS_POINTS); // the ingest processes may not have created it yet
        table.refresh();
        long total = 0;
        for (Map.Entry<Integer, Long> entry : IngestOffsets.committed(table, topic).entrySet()) {
            total += entry.getValue();
        }
        return total;
    }

    /** (kafka_partition, kafka_offset) of every row, as "p/o" strings; the list keeps duplicates. */
    static List<String> rowKeys(Lake lake) {
        Table table = lake.table(MobilityTables.RAW_GPS_POINTS);
        table.refresh();
        List<String> keys = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).select("kafka_partition", "kafka_offset").build()) {
            for (Record record : records) {
                keys.add(record.getField("kafka_partition") + "/" + record.getField("kafka_offset"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** (kafka_partition, kafka_offset) of every row of the rejected table, as "p/o"; empty before it exists. */
    static List<String> rejectedKeys(Lake lake) {
        List<String> keys = new ArrayList<>();
        for (Record record : rejected(lake)) {
            keys.add(record.getField("kafka_partition") + "/" + record.getField("kafka_offset"));
        }
        return keys;
    }

    /** The raw values of the rejected table's rows (UTF-8 text), duplicates kept. */
    static List<String> rejectedValues(Lake lake) {
        List<String> values = new ArrayList<>();
        for (Record record : rejected(lake)) {
            values.add((String) record.getField("raw_value"));
        }
        return values;
    }

    private static List<Record> rejected(Lake lake) {
        Table table = lake.create(MobilityTables.GPS_POINTS_REJECTED);
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(record -> rows.add(record.copy()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Every offset below the points table's stored offsets, as "p/o". */
    static Set<String> allOffsets(Lake lake, String topic) {
        Table table = lake.create(MobilityTables.GPS_POINTS);
        table.refresh();
        Set<String> offsets = new HashSet<>();
        IngestOffsets.committed(table, topic).forEach((partition, end) -> {
            for (long offset = 0; offset < end; offset++) {
                offsets.add(partition + "/" + offset);
            }
        });
        return offsets;
    }

    static Set<String> distinct(List<String> keys) {
        return new HashSet<>(keys);
    }
}
