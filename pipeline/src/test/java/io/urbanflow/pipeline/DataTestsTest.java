package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.DataTestResult.Level;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check against a small table whose faults are known; the SQL is DuckDB's over the tables' Parquet files. */
class DataTestsTest {
    private static final Schema ORDERS = new Schema(
            Types.NestedField.required(1, "order_id", Types.LongType.get()),
            Types.NestedField.optional(2, "customer_id", Types.LongType.get()),
            Types.NestedField.optional(3, "status", Types.StringType.get()),
            Types.NestedField.required(4, "ts", Types.TimestampType.withZone()));
    private static final Schema CUSTOMERS = new Schema(Types.NestedField.required(1, "customer_id", Types.LongType.get()));
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;
    private Lake lake;
    private DuckDbQueryEngine engine;
    private Connection duckdb;
    private ModelContext context;

    @BeforeEach
    void lake_with_orders_and_customers() throws Exception {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
        duckdb = engine.trustedConnection();
        context = ModelContext.of(lake, duckdb, Settings.empty(), Clock.fixed(NOW, ZoneOffset.UTC));
        // order 2 twice, order 4 without customer, order 5 of unknown customer 9, order 3 with status 'lost'
        write(lake.createIfMissing("mart.orders", ORDERS, PartitionSpec.unpartitioned()), "SELECT * FROM (VALUES"
                + " (1, 1, 'paid', TIMESTAMPTZ '2024-05-01 10:00:00+00'), (2, 2, 'paid', TIMESTAMPTZ '2024-05-01 10:10:00+00'),"
                + " (2, 2, 'paid', TIMESTAMPTZ '2024-05-01 10:10:00+00'), (3, 1, 'lost', TIMESTAMPTZ '2024-05-01 10:20:00+00'),"
                + " (4, NULL, 'open', TIMESTAMPTZ '2024-05-01 10:30:00+00'), (5, 9, NULL, TIMESTAMPTZ '2024-05-01 11:00:00+00'))"
                + " AS t(order_id, customer_id, status, ts)");
        write(lake.createIfMissing("mart.customers", CUSTOMERS, PartitionSpec.unpartitioned()),
                "SELECT * FROM (VALUES (1), (2)) AS t(customer_id)");
    }

    @AfterEach
    void close() throws Exception {
        duckdb.close();
        engine.close();
        lake.close();
    }

    @Test
    void unique_finds_the_duplicate_key_with_a_sample() {
        DataTestResult result = DataTests.evaluate(DataTest.unique("mart.orders", "order_id"), context);
        assertThat(result.level()).isEqualTo(Level.ERROR);
        assertThat(result.failures()).isEqualTo(1);
        assertThat(result.samples()).containsExactly("order_id=2, duplicates=2");
        assertThat(DataTests.evaluate(DataTest.unique("mart.orders", "order_id", "status", "ts").warnOnly(), context).level())
                .isEqualTo(Level.WARN);
        assertThat(DataTests.evaluate(DataTest.unique("mart.customers", "customer_id"), context).level()).isEqualTo(Level.PASS);
    }

    @Test
    void not_null_and_accepted_values_count_offending_rows_and_accepted_values_lets_nulls_pass() {
        DataTestResult nulls = DataTests.evaluate(DataTest.notNull("mart.orders", "customer_id", "status"), context);
        assertThat(nulls.failures()).isEqualTo(2);
        assertThat(nulls.samples()).hasSize(2);
        DataTestResult values = DataTests.evaluate(DataTest.acceptedValues("mart.orders", "status", "paid", "open"), context);
        assertThat(values.level()).isEqualTo(Level.ERROR);
        assertThat(values.samples()).containsExactly("status=lost, rows=1");
    }

    @Test
    void a_relationship_reports_values_without_a_match_and_reads_both_tables() {
        DataTest test = DataTest.relationship("mart.orders", "customer_id", "mart.customers", "customer_id");
        assertThat(test.reads()).containsExactly("mart.orders", "mart.customers");
        DataTestResult result = DataTests.evaluate(test, context);
        assertThat(result.level()).isEqualTo(Level.ERROR);
        assertThat(result.samples()).containsExactly("customer_id=9, rows=1");
        assertThat(result.message()).contains("without a match in mart.customers");
    }

    @Test
    void row_count_and_freshness_have_a_warning_and_an_error_threshold() {
        assertThat(DataTests.evaluate(DataTest.rowCount("mart.orders", 1, 10), context).level()).isEqualTo(Level.WARN);
        assertThat(DataTests.evaluate(DataTest.rowCount("mart.orders", 7, 10), context).level()).isEqualTo(Level.ERROR);
        assertThat(DataTests.evaluate(DataTest.rowCount("mart.orders", 6), context).level()).isEqualTo(Level.PASS);

        // the newest order is an hour old
        assertThat(DataTests.evaluate(DataTest.freshness("mart.orders", "ts", Duration.ofHours(2), Duration.ofHours(3)), context)
                .level()).isEqualTo(Level.PASS);
        DataTestResult stale = DataTests.evaluate(DataTest.freshness("mart.orders", "ts", Duration.ofMinutes(30), Duration.ofHours(3)), context);
        assertThat(stale.level()).isEqualTo(Level.WARN);
        assertThat(stale.failures()).isEqualTo(3600);
        assertThat(DataTests.evaluate(DataTest.freshness("mart.orders", "ts", Duration.ofMinutes(10), Duration.ofMinutes(30)), context)
                .level()).isEqualTo(Level.ERROR);
    }

    @Test
    void only_an_error_of_a_blocking_test_blocks() {
        assertThat(DataTests.evaluate(DataTest.unique("mart.orders", "order_id").blocking(), context).blocks()).isTrue();
        assertThat(DataTests.evaluate(DataTest.unique("mart.orders", "order_id"), context).blocks()).isFalse();
        assertThat(DataTests.evaluate(DataTest.unique("mart.orders", "order_id").warnOnly().blocking(), context).blocks()).isFalse();
    }

    @Test
    void a_test_of_a_missing_table_is_broken_rather_than_failed_and_bad_declarations_are_refused() {
        assertThatThrownBy(() -> DataTests.evaluate(DataTest.unique("mart.nothing", "id"), context))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("mart.nothing does not exist");
        assertThatThrownBy(() -> DataTest.unique("mart.orders", "order_id; DROP")).hasMessageContaining("not a plain column name");
        assertThatThrownBy(() -> DataTest.rowCount("mart.orders", 10, 5)).hasMessageContaining("error threshold <= warning threshold");
        assertThat(DataTest.unique("stage.gps_points", "vehicle_id", "ts").name()).isEqualTo("stage.gps_points.unique_vehicle_id_ts");
    }

    private void write(Table table, String sql) {
        AppendFiles append = table.newAppend();
        ParquetTableWriter.write(duckdb, table, sql).forEach(append::appendFile);
        append.commit();
    }
}
