package io.urbanflow.spark.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.ModelRebuild;
import io.urbanflow.spark.SparkDomains;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clickstream marts rebuilt by Spark SQL equal the platform's DuckDB-built marts row for row over the real sample:
 * same columns and types, every key, count, instant, string and flag exactly ({@code EXCEPT} is empty both ways), the
 * doubles to 1e-12 of their value. Spark computes each click_id's walk (event numbers, sessions, carts) itself from
 * {@code stage.clickstream_events}, so equal sessions and purchases also show that its walk is the stage's.
 */
class ClickstreamModelsOnSparkTest {
    @TempDir
    static Path dir;

    static ClickstreamSparkLake lake;

    @BeforeAll
    static void buildLake() {
        lake = ClickstreamSparkLake.create(dir);
    }

    @Test
    void sessions_rebuilt_by_spark_equal_the_mart_row_for_row() {
        assertRebuildEqualsMart(ClickstreamTables.MART_SESSIONS, "spark.sessions", List.of("session_id"), List.of("duration_seconds"));
        // the sample has visitors who come back after more than the 30-minute timeout: the walk's sessions are exercised
        assertThat(lake.count("SELECT count(*) FROM spark.sessions"))
                .isGreaterThan(lake.count("SELECT count(DISTINCT click_id) FROM " + ClickstreamTables.STAGE_EVENTS));
    }

    @Test
    void purchases_rebuilt_by_spark_equal_the_mart_row_for_row() {
        assertRebuildEqualsMart(ClickstreamTables.MART_PURCHASES, "spark.purchases", List.of("event_id"), List.of());
        assertThat(lake.count("SELECT count(*) FROM spark.purchases WHERE NOT empty_cart")).isPositive();
    }

    @Test
    void purchase_items_rebuilt_by_spark_equal_the_mart_row_for_row() {
        assertRebuildEqualsMart(ClickstreamTables.MART_PURCHASE_ITEMS, "spark.purchase_items", List.of("event_id", "product_id"), List.of());
    }

    @Test
    void the_daily_funnel_rebuilt_by_spark_equals_the_mart_row_for_row() {
        assertRebuildEqualsMart(ClickstreamTables.MART_FUNNEL_DAILY, "spark.funnel_daily", List.of("day"), List.of("home_to_product_rate",
                "product_to_cart_rate", "cart_to_payment_rate", "payment_to_confirmation_rate", "conversion_rate"));
    }

    @Test
    void an_unlimited_session_timeout_makes_one_session_per_click_id() {
        Settings unlimited = Settings.of(Map.of(ClickstreamConfig.SESSION_TIMEOUT, ClickstreamConfig.UNLIMITED));
        Dataset<Row> sessions = SparkDomains.load().model(ClickstreamTables.MART_SESSIONS).rows(lake.spark.session(), unlimited);
        sessions.createOrReplaceTempView("unlimited_sessions");
        String perSession = "SELECT click_id, page_views, session_start, session_end FROM unlimited_sessions";
        String perClick = "SELECT click_id, CAST(count(*) AS INT), min(event_timestamp), max(event_timestamp) FROM "
                + ClickstreamTables.STAGE_EVENTS + " GROUP BY click_id";
        assertThat(lake.count("SELECT count(*) FROM unlimited_sessions")).isEqualTo(lake.count("SELECT count(*) FROM (" + perClick + ")"));
        assertThat(lake.count("SELECT count(*) FROM (" + perSession + " EXCEPT " + perClick + ")")).isZero();
        assertThat(lake.count("SELECT count(*) FROM (" + perClick + " EXCEPT " + perSession + ")")).isZero();
    }

    /**
     * Rebuilds {@code mart} into the {@code spark} namespace and compares: schemas by name and type, every column but
     * the doubles with {@code EXCEPT} both ways, the doubles joined on the keys. The counts come from one query (Spark
     * runs its scalar subqueries side by side).
     */
    private static void assertRebuildEqualsMart(String mart, String target, List<String> keys, List<String> doubles) {
        ModelRebuild.Result result = ModelRebuild.run(lake.spark, SparkDomains.load().model(mart), ModelRebuild.DEFAULT_NAMESPACE, Settings.empty());
        assertThat(result.target()).isEqualTo(target);
        assertThat(columns(target)).isEqualTo(columns(mart));

        String exact = Arrays.stream(lake.spark.session().table(mart).schema().fieldNames())
                .filter(column -> !doubles.contains(column)).collect(Collectors.joining(", "));
        String joined = keys.stream().map(key -> "m." + key + " = s." + key).collect(Collectors.joining(" AND "));
        String differs = doubles.isEmpty() ? "FALSE" : doubles.stream().map(column -> "NOT (m." + column + " <=> s." + column
                + " OR abs(m." + column + " - s." + column + ") <= 1e-12 * abs(m." + column + "))").collect(Collectors.joining(" OR "));
        Row counts = lake.spark.session().sql("SELECT"
                + " (SELECT count(*) FROM " + mart + ") AS mart_rows,"
                + " (SELECT count(*) FROM (SELECT " + exact + " FROM " + mart + " EXCEPT SELECT " + exact + " FROM " + target + ")) AS only_in_mart,"
                + " (SELECT count(*) FROM (SELECT " + exact + " FROM " + target + " EXCEPT SELECT " + exact + " FROM " + mart + ")) AS only_in_spark,"
                + " (SELECT count(*) FROM " + mart + " m JOIN " + target + " s ON " + joined + ") AS matched,"
                + " (SELECT count(*) FROM " + mart + " m JOIN " + target + " s ON " + joined + " WHERE " + differs + ") AS doubles_differ").first();
        long martRows = counts.getLong(0);
        assertThat(martRows).isPositive();
        assertThat(result.rows()).isEqualTo(martRows);
        assertThat(List.of(counts.getLong(1), counts.getLong(2), counts.getLong(3), counts.getLong(4)))
                .as("rows only in %s, only in %s, matched on %s, with doubles apart", mart, target, keys)
                .containsExactly(0L, 0L, martRows, 0L);
    }

    /** Column names and types (not nullability: Spark's aggregates declare every column nullable). */
    private static List<String> columns(String table) {
        return Arrays.stream(lake.spark.session().table(table).schema().fields())
                .map((StructField field) -> field.name() + " " + field.dataType().simpleString()).toList();
    }
}
