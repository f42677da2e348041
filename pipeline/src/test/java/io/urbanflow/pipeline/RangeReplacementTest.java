package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.CommitOutcomeUnknownException;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.testing.UnreliableTableOperations;
import io.urbanflow.testing.UnreliableTableOperations.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's replacement when the catalog loses the answer to its commit ({@code CommitStateUnknownException}): files a
 * landed commit references are never deleted; the outcome is looked up by the commit's id, and when that is
 * impossible the run stops, saying so, and leaves the files to orphan cleanup.
 */
class RangeReplacementTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    private static final String FIRST = "SELECT range AS id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_minutes(range) AS ts FROM range(10)";
    private static final String SECOND = "SELECT 100 + range AS id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_minutes(range) AS ts FROM range(3)";

    @TempDir
    Path dir;
    Lake lake;
    DuckDbQueryEngine engine;
    Connection duckdb;
    Table table;

    @BeforeEach
    void open() throws SQLException {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
        duckdb = engine.trustedConnection();
        table = lake.createIfMissing("mart.replaced", SCHEMA, PartitionSpec.unpartitioned());
        RangeReplacement.replace(duckdb, table, "ts", Optional.empty(), FIRST, Map.of("urbanflow.input.raw.x", "1"));
    }

    @AfterEach
    void close() throws SQLException {
        duckdb.close();
        engine.close();
        lake.close();
    }

    @Test
    void a_replacement_whose_commit_landed_before_the_catalog_lost_the_answer_keeps_its_files_and_succeeds() throws Exception {
        UnreliableTableOperations catalog = UnreliableTableOperations.of(table, 1, Outcome.LANDED);

        RangeReplacement.Outcome outcome = RangeReplacement.replace(duckdb, catalog.table(table.name()), "ts", Optional.empty(), SECOND,
                Map.of("urbanflow.input.raw.x", "2"));

        assertThat(catalog.failed()).isTrue();
        assertThat(outcome.rowsWritten()).isEqualTo(3);
        table.refresh();
        assertThat(table.currentSnapshot().summary()).containsEntry("urbanflow.input.raw.x", "2");
        assertThat(missingFiles()).isEmpty();
        assertThat(ids()).containsExactly(100L, 101L, 102L);
    }

    @Test
    void a_replacement_whose_commit_did_not_land_deletes_its_new_files_and_says_run_again() throws Exception {
        List<Path> before = parquetFiles();
        UnreliableTableOperations catalog = UnreliableTableOperations.of(table, 1, Outcome.NOT_LANDED);

        assertThatThrownBy(() -> RangeReplacement.replace(duckdb, catalog.table(table.name()), "ts", Optional.empty(), SECOND, Map.of()))
                .hasMessageStartingWith("Cannot commit ").hasMessageEndingWith("; run again");

        assertThat(parquetFiles()).isEqualTo(before);
        assertThat(ids()).hasSize(10);
    }

    @Test
    void when_the_catalog_cannot_be_read_after_an_unknown_outcome_the_run_stops_and_deletes_nothing() throws Exception {
        UnreliableTableOperations catalog = UnreliableTableOperations.of(table, 1, Outcome.LANDED).unreachableAfterFailure();
        List<DataFile> written = new ArrayList<>();

        assertThatThrownBy(() -> {
            written.addAll(ParquetTableWriter.write(duckdb, table, SECOND));
            RangeReplacement.replaceFiles(catalog.table(table.name()), "ts", Optional.empty(), written, Map.of());
        }).isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageStartingWith("Cannot establish whether a commit to ")
                .hasMessageContaining("No file was deleted (orphan cleanup removes them if it did not land)");

        assertThat(written).isNotEmpty().allSatisfy(file -> assertThat(LocalFiles.path(file.location())).exists());
        catalog.reachable();
        assertThat(missingFiles()).isEmpty();
        assertThat(ids()).containsExactly(100L, 101L, 102L);
    }

    @Test
    void files_duckdb_writes_are_synced_to_disk_before_they_are_returned_for_a_commit() {
        long before = io.urbanflow.lake.FileSync.count();
        List<DataFile> files = ParquetTableWriter.write(duckdb, table, FIRST);
        // each file, its directory entry, and the new run directory's entry in the data folder
        assertThat(io.urbanflow.lake.FileSync.count() - before).isGreaterThanOrEqualTo(2L * files.size() + 1);
        ParquetTableWriter.deleteQuietly(files);
    }

    private List<String> missingFiles() {
        List<String> missing = new ArrayList<>();
        for (DataFile file : RangeReplacement.dataFiles(table)) {
            if (!Files.exists(LocalFiles.path(file.location()))) {
                missing.add(file.location());
            }
        }
        return missing;
    }

    private List<Long> ids() throws SQLException {
        List<String> paths = RangeReplacement.filePaths(table, table.currentSnapshot().snapshotId(), "ts", Optional.empty());
        List<Long> ids = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM " + SqlText.scan(table.schema(), paths) + " ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private List<Path> parquetFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(LocalFiles.path(table.location()))) {
            return paths.filter(path -> path.toString().endsWith(".parquet")).sorted().toList();
        }
    }
}
