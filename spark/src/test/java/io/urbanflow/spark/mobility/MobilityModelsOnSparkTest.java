package io.urbanflow.spark.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.spark.ModelRebuild;
import io.urbanflow.spark.SparkDomains;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mobility marts rebuilt by Spark SQL equal the platform's DuckDB-built marts row for row: every key, count,
 * instant and cell exactly ({@code EXCEPT} is empty over them), and the floating-point means to 1e-12 of their value.
 * The means cannot be held to the last bit: a sum of doubles depends on the order of its terms, which differs between
 * the engines (and within DuckDB between thread counts); they differ by an ulp or two.
 */
class MobilityModelsOnSparkTest {
    static MobilityLake lake;

    @BeforeAll
    static void buildLake() {
        lake = MobilityLake.shared();
    }

    @Test
    void traffic_10min_rebuilt_by_spark_equals_the_mart_row_for_row() {
        assertRebuildEqualsMart(MobilityTables.MART_TRAFFIC_10MIN, "spark.traffic_10min", List.of("interval_10min"),
                List.of("total_points", "unique_taxis", "earliest", "latest"), List.of("avg_lat", "avg_lon"));
    }

    @Test
    void cell_traffic_10min_rebuilt_by_spark_equals_the_mart_row_for_row() {
        assertRebuildEqualsMart(MobilityTables.MART_CELL_TRAFFIC_10MIN, "spark.cell_traffic_10min", List.of("interval_10min", "h3_cell"),
                List.of("h3_cell_hex", "points", "vehicles", "speed_samples"), List.of("mean_speed_kmh"));
    }

    @Test
    void the_rebuild_refuses_to_replace_the_model_s_own_table() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelRebuild.target(MobilityTables.MART_TRAFFIC_10MIN, "mart"))
                .hasMessageContaining("Cannot rebuild mart.traffic_10min into namespace mart");
    }

    private static void assertRebuildEqualsMart(String mart, String target, List<String> keys, List<String> exact, List<String> means) {
        ModelRebuild.Result result = ModelRebuild.run(lake.spark, SparkDomains.load().model(mart), ModelRebuild.DEFAULT_NAMESPACE,
                MobilityConfig.defaults().asSettings());
        assertThat(result.target()).isEqualTo(target);
        long martRows = lake.count("SELECT count(*) FROM " + mart);
        assertThat(martRows).isGreaterThan(1000);
        assertThat(result.rows()).isEqualTo(martRows);

        String columns = String.join(", ", keys) + ", " + String.join(", ", exact);
        assertThat(lake.count("SELECT count(*) FROM (SELECT " + columns + " FROM " + mart + " EXCEPT SELECT " + columns + " FROM " + target + ")")).isZero();
        assertThat(lake.count("SELECT count(*) FROM (SELECT " + columns + " FROM " + target + " EXCEPT SELECT " + columns + " FROM " + mart + ")")).isZero();

        String joined = keys.stream().map(key -> "m." + key + " = s." + key).collect(Collectors.joining(" AND "));
        String differs = means.stream().map(mean -> "NOT (m." + mean + " <=> s." + mean + " OR abs(m." + mean + " - s." + mean
                + ") <= 1e-12 * greatest(1.0, abs(m." + mean + ")))").collect(Collectors.joining(" OR "));
        assertThat(lake.count("SELECT count(*) FROM " + mart + " m JOIN " + target + " s ON " + joined + " WHERE " + differs)).isZero();
        assertThat(lake.count("SELECT count(*) FROM " + mart + " m JOIN " + target + " s ON " + joined)).isEqualTo(martRows);
    }
}
