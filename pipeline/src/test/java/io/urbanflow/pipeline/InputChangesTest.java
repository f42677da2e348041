package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputChangesTest {
    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    private static final long DAY = MicrosRange.MICROS_PER_DAY;

    @TempDir
    Path dir;

    @Test
    void a_compaction_between_two_runs_is_no_change_but_an_append_after_it_is() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            Table input = lake.createIfMissing("raw.events", SCHEMA, PartitionSpec.unpartitioned());
            append(duckdb, input, 0, 10);
            append(duckdb, input, 10, 20);
            input.refresh();
            long processed = input.currentSnapshot().snapshotId();

            Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable("raw.events")
                    .withSteps(MaintenanceStep.COMPACT), Clock.systemUTC(), null);
            input.refresh();
            assertThat(input.currentSnapshot().operation()).isEqualTo(DataOperations.REPLACE);

            InputChanges afterCompaction = InputChanges.since(input, processed, "ts");
            assertThat(afterCompaction.upToDate()).isTrue();
            assertThat(afterCompaction.snapshotId()).isEqualTo(input.currentSnapshot().snapshotId());

            append(duckdb, input, 3 * DAY, 3 * DAY + 5);
            InputChanges afterAppend = InputChanges.since(input, processed, "ts");
            assertThat(afterAppend.full()).isFalse();
            assertThat(afterAppend.changed()).containsExactly(new MicrosRange(3 * DAY, 3 * DAY + 5));
        }
    }

    @Test
    void a_rewrite_of_one_day_of_a_day_partitioned_input_makes_a_mart_recompute_only_that_day() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            Table input = lake.createIfMissing("stage.events", SCHEMA, PartitionSpec.builderFor(SCHEMA).day("ts").build());
            long hour = 3_600_000_000L;
            for (int day = 0; day < 3; day++) {
                append(duckdb, input, day * DAY + hour, day * DAY + hour + 20);
            }
            ModelContext context = ModelContext.of(lake, duckdb, io.urbanflow.model.Settings.empty(), Clock.systemUTC());
            CountsModel model = new CountsModel(input);
            assertThat(model.build(context, BuildMode.INCREMENTAL).mode()).isEqualTo(RunMode.FULL);

            // the stage rewrites day 1 (copy-on-write): its old file is removed, a new one with other rows added
            RangeReplacement.replace(duckdb, input, "ts", java.util.Optional.of(List.of(MicrosRange.ofDay(1))),
                    "SELECT range AS id, make_timestamptz(range) AS ts FROM range(" + (DAY + 2 * hour) + ", " + (DAY + 2 * hour + 7) + ")",
                    java.util.Map.of());
            input.refresh();
            assertThat(input.currentSnapshot().operation()).isEqualTo(DataOperations.OVERWRITE);
            InputChanges changes = InputChanges.since(input, input.currentSnapshot().parentId(), "ts");
            assertThat(changes.full()).isFalse();
            assertThat(changes.changed()).allSatisfy(range -> assertThat(range.days()).containsExactly(1));

            ModelResult result = model.build(context, BuildMode.INCREMENTAL);
            assertThat(result.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(result.recomputed()).isNotEmpty().allSatisfy(window -> {
                assertThat(window.start()).isAfterOrEqualTo(MicrosRange.instant(DAY));
                assertThat(window.end()).isBeforeOrEqualTo(MicrosRange.instant(2 * DAY));
            });
            assertThat(engine.query("SELECT sum(points) FROM mart.counts").rows().get(0).get(0)).isEqualTo(java.math.BigInteger.valueOf(47));
        }
    }

    @Test
    void a_file_without_bounds_is_located_by_its_hour_day_month_or_year_partition_and_not_by_a_bucket() {
        Types.NestedField ts = SCHEMA.findField("ts");
        // partition values are the transforms' ordinals: hours, days, months, years since 1970
        assertThat(InputChanges.partitionRange(spec("hour"), ts, file(spec("hour"), (int) (micros("2022-11-28T20:00:00Z") / 3_600_000_000L))))
                .contains(new MicrosRange(micros("2022-11-28T20:00:00Z"), micros("2022-11-28T21:00:00Z")));
        assertThat(InputChanges.partitionRange(spec("day"), ts, file(spec("day"), 19324)))
                .contains(new MicrosRange(micros("2022-11-28T00:00:00Z"), micros("2022-11-29T00:00:00Z")));
        assertThat(InputChanges.partitionRange(spec("month"), ts, file(spec("month"), (2022 - 1970) * 12 + 10)))
                .contains(new MicrosRange(micros("2022-11-01T00:00:00Z"), micros("2022-12-01T00:00:00Z")));
        assertThat(InputChanges.partitionRange(spec("year"), ts, file(spec("year"), 52)))
                .contains(new MicrosRange(micros("2022-01-01T00:00:00Z"), micros("2023-01-01T00:00:00Z")));
        assertThat(InputChanges.partitionRange(spec("bucket"), ts, file(spec("bucket"), 3))).isEmpty();
        assertThat(InputChanges.partitionRange(spec("day"), ts, file(spec("day"), null))).as("rows without a time").isEmpty();
    }

    private static PartitionSpec spec(String transform) {
        return switch (transform) {
            case "hour" -> PartitionSpec.builderFor(SCHEMA).hour("ts").build();
            case "day" -> PartitionSpec.builderFor(SCHEMA).day("ts").build();
            case "month" -> PartitionSpec.builderFor(SCHEMA).month("ts").build();
            case "year" -> PartitionSpec.builderFor(SCHEMA).year("ts").build();
            default -> PartitionSpec.builderFor(SCHEMA).bucket("ts", 4).build();
        };
    }

    /** A file of {@code spec} with one partition value and no column statistics. */
    private static org.apache.iceberg.DataFile file(PartitionSpec spec, Integer partition) {
        org.apache.iceberg.StructLike value = new org.apache.iceberg.StructLike() {
            @Override
            public int size() {
                return 1;
            }

            @Override
            public <T> T get(int pos, Class<T> javaClass) {
                return javaClass.cast(partition);
            }

            @Override
            public <T> void set(int pos, T value) {
                throw new UnsupportedOperationException();
            }
        };
        return org.apache.iceberg.DataFiles.builder(spec).withPath("/tmp/part.parquet").withFileSizeInBytes(10).withRecordCount(1)
                .withPartition(value).build();
    }

    private static long micros(String instant) {
        return java.time.Instant.parse(instant).getEpochSecond() * 1_000_000L;
    }

    /** A mart of rows per 10 minutes of {@code stage.events}, as the mobility marts are built. */
    private record CountsModel(Table input) implements Model {
        private static final Schema COUNTS = new Schema(
                Types.NestedField.required(1, "interval_10min", Types.TimestampType.withZone()),
                Types.NestedField.required(2, "points", Types.LongType.get()));

        @Override
        public String name() {
            return "mart.counts";
        }

        @Override
        public List<String> inputs() {
            return List.of("stage.events");
        }

        @Override
        public Schema schema() {
            return COUNTS;
        }

        @Override
        public PartitionSpec partitionSpec() {
            return PartitionSpec.builderFor(COUNTS).day("interval_10min").build();
        }

        @Override
        public ModelResult build(ModelContext context, BuildMode mode) {
            return IntervalAggregation.run(context, this, input, mode, java.time.ZoneOffset.UTC, "v1", "TRUE",
                    (relation, interval, where) -> "SELECT " + interval + " AS interval_10min, count(*) AS points FROM " + relation
                            + " WHERE " + where + " GROUP BY 1");
        }
    }

    /** One data file with rows at {@code ts} = first .. last - 1 microseconds (ids alike). */
    private static void append(Connection duckdb, Table table, long first, long last) {
        List<org.apache.iceberg.DataFile> files = ParquetTableWriter.write(duckdb, table,
                "SELECT range AS id, make_timestamptz(range) AS ts FROM range(" + first + ", " + last + ")");
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        table.refresh();
    }
}
