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
