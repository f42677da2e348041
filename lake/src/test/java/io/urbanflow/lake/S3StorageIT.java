package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.stack.LocalS3;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake with its warehouse in a real bucket of {@code urbanflow s3}'s server (s3proxy in process, requests signed
 * and checked): tables written through S3FileIO, read back, read through the local cache; wrong settings refused
 * with one line naming the setting, before anything is written.
 */
class S3StorageIT {
    private static LocalS3 s3;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start_s3(@TempDir Path serverDir) {
        s3 = LocalS3.start(serverDir, 0, "lake-bucket");
    }

    @AfterAll
    static void stop_s3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void tables_live_in_the_bucket_and_are_read_back_through_the_cache() throws Exception {
        LakeConfig config = LakeConfig.from(settings(Map.of(LakeConfig.WAREHOUSE, s3.warehouse("tables-" + System.nanoTime()))), dataDir);
        assertThat(config.isObjectStore()).isTrue();
        try (Lake lake = Lake.open(config)) {
            Table table = lake.createIfMissing("mart.things", LakeTest.THINGS, PartitionSpec.unpartitioned());
            TableWrites.append(table, List.of(LakeTest.thing(1, "a"), LakeTest.thing(2, "b")));
            assertThat(table.location()).startsWith("s3://lake-bucket/");
            assertThat(LakeTest.read(lake.table("mart.things"))).containsExactlyInAnyOrder("1=a", "2=b");

            DataFile file = lake.table("mart.things").currentSnapshot().addedDataFiles(table.io()).iterator().next();
            Path copy = Path.of(LocalCopies.readablePath(file.location(), file.fileSizeInBytes()));
            assertThat(copy).startsWith(dataDir.resolve("cache")).hasSize(file.fileSizeInBytes());
            assertThat(LocalCopies.readablePath(file.location(), -1)).isEqualTo(copy.toString());
        }
        // the warehouse holds nothing locally: only the catalog file and the cache are in the data dir
        try (Stream<Path> files = Files.list(dataDir)) {
            assertThat(files.map(path -> path.getFileName().toString())).doesNotContain("warehouse");
        }
    }

    @Test
    void maintenance_compacts_expires_and_removes_orphans_in_the_bucket() throws Exception {
        LakeConfig config = LakeConfig.from(settings(Map.of(LakeConfig.WAREHOUSE, s3.warehouse("maintained-" + System.nanoTime()))), dataDir);
        try (Lake lake = Lake.open(config)) {
            Table table = lake.createIfMissing("mart.things", LakeTest.THINGS, PartitionSpec.unpartitioned());
            List<String> expected = new ArrayList<>();
            for (int commit = 0; commit < 6; commit++) {
                TableWrites.append(table, List.of(LakeTest.thing(commit, "v" + commit)));
                expected.add(commit + "=v" + commit);
            }
            // a file no snapshot references, as a process killed before its commit leaves it
            String orphan = table.location() + "/data/killed-" + java.util.UUID.randomUUID() + ".parquet";
            try (var out = table.io().newOutputFile(orphan).create()) {
                out.write(new byte[] {1, 2, 3});
            }
            assertThat(objects(table, "/data/")).hasSize(7);

            MaintenanceConfig everything = MaintenanceConfig.defaults().withSnapshotRetention(Duration.ZERO, 1).withOrphanAge(Duration.ZERO);
            MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(everything).withTable("mart.things"),
                    Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1)), new PrintWriter(Writer.nullWriter()));

            Table after = lake.table("mart.things");
            assertThat(LakeTest.read(after)).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(report.of("mart.things", MaintenanceStep.COMPACT).outcome().filesIn()).isEqualTo(6);
            assertThat(report.of("mart.things", MaintenanceStep.REMOVE_ORPHANS).outcome().orphansDeleted()).isEqualTo(1);
            assertThat(after.io().newInputFile(orphan).exists()).isFalse();
            // the bucket keeps the compacted file alone: the small ones went with their expired snapshots
            List<String> data = objects(after, "/data/");
            assertThat(data).hasSize(1);
            try (var tasks = after.newScan().planFiles()) {
                assertThat(data).containsExactly(tasks.iterator().next().file().location());
            }
        }
    }

    private static List<String> objects(Table table, String under) {
        List<String> found = new ArrayList<>();
        ((org.apache.iceberg.io.SupportsPrefixOperations) table.io()).listPrefix(table.location() + under)
                .forEach(file -> found.add(file.location()));
        return found;
    }

    @Test
    void wrong_credentials_are_one_line_naming_the_settings_and_leave_the_catalog_empty() {
        Map<String, String> values = new HashMap<>(Map.of(LakeConfig.WAREHOUSE, s3.warehouse("refused")));
        values.put(LakeConfig.S3_SECRET_ACCESS_KEY, "not-the-secret");
        LakeConfig config = LakeConfig.from(settings(values), dataDir);

        assertThatThrownBy(() -> Lake.open(config)).isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use warehouse s3://lake-bucket/refused at " + s3.endpoint() + ": the store refused the credentials")
                .hasMessageContaining(LakeConfig.S3_SECRET_ACCESS_KEY)
                .hasMessageNotContaining("not-the-secret");
        assertThat(dataDir.resolve("catalog.db")).doesNotExist();
    }

    @Test
    void a_missing_bucket_is_one_line_naming_the_warehouse_setting() {
        LakeConfig config = LakeConfig.from(settings(Map.of(LakeConfig.WAREHOUSE, "s3://no-such-bucket/lake")), dataDir);

        assertThatThrownBy(() -> Lake.open(config)).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("bucket no-such-bucket does not exist")
                .hasMessageContaining(LakeConfig.WAREHOUSE);
    }

    @Test
    void an_endpoint_where_no_server_listens_is_one_line_naming_the_endpoint_setting() {
        Map<String, String> values = new HashMap<>(Map.of(LakeConfig.WAREHOUSE, s3.warehouse("x")));
        values.put(LakeConfig.S3_ENDPOINT, "http://127.0.0.1:1");
        LakeConfig config = LakeConfig.from(settings(values), dataDir);

        assertThatThrownBy(() -> Lake.open(config)).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("no S3 server answered").hasMessageContaining(LakeConfig.S3_ENDPOINT);
    }

    /** The server's settings as a user gives them: endpoint, path style and its credentials file. */
    private static Settings settings(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(LakeConfig.S3_ENDPOINT, s3.endpoint().toString());
        values.put(LakeConfig.S3_PATH_STYLE_ACCESS, "true");
        values.put(LakeConfig.S3_CREDENTIALS_FILE, s3.credentialsFile().toString());
        values.putAll(overrides);
        return Settings.of(values);
    }
}
