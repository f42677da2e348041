package io.urbanflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTest {
    @TempDir
    Path dataDir;

    @Test
    void another_engine_gets_the_catalog_s_uri_warehouse_schema_version_and_file_io() {
        LakeConfig config = LakeConfig.defaults(dataDir);
        Map<String, String> properties = Lake.engineCatalogProperties(config);
        assertThat(properties).containsEntry("uri", config.catalogUrl())
                .containsEntry("warehouse", config.warehouse())
                .containsEntry("jdbc.schema-version", "V1")
                .containsEntry("io-impl", "io.urbanflow.lake.internal.LocalFileIO")
                .containsKey("jdbc.busy_timeout");
    }

    @Test
    void opening_a_fresh_data_dir_creates_catalog_and_namespaces_and_raw_tables_are_created_as_declared() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            assertThat(lake.tables()).isEmpty();
            GpsTables.create(lake);
            assertThat(dataDir.resolve("catalog.db")).exists();
            assertThat(dataDir.resolve("warehouse")).isDirectory();
            assertThat(lake.tables()).extracting(TableIdentifier::toString)
                    .containsExactly(GpsTables.RAW_GPS_POINTS, GpsTables.RAW_GPS_POINTS_REJECTED);
            Table points = lake.table(GpsTables.RAW_GPS_POINTS);
            assertThat(points.schema().sameSchema(GpsTables.GPS_POINTS_SCHEMA)).isTrue();
            assertThat(points.spec().fields()).singleElement()
                    .satisfies(field -> assertThat(field.transform().toString()).isEqualTo("day"));
            assertThat(points.location()).startsWith(dataDir.resolve("warehouse").toString());
            assertThat(lake.catalog()).isNotNull();
        }
    }

    @Test
    void reopening_keeps_tables_and_their_data() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.createIfMissing("mart.things", THINGS, PartitionSpec.unpartitioned());
            TableWrites.append(table, List.of(thing(1, "a")));
        }
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            assertThat(read(lake.table("mart.things"))).containsExactly("1=a");
            assertThat(lake.namespacesForTest()).contains("raw", "stage", "mart");
        }
    }

    @Test
    void a_missing_table_is_reported_with_the_known_tables() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            GpsTables.create(lake);
            assertThat(lake.findTable("mart.nothing")).isEmpty();
            assertThatThrownBy(() -> lake.table("mart.nothing"))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot find table mart.nothing: known tables are raw.gps_points, raw.gps_points_rejected");
            assertThatThrownBy(() -> lake.table("nothing"))
                    .isInstanceOf(UrbanFlowException.class).hasMessageContaining("expected namespace.table");
        }
    }

    @Test
    void table_writes_append_overwrite_matching_rows_and_replace_all() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.createIfMissing("mart.things", THINGS,
                    PartitionSpec.builderFor(THINGS).identity("category").build());
            TableWrites.append(table, List.of(thing(1, "a"), thing(2, "b"), thing(3, "a")));
            TableWrites.append(table, List.of(thing(4, "b")));
            assertThat(read(table)).containsExactlyInAnyOrder("1=a", "2=b", "3=a", "4=b");

            // a whole partition
            TableWrites.overwrite(table, org.apache.iceberg.expressions.Expressions.equal("category", "a"),
                    List.of(thing(10, "a")));
            assertThat(read(table)).containsExactlyInAnyOrder("10=a", "2=b", "4=b");

            // some rows of files: the other rows of those files survive
            TableWrites.overwrite(table, org.apache.iceberg.expressions.Expressions.greaterThanOrEqual("id", 4L),
                    List.of(thing(5, "c")));
            assertThat(read(table)).containsExactlyInAnyOrder("2=b", "5=c");

            TableWrites.replaceAll(table, List.of(thing(7, "z")));
            assertThat(read(table)).containsExactly("7=z");
        }
    }

    @Test
    void concurrent_appends_from_two_lakes_on_one_catalog_all_land() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Lake first = Lake.open(LakeConfig.defaults(dataDir)); Lake second = Lake.open(LakeConfig.defaults(dataDir))) {
            first.createIfMissing("mart.things", THINGS, PartitionSpec.unpartitioned());
            List<Future<?>> futures = new ArrayList<>();
            for (Lake lake : List.of(first, second)) {
                int base = lake == first ? 0 : 100;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 8; i++) {
                        TableWrites.append(lake.table("mart.things"), List.of(thing(base + i, "x")));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            assertThat(read(first.table("mart.things"))).hasSize(16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void config_reads_its_keys_with_data_dir_defaults() {
        LakeConfig defaults = LakeConfig.defaults(dataDir);
        assertThat(defaults.catalogUrl()).isEqualTo("jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve("catalog.db"));
        assertThat(defaults.warehouse()).isEqualTo(dataDir.toAbsolutePath().normalize().resolve("warehouse").toString());
        assertThat(LakeConfig.from(io.urbanflow.model.Settings.empty(), dataDir)).isEqualTo(defaults);

        LakeConfig configured = LakeConfig.from(io.urbanflow.model.Settings.of(Map.of(
                LakeConfig.CATALOG_URL, "jdbc:postgresql://127.0.0.1:5433/lake",
                LakeConfig.WAREHOUSE, "/srv/warehouse",
                LakeConfig.JDBC_USER, "lake",
                LakeConfig.JDBC_PASSWORD, "secret",
                "lake.catalog.jdbc.ssl", "true")), dataDir);
        assertThat(configured.catalogUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/lake");
        assertThat(configured.warehouse()).isEqualTo("/srv/warehouse");
        assertThat(configured.catalogProperties()).containsOnly(
                Map.entry("jdbc.user", "lake"), Map.entry("jdbc.password", "secret"), Map.entry("jdbc.ssl", "true"));
        assertThat(configured.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> defaults.withCatalogUrl("postgres://x")).isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use catalog URL 'postgres://x'");
    }

    @Test
    void parquet_data_files_land_in_the_warehouse_without_checksum_side_files() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.createIfMissing("stage.things", THINGS, PartitionSpec.unpartitioned());
            TableWrites.append(table, List.of(thing(1, "a")));
            try (var files = Files.walk(dataDir.resolve("warehouse"))) {
                List<String> names = files.map(path -> path.getFileName().toString()).toList();
                assertThat(names).anyMatch(name -> name.endsWith(".parquet"));
                assertThat(names).noneMatch(name -> name.endsWith(".crc"));
            }
        }
    }

    static final Schema THINGS = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "category", Types.StringType.get()));

    static Record thing(long id, String category) {
        GenericRecord record = GenericRecord.create(THINGS);
        record.setField("id", id);
        record.setField("category", category);
        return record;
    }

    static List<String> read(Table table) {
        table.refresh();
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record record : records) {
                rows.add(record.getField("id") + "=" + record.getField("category"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return rows;
    }
}
