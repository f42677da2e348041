package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileMetadata;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbQueryEngineTest {
    @TempDir
    Path dataDir;

    @Test
    void every_lake_table_is_a_view_by_its_name_showing_all_rows() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 30, 0);
            LakeFixture.appendPoints(lake, LakeFixture.DAY_TWO, 20, 30);

            assertThat(engine.tables()).containsExactly("raw.gps_points", "raw.gps_points_rejected");
            QueryResult result = engine.query("SELECT count(*) AS n, count(DISTINCT vehicle_id) AS vehicles,"
                    + " min(ts) AS first, max(kafka_offset) AS last_offset FROM raw.gps_points");
            assertThat(result.columns()).containsExactly("n", "vehicles", "first", "last_offset");
            assertThat(result.rows()).containsExactly(List.of(50L, 5L, LakeFixture.DAY_ONE, 49L));
            assertThat(result.types()).containsExactly("BIGINT", "BIGINT", "TIMESTAMP WITH TIME ZONE", "BIGINT");
            assertThat(result.truncated()).isFalse();
        }
    }

    @Test
    void point_values_survive_the_round_trip_and_timestamps_print_in_utc() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 3, 100);
            QueryResult result = engine.query("SELECT vehicle_id, ts, lat, lon, occupancy, source, kafka_partition,"
                    + " kafka_offset, ts::VARCHAR AS ts_text FROM raw.gps_points ORDER BY kafka_offset");
            assertThat(result.rows().get(2)).containsExactly("v2", LakeFixture.DAY_ONE.plusSeconds(2),
                    41.9 + 2 * 0.0001, 12.5 - 2 * 0.0001, 1, "test", 0, 102L, "2014-02-01 07:00:02+00");
        }
    }

    @Test
    void an_empty_table_is_queryable_with_its_columns_and_types() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            QueryResult result = engine.query("SELECT * FROM raw.gps_points_rejected");
            assertThat(result.rows()).isEmpty();
            assertThat(result.columns()).containsExactly("topic", "kafka_partition", "kafka_offset", "raw_value",
                    "raw_encoding", "reason", "rejected_at");
            assertThat(result.types()).containsExactly("VARCHAR", "INTEGER", "BIGINT", "VARCHAR", "VARCHAR", "VARCHAR",
                    "TIMESTAMP WITH TIME ZONE");
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(0L));
        }
    }

    @Test
    void the_next_query_sees_new_commits_and_new_tables() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(0L));
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 7, 0);
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(7L));
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE.plusSeconds(60), 3, 7);
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(10L));

            Table things = lake.createIfMissing("mart.things", THINGS, PartitionSpec.unpartitioned());
            TableWrites.append(things, List.of(thing(1, "a")));
            assertThat(engine.query("SELECT id, name FROM mart.things").rows()).containsExactly(List.of(1L, "a"));
        }
    }

    @Test
    void as_of_a_time_and_a_snapshot_id_read_older_snapshots() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 10, 0);
            Snapshot first = LakeFixture.points(lake).currentSnapshot();
            awaitNextMillisecond(first);
            LakeFixture.appendPoints(lake, LakeFixture.DAY_TWO, 5, 10);
            Snapshot second = LakeFixture.points(lake).currentSnapshot();
            String count = "SELECT count(*) FROM raw.gps_points";

            assertThat(engine.query(count, SnapshotSelector.snapshot(first.snapshotId())).rows()).containsExactly(List.of(10L));
            assertThat(engine.query(count, SnapshotSelector.snapshot(second.snapshotId())).rows()).containsExactly(List.of(15L));
            assertThat(engine.query(count, SnapshotSelector.asOf(Instant.ofEpochMilli(first.timestampMillis()))).rows())
                    .containsExactly(List.of(10L));
            assertThat(engine.query(count, SnapshotSelector.asOf(Instant.ofEpochMilli(first.timestampMillis() - 1))).rows())
                    .containsExactly(List.of(0L));
            // time travel runs on its own database: the current views are untouched
            assertThat(engine.query(count).rows()).containsExactly(List.of(15L));
            assertThatThrownBy(() -> engine.query(count, SnapshotSelector.snapshot(42)))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot find snapshot 42 in any lake table");
        }
    }

    @Test
    void renamed_and_added_columns_are_read_by_field_id() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Table things = lake.createIfMissing("mart.things", THINGS, PartitionSpec.unpartitioned());
            TableWrites.append(things, List.of(thing(1, "a")));
            things.updateSchema().renameColumn("name", "label").addColumn("weight", Types.DoubleType.get()).commit();
            things.refresh();
            GenericRecord heavy = GenericRecord.create(things.schema());
            heavy.setField("id", 2L);
            heavy.setField("label", "b");
            heavy.setField("weight", 2.5);
            TableWrites.append(things, List.of(heavy));

            QueryResult result = engine.query("SELECT id, label, weight FROM mart.things ORDER BY id");
            assertThat(result.rows()).containsExactly(java.util.Arrays.asList(1L, "a", null), List.of(2L, "b", 2.5));
        }
    }

    @Test
    void files_imported_without_field_ids_are_read_by_name_when_the_table_has_a_name_mapping() throws Exception {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Table things = lake.createIfMissing("stage.imported", THINGS, PartitionSpec.unpartitioned());
            Path file = Path.of(things.location(), "data", "imported.parquet");
            java.nio.file.Files.createDirectories(file.getParent());
            try (Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                 Statement statement = duckdb.createStatement()) {
                statement.execute("COPY (SELECT 7::BIGINT AS id, 'seven' AS name) TO '" + file + "' (FORMAT parquet)");
            }
            things.updateProperties().set(org.apache.iceberg.TableProperties.DEFAULT_NAME_MAPPING,
                    org.apache.iceberg.mapping.NameMappingParser.toJson(org.apache.iceberg.mapping.MappingUtil.create(THINGS))).commit();
            things.newAppend().appendFile(org.apache.iceberg.DataFiles.builder(things.spec()).withPath(file.toString())
                    .withFormat(org.apache.iceberg.FileFormat.PARQUET).withFileSizeInBytes(java.nio.file.Files.size(file))
                    .withRecordCount(1).build()).commit();

            assertThat(engine.query("SELECT id, name FROM stage.imported").rows()).containsExactly(List.of(7L, "seven"));
        }
    }

    @Test
    void a_table_with_delete_files_is_refused_clearly() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Table things = lake.createIfMissing("mart.things", THINGS, PartitionSpec.unpartitioned(),
                    java.util.Map.of("format-version", "2"));
            TableWrites.append(things, List.of(thing(1, "a")));
            DeleteFile deletes = FileMetadata.deleteFileBuilder(things.spec()).ofPositionDeletes()
                    .withPath(things.location() + "/data/deletes.parquet").withFormat("parquet")
                    .withFileSizeInBytes(10).withRecordCount(1).build();
            things.newRowDelta().addDeletes(deletes).commit();

            assertThatThrownBy(() -> engine.query("SELECT * FROM mart.things"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot read table mart.things at snapshot")
                    .hasMessageContaining("delete files");
            // the other tables are still readable
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(0L));
        }
    }

    @Test
    void an_unknown_table_is_reported_in_one_line_with_the_lake_tables() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            assertThatThrownBy(() -> engine.query("SELECT * FROM raw.gps_point"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot run query: there is no table gps_point; lake tables: raw.gps_points, raw.gps_points_rejected");
            assertThatThrownBy(() -> engine.query("SELECT nope FROM raw.gps_points"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot run query: Binder Error: Referenced column \"nope\" not found")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
            assertThatThrownBy(() -> engine.query("SELECT FROM WHERE"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot run query: syntax error at or near");
        }
    }

    @Test
    void refused_statements_never_reach_duckdb() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            assertThatThrownBy(() -> engine.query("SELECT * FROM read_csv('/etc/passwd')"))
                    .isInstanceOf(QueryRefusedException.class);
            assertThatThrownBy(() -> engine.query("COPY raw.gps_points TO '/tmp/out.csv'"))
                    .isInstanceOf(QueryRefusedException.class)
                    .hasMessage("Cannot run query: the lake is read-only here: COPY is not allowed");
        }
    }

    @Test
    void the_user_database_itself_cannot_read_files_or_change_settings_even_past_the_guard() {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 3, 0);
            assertThat(engine.queryUnguardedForTest("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(3L));
            assertThatThrownBy(() -> engine.queryUnguardedForTest("SELECT * FROM read_csv('/etc/passwd')"))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> engine.queryUnguardedForTest("COPY (SELECT 1) TO '" + dataDir.resolve("out.csv") + "'"))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> engine.queryUnguardedForTest("SET enable_external_access = true"))
                    .hasMessageContaining("the configuration has been locked");
            assertThatThrownBy(() -> engine.queryUnguardedForTest("ATTACH '" + dataDir.resolve("other.db") + "'"))
                    .hasMessageContaining("disabled by configuration");
            assertThatThrownBy(() -> engine.queryUnguardedForTest("INSTALL httpfs")).isInstanceOf(UrbanFlowException.class);
        }
    }

    @Test
    void user_queries_run_within_the_configured_memory_threads_and_spill_folder_and_set_cannot_raise_them() {
        Path spillRoot = dataDir.resolve("spill-root");
        QueryConfig limits = QueryConfig.defaults().withResources(256L << 20, 1, spillRoot, 64L << 20);
        Path spill;
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, limits)) {
            spill = engine.spillDirectoryForTest();
            assertThat(spill.getParent()).isEqualTo(spillRoot.toAbsolutePath());
            assertThat(spill).isDirectory();
            String settings = "SELECT current_setting('memory_limit'), current_setting('threads')::VARCHAR,"
                    + " current_setting('max_temp_directory_size'), current_setting('temp_directory')";
            assertThat(engine.queryUnguardedForTest(settings).rows())
                    .containsExactly(List.of("256.0 MiB", "1", "64.0 MiB", spill.toString()));

            for (String raise : List.of("SET memory_limit = '100GB'", "SET threads = 64", "SET max_temp_directory_size = '1TB'",
                    "SET temp_directory = '/'", "RESET memory_limit", "SET GLOBAL threads = 64")) {
                assertThatThrownBy(() -> engine.query(raise)).as(raise).isInstanceOf(QueryRefusedException.class);
                assertThatThrownBy(() -> engine.queryUnguardedForTest(raise)).as(raise)
                        .hasMessageContaining("the configuration has been locked");
            }
            assertThat(engine.queryUnguardedForTest(settings).rows())
                    .containsExactly(List.of("256.0 MiB", "1", "64.0 MiB", spill.toString()));
        }
        assertThat(spill).as("the spill folder goes with the engine").doesNotExist();
    }

    @Test
    void a_query_needing_more_than_its_memory_and_spill_limits_fails_in_one_line() {
        QueryConfig limits = QueryConfig.defaults().withResources(64L << 20, 1, dataDir.resolve("spill-root"), 1L << 20);
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, limits)) {
            assertThatThrownBy(() -> engine.query("SELECT count(*) FROM (SELECT DISTINCT range::VARCHAR || '-padding-to-make-each-key-longer'"
                    + " FROM range(5000000))"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessageStartingWith("Cannot run query: it ran out of memory (query.memory-limit=64MB, query.max-temp-size=1MB): ")
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n").doesNotContain(dataDir.toString()));
            assertThat(engine.query("SELECT 1 AS one").rows()).containsExactly(List.of(1));
        }
    }

    @Test
    void plans_and_errors_name_no_absolute_path_of_the_machine() throws Exception {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 5, 0);
            QueryResult plan = engine.query("EXPLAIN ANALYZE SELECT * FROM raw.gps_points");
            String text = plan.rows().toString();
            assertThat(text).contains("<warehouse>/").doesNotContain(dataDir.toAbsolutePath().toString());
            Table points = LakeFixture.points(lake);
            for (org.apache.iceberg.DataFile file : points.currentSnapshot().addedDataFiles(points.io())) {
                java.nio.file.Files.delete(Path.of(file.location().replaceFirst("^file:(//)?", "")));
            }
            assertThatThrownBy(() -> engine.query("SELECT * FROM raw.gps_points"))
                    .isInstanceOf(UrbanFlowException.class)
                    .satisfies(error -> assertThat(error.getMessage()).doesNotContain(dataDir.toAbsolutePath().toString()));
        }
    }

    @Test
    void a_query_longer_than_the_timeout_is_cancelled() {
        try (Lake lake = LakeFixture.open(dataDir);
             DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, QueryConfig.defaults().withTimeout(Duration.ofSeconds(1)))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> engine.query("SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 3"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot run query: it ran longer than 1s (query.timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(engine.query("SELECT 1 AS one").rows()).containsExactly(List.of(1));
        }
    }

    @Test
    void a_running_query_can_be_cancelled() throws Exception {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            java.util.concurrent.CompletableFuture<QueryResult> slow = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> engine.query("SELECT count(*) FROM range(1000000000) a, range(1000000) b WHERE a.range + b.range = 3"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                engine.cancelRunningQueries();
                return slow.isDone();
            });
            assertThatThrownBy(slow::join).hasCauseInstanceOf(UrbanFlowException.class)
                    .hasMessageEndingWith("Cannot run query: cancelled");
        }
    }

    @Test
    void rows_beyond_the_limit_are_cut_and_the_result_marked_truncated() {
        try (Lake lake = LakeFixture.open(dataDir);
             DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, QueryConfig.defaults().withMaxRows(5))) {
            QueryResult cut = engine.query("SELECT * FROM range(1000000000)");
            assertThat(cut.rowCount()).isEqualTo(5);
            assertThat(cut.truncated()).isTrue();
            QueryResult whole = engine.query("SELECT * FROM range(5)");
            assertThat(whole.rowCount()).isEqualTo(5);
            assertThat(whole.truncated()).isFalse();
        }
    }

    @Test
    void the_trusted_connection_sees_the_views_and_may_create_tables() throws Exception {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 4, 0);
            try (Connection connection = engine.trustedConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE copy AS SELECT * FROM raw.gps_points");
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM copy")) {
                    result.next();
                    assertThat(result.getLong(1)).isEqualTo(4);
                }
            }
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE.plusSeconds(10), 2, 4);
            engine.refreshViews();
            try (Connection connection = engine.trustedConnection(); Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(*) FROM raw.gps_points")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(6);
            }
        }
    }

    private static void awaitNextMillisecond(Snapshot snapshot) {
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > snapshot.timestampMillis() + 1);
    }

    static final Schema THINGS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "name", Types.StringType.get()));

    static Record thing(long id, String name) {
        GenericRecord record = GenericRecord.create(THINGS);
        record.setField("id", id);
        record.setField("name", name);
        return record;
    }
}
