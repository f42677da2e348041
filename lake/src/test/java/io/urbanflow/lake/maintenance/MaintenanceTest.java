package io.urbanflow.lake.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.GpsTables;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.TableWrites;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
    /** 2014-02-01T00:00:00Z: two day partitions follow. */
    static final long DAY_ONE = 1_391_212_800L;
    static final String OFFSETS_A = CarriedSummary.OFFSETS_PREFIX + "topic-a";
    static final String OFFSETS_B = CarriedSummary.OFFSETS_PREFIX + "topic-b";

    @TempDir
    Path dataDir;
    Lake lake;
    Table points;
    StringWriter progress = new StringWriter();

    @BeforeEach
    void open() {
        lake = Lake.open(LakeConfig.defaults(dataDir));
        points = lake.create(GpsTables.GPS_POINTS);
    }

    @AfterEach
    void close() {
        lake.close();
    }

    @Test
    void compaction_of_many_small_commits_keeps_every_row_in_time_order_and_carries_the_offsets_forward() {
        // topic-b commits once and then idles; topic-a commits 40 times: 20 small files per day
        appendSmall(points, points(0, 5, 0), Map.of(OFFSETS_B, "0:5"));
        for (int commit = 1; commit < 40; commit++) {
            long start = commit < 20 ? commit * 600L : 86_400L + commit * 600L;
            appendSmall(points, points(start, 5, commit * 5L), Map.of(OFFSETS_A, "0:" + (commit * 5 + 5)));
        }
        List<String> before = contents(points);
        assertThat(dataFiles(points)).hasSize(40);

        MaintenanceReport report = run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.COMPACT));

        assertThat(contents(points)).isEqualTo(before);
        List<DataFile> files = dataFiles(points);
        assertThat(files).hasSize(2);
        for (DataFile file : files) {
            assertThat(file.recordCount()).isEqualTo(100);
            assertThat(timesInFileOrder(file)).hasSize(100).isSortedAccordingTo(Long::compare);
        }
        Map<String, String> summary = points.currentSnapshot().summary();
        assertThat(summary).containsEntry(OFFSETS_A, "0:200").containsEntry(OFFSETS_B, "0:5");
        assertThat(points.currentSnapshot().operation()).isEqualTo("replace");
        StepOutcome outcome = report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.COMPACT).outcome();
        assertThat(outcome.filesIn()).isEqualTo(40);
        assertThat(outcome.filesOut()).isEqualTo(2);
        assertThat(outcome.rows()).isEqualTo(200);
        assertThat(outcome.commits()).isEqualTo(2);
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.COMPACT).before().dataFiles()).isEqualTo(40);
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.COMPACT).after().dataFiles()).isEqualTo(2);

        // nothing left to gain: a second run changes nothing
        long snapshot = points.currentSnapshot().snapshotId();
        run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.COMPACT));
        points.refresh();
        assertThat(points.currentSnapshot().snapshotId()).isEqualTo(snapshot);
    }

    @Test
    void a_compaction_commit_that_landed_before_the_catalog_lost_the_answer_keeps_the_files_it_wrote() throws Exception {
        for (int commit = 0; commit < 6; commit++) {
            appendSmall(points, points(commit * 600L, 5, commit * 5L), Map.of());
        }
        List<String> before = contents(points);
        io.urbanflow.testing.UnreliableTableOperations catalog = io.urbanflow.testing.UnreliableTableOperations.of(points, 1,
                io.urbanflow.testing.UnreliableTableOperations.Outcome.LANDED);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            StepOutcome outcome = new Compaction(catalog.table(points.name()), MaintenanceConfig.defaults(), pool, pool)
                    .run(MaintenanceOptions.Mode.APPLY);
            assertThat(outcome.commits()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }

        assertThat(catalog.failed()).isTrue();
        assertThat(dataFiles(points)).hasSize(1).allSatisfy(file -> assertThat(Path.of(file.location())).exists());
        assertThat(contents(points)).isEqualTo(before);
    }

    @Test
    void compaction_fills_files_up_to_the_target_size_and_leaves_single_small_files_alone() {
        for (int commit = 0; commit < 12; commit++) {
            appendSmall(points, points(commit * 60L, 200, commit * 200L), Map.of());
        }
        appendSmall(points, points(2 * 86_400L, 10, 5_000), Map.of()); // alone in its day
        // room for 4 files of the largest size, never for 5 of the smallest (their sizes differ by a few %)
        long largest = dataFiles(points).stream().filter(file -> file.recordCount() == 200).mapToLong(DataFile::fileSizeInBytes).max().orElseThrow();
        long smallest = dataFiles(points).stream().filter(file -> file.recordCount() == 200).mapToLong(DataFile::fileSizeInBytes).min().orElseThrow();
        assertThat(largest * 8).isLessThan(smallest * 9);
        MaintenanceConfig config = MaintenanceConfig.defaults().withTargetFileSizeBytes(largest * 4 + smallest / 2);

        List<String> before = contents(points);
        run(MaintenanceOptions.of(config).withSteps(MaintenanceStep.COMPACT));

        assertThat(contents(points)).isEqualTo(before);
        assertThat(dataFiles(points)).extracting(DataFile::recordCount).containsExactlyInAnyOrder(800L, 800L, 800L, 10L);
    }

    @Test
    void a_dry_run_plans_every_step_and_changes_nothing() throws IOException {
        for (int commit = 0; commit < 5; commit++) {
            appendSmall(points, points(commit * 60L, 3, commit * 3L), Map.of());
        }
        Path orphan = writeOrphan("data/ts_day=2014-02-01/crashed.parquet");
        long snapshot = points.currentSnapshot().snapshotId();
        MaintenanceConfig config = MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 1).withOrphanAge(Duration.ZERO);

        MaintenanceReport report = run(MaintenanceOptions.of(config).dryRun());

        points.refresh();
        assertThat(points.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        assertThat(orphan).exists();
        assertThat(report.dryRun()).isTrue();
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.COMPACT).outcome().filesIn()).isEqualTo(5);
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.EXPIRE_SNAPSHOTS).outcome().snapshotsExpired()).isEqualTo(4);
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.REMOVE_ORPHANS).outcome().orphansFound()).isEqualTo(1);
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.REMOVE_ORPHANS).outcome().orphansDeleted()).isZero();
        List<String> lines = report.reportLines();
        assertThat(lines.get(0)).startsWith("table").contains("step", "data files", "bytes", "snapshots", "manifests");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("raw.gps_points", "compact", "5 → 5", "would rewrite 5 files into 1"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("dry run, nothing changed: would compact 5 files, expire 4 snapshots, delete 1 orphan files");
    }

    @Test
    void expiry_keeps_the_snapshot_a_model_points_to_and_every_one_after_it() {
        List<Long> ids = new ArrayList<>();
        for (int commit = 0; commit < 10; commit++) {
            appendSmall(points, points(commit * 60L, 2, commit * 2L), Map.of());
            ids.add(points.currentSnapshot().snapshotId());
        }
        Table mart = lake.createIfMissing("mart.point_counts", GpsTables.REJECTED_SCHEMA, PartitionSpec.unpartitioned());
        AppendFiles state = mart.newFastAppend();
        state.set(ProtectedSnapshots.INPUT_PREFIX + GpsTables.RAW_GPS_POINTS, Long.toString(ids.get(3)));
        state.commit();
        List<String> before = contents(points);

        MaintenanceConfig config = MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 1);
        MaintenanceReport report = run(MaintenanceOptions.of(config).withTable(GpsTables.RAW_GPS_POINTS)
                .withSteps(MaintenanceStep.EXPIRE_SNAPSHOTS));

        assertThat(snapshotIds(points)).containsExactlyInAnyOrderElementsOf(ids.subList(3, 10));
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.EXPIRE_SNAPSHOTS).outcome().snapshotsExpired()).isEqualTo(3);
        assertThat(contents(points)).isEqualTo(before);

        // once the model moves on, the older ones go
        AppendFiles moved = mart.newFastAppend();
        moved.set(ProtectedSnapshots.INPUT_PREFIX + GpsTables.RAW_GPS_POINTS, Long.toString(ids.get(9)));
        moved.commit();
        run(MaintenanceOptions.of(config).withTable(GpsTables.RAW_GPS_POINTS).withSteps(MaintenanceStep.EXPIRE_SNAPSHOTS));
        assertThat(snapshotIds(points)).containsExactly(ids.get(9));
        assertThat(contents(points)).isEqualTo(before);
    }

    @Test
    void maintenance_commits_carry_a_models_state_forward_so_it_stays_incremental_and_protected() {
        Table mart = lake.createIfMissing("mart.point_counts", GpsTables.GPS_POINTS_SCHEMA, PartitionSpec.unpartitioned());
        for (int commit = 0; commit < 3; commit++) {
            AppendFiles append = mart.newFastAppend();
            TableWrites.write(mart, points(commit * 60L, 2, commit * 2L)).forEach(append::appendFile);
            append.set(ProtectedSnapshots.INPUT_PREFIX + "raw.gps_points", "42");
            append.set(CarriedSummary.MODEL_OPTIONS_KEY, "zone=UTC");
            append.commit();
        }
        run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable("mart.point_counts").withSteps(MaintenanceStep.COMPACT));
        mart.refresh();
        assertThat(mart.currentSnapshot().operation()).isEqualTo("replace");
        assertThat(mart.currentSnapshot().summary())
                .containsEntry("urbanflow.input.raw.gps_points", "42")
                .containsEntry("urbanflow.options", "zone=UTC");
    }

    @Test
    void offsets_survive_expiry_when_only_maintenance_committed_after_the_last_ingest_commit() {
        appendSmall(points, points(0, 2, 0), Map.of(OFFSETS_A, "0:2,1:7"));
        appendSmall(points, points(60, 2, 2), Map.of());
        for (int round = 0; round < 3; round++) {
            appendSmall(points, points(120 + round * 60L, 2, 4 + round * 2L), Map.of());
            run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.COMPACT));
        }
        MaintenanceConfig expireAll = MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 1);
        run(MaintenanceOptions.of(expireAll).withSteps(MaintenanceStep.EXPIRE_SNAPSHOTS));

        assertThat(snapshotIds(points)).hasSize(1);
        assertThat(points.currentSnapshot().summary()).containsEntry(OFFSETS_A, "0:2,1:7");
        assertThat(CarriedSummary.offsets(points, points.currentSnapshot())).containsOnly(Map.entry(OFFSETS_A, "0:2,1:7"));
    }

    @Test
    void orphan_removal_deletes_exactly_the_files_a_crashed_writer_left_and_no_query_changes() throws IOException {
        for (int commit = 0; commit < 4; commit++) {
            appendSmall(points, points(commit * 60L, 3, commit * 3L), Map.of());
        }
        run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.COMPACT)); // replaced files stay referenced
        // a writer that crashed after writing its files and before committing them
        List<DataFile> uncommitted = TableWrites.write(points, points(3_600, 4, 100));
        Path strayManifest = writeOrphan("metadata/" + java.util.UUID.randomUUID() + "-m0.avro");
        Path strayMetadata = writeOrphan("metadata/99999-" + java.util.UUID.randomUUID() + ".metadata.json");
        List<String> before = contents(points);
        Set<String> referencedBefore = OrphanFiles.referenced(points);

        MaintenanceConfig config = MaintenanceConfig.defaults().withOrphanAge(Duration.ZERO);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1));
        MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(config).withSteps(MaintenanceStep.REMOVE_ORPHANS),
                later, new PrintWriter(progress));

        List<String> expected = new ArrayList<>();
        uncommitted.forEach(file -> expected.add(file.location()));
        expected.add(strayManifest.toString());
        expected.add(strayMetadata.toString());
        StepOutcome outcome = report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.REMOVE_ORPHANS).outcome();
        assertThat(outcome.orphansFound()).isEqualTo(expected.size());
        assertThat(outcome.orphansDeleted()).isEqualTo(expected.size());
        for (String path : expected) {
            assertThat(Path.of(path)).doesNotExist();
        }
        for (String path : referencedBefore) {
            assertThat(Path.of(path)).exists();
        }
        assertThat(filesUnder(points.location())).containsExactlyInAnyOrderElementsOf(referencedBefore);
        assertThat(contents(points)).isEqualTo(before);
    }

    @Test
    void orphan_removal_leaves_files_younger_than_the_orphan_age() throws IOException {
        appendSmall(points, points(0, 3, 0), Map.of());
        Path young = writeOrphan("data/ts_day=2014-02-01/in-flight.parquet");
        MaintenanceReport report = run(MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.REMOVE_ORPHANS));
        assertThat(young).exists();
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.REMOVE_ORPHANS).outcome().orphansFound()).isZero();
    }

    @Test
    void many_manifests_are_rewritten_into_few_with_the_same_rows_and_offsets() {
        for (int commit = 0; commit < 30; commit++) {
            appendSmall(points, points(commit * 3_000L, 2, commit * 2L), Map.of(OFFSETS_A, "0:" + (commit * 2 + 2)));
        }
        List<String> before = contents(points);
        assertThat(points.currentSnapshot().allManifests(points.io())).hasSize(30);

        MaintenanceConfig config = MaintenanceConfig.defaults().withMaxManifests(20);
        MaintenanceReport report = run(MaintenanceOptions.of(config).withSteps(MaintenanceStep.REWRITE_MANIFESTS));

        assertThat(points.currentSnapshot().allManifests(points.io())).hasSize(2); // one per day partition
        assertThat(points.currentSnapshot().summary()).containsEntry(OFFSETS_A, "0:60");
        assertThat(contents(points)).isEqualTo(before);
        StepReport step = report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.REWRITE_MANIFESTS);
        assertThat(step.before().manifests()).isEqualTo(30);
        assertThat(step.after().manifests()).isEqualTo(2);
    }

    @Test
    void raw_retention_drops_whole_days_before_the_cutoff_and_is_off_by_default() {
        for (int day = 0; day < 3; day++) {
            appendSmall(points, points(day * 86_400L + 3_600, 4, day * 4L), Map.of());
        }
        Clock dayThreeNoon = Clock.fixed(Instant.ofEpochSecond(DAY_ONE + 2 * 86_400L + 43_200L), ZoneOffset.UTC);
        Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withSteps(MaintenanceStep.RAW_RETENTION),
                dayThreeNoon, new PrintWriter(progress));
        points.refresh();
        assertThat(contents(points)).hasSize(12);

        MaintenanceConfig config = MaintenanceConfig.defaults().withRawRetention(Duration.ofDays(1));
        MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(config).withSteps(MaintenanceStep.RAW_RETENTION),
                dayThreeNoon, new PrintWriter(progress));

        points.refresh();
        assertThat(contents(points)).hasSize(8).allSatisfy(row -> assertThat(row).doesNotStartWith("2014-02-01"));
        assertThat(report.of(GpsTables.RAW_GPS_POINTS, MaintenanceStep.RAW_RETENTION).outcome().rows()).isEqualTo(4);
    }

    // helpers

    private MaintenanceReport run(MaintenanceOptions options) {
        MaintenanceReport report = Maintenance.run(lake, options, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)),
                new PrintWriter(progress));
        points.refresh();
        return report;
    }

    /** {@code count} points one second apart from {@code DAY_ONE + startSecond}, offsets from {@code firstOffset}. */
    static List<Record> points(long startSecond, int count, long firstOffset) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = firstOffset + i;
            records.add(GpsTables.point("v" + offset % 7, DAY_ONE + startSecond + i, 41.9 + offset * 1e-4, 12.5 - offset * 1e-4, offset));
        }
        return records;
    }

    /** One commit of the records' files, with the summary entries, as the ingest makes them (fast append). */
    static void appendSmall(Table table, List<Record> records, Map<String, String> summary) {
        List<DataFile> files = TableWrites.write(table, records);
        AppendFiles append = table.newFastAppend();
        files.forEach(append::appendFile);
        summary.forEach(append::set);
        append.commit();
    }

    /** Every row as text, sorted. */
    static List<String> contents(Table table) {
        table.refresh();
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                StringBuilder row = new StringBuilder();
                for (int index = 0; index < record.size(); index++) {
                    Object value = record.get(index);
                    row.append(value instanceof OffsetDateTime time ? time.toInstant().toString() : String.valueOf(value)).append('|');
                }
                rows.add(table.schema().findField("ts") == null ? row.toString() : record.getField("ts") + "|" + row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Collections.sort(rows);
        return rows;
    }

    static List<DataFile> dataFiles(Table table) {
        table.refresh();
        List<DataFile> files = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            tasks.forEach(task -> files.add(task.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private List<Long> timesInFileOrder(DataFile file) {
        List<Long> times = new ArrayList<>();
        try (CloseableIterable<Record> rows = Parquet.read(points.io().newInputFile(file.location())).project(points.schema())
                .createReaderFunc(schema -> GenericParquetReaders.buildReader(points.schema(), schema)).build()) {
            rows.forEach(row -> times.add(((OffsetDateTime) row.getField("ts")).toEpochSecond()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return times;
    }

    static List<Long> snapshotIds(Table table) {
        table.refresh();
        List<Long> ids = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
            ids.add(snapshot.snapshotId());
        }
        return ids;
    }

    private Path writeOrphan(String relative) throws IOException {
        Path path = Path.of(points.location()).resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, "left by a crashed writer");
        return path;
    }

    private static List<String> filesUnder(String location) throws IOException {
        try (Stream<Path> paths = Files.walk(Path.of(location))) {
            return paths.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}
