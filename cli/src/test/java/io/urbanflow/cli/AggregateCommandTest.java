package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AggregateCommandTest {
    @TempDir
    Path dataDir;

    private void rawPoints(int count) {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table points = lake.create(MobilityTables.GPS_POINTS);
            List<Record> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                GenericRecord record = GenericRecord.create(points.schema());
                record.setField("vehicle_id", "taxi-" + (i % 3));
                record.setField("ts", Instant.parse("2014-02-01T07:00:00Z").plusSeconds(i * 20L).atOffset(ZoneOffset.UTC));
                record.setField("lat", 41.90 + i * 0.0001);
                record.setField("lon", 12.50);
                record.setField("occupancy", -1);
                record.setField("source", "test");
                record.setField("kafka_partition", 0);
                record.setField("kafka_offset", (long) i);
                record.setField("ingested_at", Instant.parse("2024-01-01T00:00:00Z").atOffset(ZoneOffset.UTC));
                records.add(record);
            }
            TableWrites.append(points, records);
        }
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = UrbanFlowCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int code = commandLine.execute(all.toArray(new String[0]));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void prints_mode_rows_and_recomputed_ranges_per_model_then_nothing_to_do() {
        rawPoints(90);
        String[] first = run("aggregate");
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        assertThat(first[1]).containsPattern("stage\\.gps_points +full +rows=90 +input=90 +days=1 \\(2014-02-01T00:00:00Z\\.\\.2014-02-02T00:00:00Z\\)")
                .containsPattern("mart\\.traffic_10min +full +rows=3 +input=90 +days=1 \\(2014-02-01T00:00:00Z\\.\\.2014-02-02T00:00:00Z\\)")
                .containsPattern("mart\\.cell_traffic_10min +full +rows=\\d+ +input=90");
        String second = run("aggregate", "--zone", "Europe/Rome")[1];
        assertThat(second).containsPattern("stage\\.gps_points +up-to-date");
        String full = run("aggregate", "--full")[1];
        assertThat(full).containsPattern("mart\\.traffic_10min +full +rows=3 ");
    }

    @Test
    void an_incremental_run_prints_the_intervals_it_recomputed() {
        rawPoints(3);
        run("aggregate");
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table points = lake.create(MobilityTables.GPS_POINTS);
            GenericRecord record = GenericRecord.create(points.schema());
            record.setField("vehicle_id", "late");
            record.setField("ts", Instant.parse("2014-02-01T07:15:00Z").atOffset(ZoneOffset.UTC));
            record.setField("lat", 41.9);
            record.setField("lon", 12.5);
            record.setField("occupancy", -1);
            record.setField("source", "test");
            record.setField("kafka_partition", 1);
            record.setField("kafka_offset", 0L);
            record.setField("ingested_at", Instant.parse("2024-01-01T00:00:00Z").atOffset(ZoneOffset.UTC));
            TableWrites.append(points, List.of(record));
        }
        String out = run("aggregate")[1];
        assertThat(out).containsPattern("stage\\.gps_points +incremental +rows=4 +input=4 +days=1")
                .containsPattern("mart\\.traffic_10min +incremental +rows=1 +input=1 +intervals=1 \\(2014-02-01T07:10:00Z\\.\\.2014-02-01T07:20:00Z\\)");
    }

    @Test
    void a_bad_zone_is_one_line_naming_the_setting() {
        rawPoints(3);
        String[] result = run("aggregate", "--zone", "Mars/Olympus");
        assertThat(result[0]).isEqualTo("1");
        assertThat(result[2].trim()).startsWith("urbanflow: Cannot read setting aggregate.zone='Mars/Olympus'").doesNotContain("\n");
    }
}
