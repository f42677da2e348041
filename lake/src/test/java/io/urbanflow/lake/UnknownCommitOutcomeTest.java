package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.testing.UnreliableTableOperations;
import io.urbanflow.testing.UnreliableTableOperations.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TableWrites} when the catalog loses the answer to a commit: a commit that landed keeps its files (a snapshot
 * references them), one that did not land deletes them, and when the outcome cannot be established nothing is deleted.
 */
class UnknownCommitOutcomeTest {
    @TempDir
    Path dataDir;
    Lake lake;
    Table points;

    @BeforeEach
    void open() {
        lake = Lake.open(LakeConfig.defaults(dataDir));
        points = lake.create(GpsTables.GPS_POINTS);
        // one file of 10 points, the first five at seconds 0-4, the rest at 100-104
        List<Record> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(GpsTables.point("v1", 1_391_212_800L + (i < 5 ? i : 95 + i), 41.9, 12.5, i));
        }
        TableWrites.append(points, first);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void an_overwrite_that_landed_before_the_catalog_lost_the_answer_keeps_every_file_it_committed() {
        UnreliableTableOperations catalog = UnreliableTableOperations.of(points, 1, Outcome.LANDED);
        // replaces the first five points: the file is rewritten with the other five ("kept" rows) plus the new row
        TableWrites.overwrite(catalog.table(points.name()), secondsBelow(50),
                List.of(GpsTables.point("v1", 1_391_212_810L, 41.8, 12.4, 99)));

        assertThat(catalog.failed()).isTrue();
        assertThat(missingFiles(points)).isEmpty();
        assertThat(offsets(points)).containsExactlyInAnyOrder(5L, 6L, 7L, 8L, 9L, 99L);
    }

    @Test
    void an_append_whose_connection_broke_after_it_landed_is_found_by_its_commit_id() {
        UnreliableTableOperations catalog = UnreliableTableOperations.of(points, 1, Outcome.LANDED,
                () -> new UncheckedSQLException(new java.sql.SQLException("connection reset (test)"), "Database Connection failed"));
        TableWrites.append(catalog.table(points.name()), List.of(GpsTables.point("v2", 1_391_212_900L, 41.9, 12.5, 20)));

        assertThat(missingFiles(points)).isEmpty();
        assertThat(offsets(points)).hasSize(11).contains(20L);
    }

    @Test
    void an_overwrite_that_did_not_land_deletes_its_files_and_says_so() throws IOException {
        List<Path> before = files();
        UnreliableTableOperations catalog = UnreliableTableOperations.of(points, 1, Outcome.NOT_LANDED);
        assertThatThrownBy(() -> TableWrites.overwrite(catalog.table(points.name()), secondsBelow(50),
                List.of(GpsTables.point("v1", 1_391_212_810L, 41.8, 12.4, 99))))
                .hasMessageStartingWith("Cannot overwrite table ");

        assertThat(offsets(points)).hasSize(10);
        assertThat(dataFilesOnDisk()).as("the new and the rewritten files are gone").isEqualTo(dataFiles(before));
    }

    @Test
    void when_the_catalog_cannot_be_read_after_an_unknown_outcome_nothing_is_deleted() throws IOException {
        UnreliableTableOperations catalog = UnreliableTableOperations.of(points, 1, Outcome.LANDED).unreachableAfterFailure();
        assertThatThrownBy(() -> TableWrites.overwrite(catalog.table(points.name()), secondsBelow(50),
                List.of(GpsTables.point("v1", 1_391_212_810L, 41.8, 12.4, 99))))
                .isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageStartingWith("Cannot establish whether a commit to ")
                .hasMessageContaining("No file was deleted");

        catalog.reachable();
        assertThat(missingFiles(points)).isEmpty();
        assertThat(offsets(points)).containsExactlyInAnyOrder(5L, 6L, 7L, 8L, 9L, 99L);
    }

    private static org.apache.iceberg.expressions.Expression secondsBelow(long second) {
        return Expressions.lessThan("ts", (1_391_212_800L + second) * 1_000_000L);
    }

    /** Data files the table's current snapshot references that are not on disk. */
    static List<String> missingFiles(Table table) {
        table.refresh();
        List<String> missing = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (!Files.exists(Path.of(task.file().location()))) {
                    missing.add(task.file().location());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return missing;
    }

    static List<Long> offsets(Table table) {
        table.refresh();
        List<Long> offsets = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(record -> offsets.add((Long) record.getField("kafka_offset")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return offsets;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> paths = Files.walk(Path.of(points.location()))) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Path> dataFiles(List<Path> files) {
        return files.stream().filter(path -> path.toString().endsWith(".parquet")).toList();
    }

    private List<Path> dataFilesOnDisk() throws IOException {
        return dataFiles(files());
    }
}
