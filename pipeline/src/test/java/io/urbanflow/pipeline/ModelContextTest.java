package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelContextTest {
    private static final Schema FIRST = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()));
    /** The model's next version: two more columns, optional. */
    private static final Schema SECOND = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.optional(3, "label", Types.StringType.get(), "what the row is"),
            Types.NestedField.optional(4, "score", Types.DoubleType.get()));

    @TempDir
    Path dir;

    @Test
    void a_model_whose_schema_gains_optional_columns_gets_them_added_to_its_existing_table() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC());
            PartitionSpec spec = PartitionSpec.builderFor(FIRST).day("ts").build();
            Table table = context.createIfMissing("mart.things", FIRST, spec);
            append(duckdb, table, "SELECT 1 AS id, TIMESTAMPTZ '2024-05-01 10:00:00+00' AS ts");

            Table evolved = context.createIfMissing("mart.things", SECOND, spec);
            assertThat(evolved.schema().columns()).extracting(Types.NestedField::name).containsExactly("id", "ts", "label", "score");
            assertThat(evolved.schema().findField("label").isOptional()).isTrue();
            assertThat(evolved.schema().findField("label").doc()).isEqualTo("what the row is");
            assertThat(evolved.schema().findField("score").type()).isEqualTo(Types.DoubleType.get());
            append(duckdb, evolved, "SELECT 2 AS id, TIMESTAMPTZ '2024-05-01 11:00:00+00' AS ts, 'new' AS label, 0.5 AS score");

            // the old row reads NULL for the new columns; the new row has them
            assertThat(engine.query("SELECT id, label, score FROM mart.things ORDER BY id").rows())
                    .containsExactly(java.util.Arrays.asList(1L, null, null), List.of(2L, "new", 0.5));
            // asking again changes nothing
            long snapshot = evolved.currentSnapshot().snapshotId();
            int schemaId = evolved.schema().schemaId();
            Table again = context.createIfMissing("mart.things", SECOND, spec);
            assertThat(again.schema().schemaId()).isEqualTo(schemaId);
            assertThat(again.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        }
    }

    @Test
    void a_model_whose_schema_gains_a_required_column_is_told_to_drop_and_rebuild_its_table() throws Exception {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC());
            context.createIfMissing("mart.things", FIRST, PartitionSpec.unpartitioned());
            Schema required = new Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get()),
                    Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
                    Types.NestedField.required(3, "weight", Types.DoubleType.get()));
            assertThatThrownBy(() -> context.createIfMissing("mart.things", required, PartitionSpec.unpartitioned()))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot build mart.things: its model adds the required column weight, which the existing table lacks and"
                            + " its rows have no value for; drop the table and rebuild it in full (urbanflow pipeline run --select"
                            + " mart.things --full-refresh), or declare the column optional");
            assertThat(context.findTable("mart.things").orElseThrow().schema().columns()).hasSize(2);
        }
    }

    private static void append(Connection duckdb, Table table, String sql) {
        List<DataFile> files = new ArrayList<>(ParquetTableWriter.write(duckdb, table, sql));
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        append.commit();
        table.refresh();
    }
}
