package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlCommandTest {
    @TempDir
    static Path dataDir;
    static long firstSnapshotId;

    @BeforeAll
    static void lake_with_two_commits() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table points = lake.create(MobilityTables.GPS_POINTS);
            TableWrites.append(points, points(0, 3));
            points.refresh();
            firstSnapshotId = points.currentSnapshot().snapshotId();
            TableWrites.append(points, points(3, 2));
        }
    }

    @Test
    void csv_prints_a_header_line_and_the_rows_and_nothing_else() {
        CommandRun run = CommandRun.in(dataDir, "sql", "SELECT vehicle_id, ts, lat FROM raw.gps_points ORDER BY kafka_offset", "--format", "csv");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("vehicle_id,ts,lat\n"
                + "v0,2014-02-01T07:00:00Z,41.9\n"
                + "v1,2014-02-01T07:00:01Z,41.91\n"
                + "v2,2014-02-01T07:00:02Z,41.92\n"
                + "v3,2014-02-01T07:00:03Z,41.93\n"
                + "v4,2014-02-01T07:00:04Z,41.94\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void json_prints_an_array_of_objects() throws Exception {
        CommandRun run = CommandRun.in(dataDir, "sql", "SELECT vehicle_id, kafka_offset FROM raw.gps_points ORDER BY kafka_offset", "--format", "json");
        assertThat(run.code()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json).hasSize(5);
        assertThat(json.get(4).get("vehicle_id").asText()).isEqualTo("v4");
        assertThat(json.get(4).get("kafka_offset").asLong()).isEqualTo(4);
    }

    @Test
    void table_prints_aligned_rows_and_a_count() {
        CommandRun run = CommandRun.in(dataDir, "sql", "SELECT count(*) AS points FROM raw.gps_points");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("points\n------\n     5\n(1 row)\n");
    }

    @Test
    void as_of_and_snapshot_read_the_first_commit() {
        assertThat(CommandRun.in(dataDir, "sql", "SELECT count(*) AS n FROM raw.gps_points", "--format", "csv", "--snapshot",
                Long.toString(firstSnapshotId)).out()).isEqualTo("n\n3\n");
        assertThat(CommandRun.in(dataDir, "sql", "SELECT count(*) AS n FROM raw.gps_points", "--format", "csv", "--as-of", "2001-01-01").out())
                .isEqualTo("n\n0\n");
        CommandRun both = CommandRun.in(dataDir, "sql", "SELECT 1", "--as-of", "2001-01-01", "--snapshot", "1");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).isEqualTo("urbanflow: Cannot run query: give --as-of or --snapshot, not both\n");
    }

    @Test
    void max_rows_cuts_the_output_with_a_note_on_stderr() {
        CommandRun run = CommandRun.in(dataDir, "sql", "SELECT kafka_offset FROM raw.gps_points ORDER BY 1", "--format", "csv", "--max-rows", "2");
        assertThat(run.out()).isEqualTo("kafka_offset\n0\n1\n");
        assertThat(run.err()).contains("printed the first 2 rows only");
    }

    @Test
    void refused_and_failing_queries_print_one_line_and_exit_1() {
        CommandRun refused = CommandRun.in(dataDir, "sql", "COPY raw.gps_points TO '/tmp/x.csv'");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("urbanflow: Cannot run query: the lake is read-only here: COPY is not allowed\n");
        assertThat(refused.out()).isEmpty();

        CommandRun files = CommandRun.in(dataDir, "sql", "SELECT * FROM read_csv('/etc/passwd')");
        assertThat(files.code()).isEqualTo(1);
        assertThat(files.err()).startsWith("urbanflow: Cannot run query: only lake tables can be read here: read_csv").hasLineCount(1);

        CommandRun unknown = CommandRun.in(dataDir, "sql", "SELECT * FROM raw.nothing");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("urbanflow: Cannot run query: there is no table nothing; lake tables: ")
                .contains("raw.gps_points, raw.gps_points_rejected").hasLineCount(1);

        CommandRun syntax = CommandRun.in(dataDir, "sql", "SELEC 1");
        assertThat(syntax.code()).isEqualTo(1);
        assertThat(syntax.err()).startsWith("urbanflow: Cannot run query: ").hasLineCount(1);
    }

    @Test
    void as_of_accepts_iso_times_with_or_without_offset() {
        assertThat(SqlCommand.parseTime("2014-02-01T08:00:00Z")).isEqualTo(Instant.parse("2014-02-01T08:00:00Z"));
        assertThat(SqlCommand.parseTime("2014-02-01T09:00:00+01:00")).isEqualTo(Instant.parse("2014-02-01T08:00:00Z"));
        assertThat(SqlCommand.parseTime("2014-02-01 08:00")).isEqualTo(Instant.parse("2014-02-01T08:00:00Z"));
        assertThat(SqlCommand.parseTime("2014-02-01")).isEqualTo(Instant.parse("2014-02-01T00:00:00Z"));
        assertThatThrownBy(() -> SqlCommand.parseTime("yesterday")).isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot read --as-of 'yesterday'");
    }

    @Test
    void tables_lists_rows_files_and_bytes() {
        CommandRun run = CommandRun.in(dataDir, "tables", "--format", "csv");
        assertThat(run.code()).isZero();
        // every domain's raw tables exist from the first command on, empty until data arrives
        assertThat(run.out()).startsWith("table,rows,files,bytes,last_snapshot_at,snapshot_id\n").contains("\nraw.gps_points,5,2,")
                .contains("\nraw.gps_points_rejected,0,0,0,,\n").contains("\nraw.browser_events,0,0,0,,\n");
        CommandRun table = CommandRun.in(dataDir, "tables");
        assertThat(table.out()).containsPattern("table +\\| rows \\| files \\|").contains("raw.gps_points")
                .doesNotContain("no rows yet");
    }



    static List<Record> points(int firstOffset, int count) {
        List<Record> records = new ArrayList<>();
        for (int i = firstOffset; i < firstOffset + count; i++) {
            GenericRecord record = GenericRecord.create(MobilityTables.GPS_POINTS_SCHEMA);
            record.setField("vehicle_id", "v" + i);
            record.setField("ts", OffsetDateTime.of(2014, 2, 1, 7, 0, i, 0, ZoneOffset.UTC));
            record.setField("lat", 41.9 + i / 100.0);
            record.setField("lon", 12.5);
            record.setField("occupancy", -1);
            record.setField("source", "test");
            record.setField("kafka_partition", 0);
            record.setField("kafka_offset", (long) i);
            record.setField("ingested_at", OffsetDateTime.of(2014, 2, 1, 8, 0, 0, 0, ZoneOffset.UTC));
            records.add(record);
        }
        return records;
    }
}
