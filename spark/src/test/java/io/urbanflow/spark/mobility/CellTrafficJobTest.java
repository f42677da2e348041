package io.urbanflow.spark.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.models.MobilityConfig;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pair-RDD job counts what the mart counts, joins the zones, and finds the busiest cells. */
class CellTrafficJobTest {
    /** A rectangle over central Rome: a point is in it exactly when its coordinates are within the bounds. */
    static final double MIN_LAT = 41.88;
    static final double MAX_LAT = 41.91;
    static final double MIN_LON = 12.46;
    static final double MAX_LON = 12.51;

    static MobilityLake lake;
    static CellTrafficJob.Result result;

    @BeforeAll
    static void runJob() {
        lake = MobilityLake.shared();
        try (Lake platform = Lake.open(lake.spark.lakeConfig())) {
            platform.createIfMissing(AnalyticsTables.STAGE_ZONES, AnalyticsTables.ZONES_SCHEMA, AnalyticsTables.ZONES_SPEC);
        }
        String box = "POLYGON ((" + MIN_LON + " " + MIN_LAT + ", " + MAX_LON + " " + MIN_LAT + ", " + MAX_LON + " " + MAX_LAT + ", "
                + MIN_LON + " " + MAX_LAT + ", " + MIN_LON + " " + MIN_LAT + "))";
        lake.spark.session().sql("INSERT OVERWRITE " + AnalyticsTables.STAGE_ZONES + " VALUES ('test-box', 'centre', 'Centre', '" + box + "', "
                + MIN_LAT + ", " + MIN_LON + ", " + MAX_LAT + ", " + MAX_LON + ", 0, TIMESTAMP '2024-01-01 00:00:00')");
        MobilityConfig config = MobilityConfig.defaults();
        result = CellTrafficJob.run(lake.spark, config.h3Resolution(), config.zone(), ZoneTable.read(lake.spark.session(), Optional.empty()), 5);
    }

    @Test
    void points_per_cell_and_interval_equal_the_mart_s_counts() {
        String fromRdd = "SELECT interval_10min, h3_cell, h3_cell_hex, sum(points) AS points FROM " + CellTrafficJob.TABLE + " GROUP BY 1, 2, 3";
        String fromMart = "SELECT interval_10min, h3_cell, h3_cell_hex, points FROM mart.cell_traffic_10min";
        assertThat(lake.count("SELECT count(*) FROM mart.cell_traffic_10min")).isGreaterThan(1000);
        assertThat(lake.count("SELECT count(*) FROM (" + fromRdd + " EXCEPT " + fromMart + ")")).isZero();
        assertThat(lake.count("SELECT count(*) FROM (" + fromMart + " EXCEPT " + fromRdd + ")")).isZero();
        assertThat(result.points()).isEqualTo(lake.count("SELECT sum(points) FROM mart.cell_traffic_10min"));
        assertThat(result.rows()).isEqualTo(lake.count("SELECT count(*) FROM " + CellTrafficJob.TABLE));
    }

    @Test
    void points_inside_a_zone_carry_its_id_and_the_others_none() {
        assertThat(result.zoneSet()).isEqualTo("test-box");
        long inside = lake.count("SELECT count(*) FROM stage.gps_points WHERE NOT is_outlier AND lat > " + MIN_LAT + " AND lat < " + MAX_LAT
                + " AND lon > " + MIN_LON + " AND lon < " + MAX_LON);
        assertThat(inside).isGreaterThan(100);
        assertThat(lake.count("SELECT coalesce(sum(points), 0) FROM " + CellTrafficJob.TABLE + " WHERE zone_id = 'centre'")).isEqualTo(inside);
        assertThat(lake.count("SELECT coalesce(sum(points), 0) FROM " + CellTrafficJob.TABLE + " WHERE zone_id IS NULL"))
                .isEqualTo(result.points() - inside);
    }

    @Test
    void the_busiest_cells_come_first_with_their_totals() {
        assertThat(result.busiest()).hasSize(5);
        var expected = lake.spark.session().sql("SELECT h3_cell, sum(points) AS points FROM mart.cell_traffic_10min GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5")
                .collectAsList();
        assertThat(result.busiest()).extracting(CellTrafficJob.BusyCell::points).containsExactlyElementsOf(expected.stream().map(row -> row.getLong(1)).toList());
        assertThat(result.busiest().get(0).cell()).isIn(expected.stream().filter(row -> row.getLong(1) == expected.get(0).getLong(1))
                .map(row -> row.getLong(0)).toList());
    }

    @Test
    void reduce_by_key_and_group_by_key_count_the_same() {
        var points = CellTrafficJob.stagePoints(lake.spark.session(), MobilityConfig.defaults().h3Resolution()).javaRDD();
        var keyed = CellTrafficJob.keyed(points, MobilityConfig.defaults().zone(), null);
        var reduced = CellTrafficJob.count(keyed, CellTrafficJob.Aggregation.REDUCE_BY_KEY).collectAsMap();
        var grouped = CellTrafficJob.count(keyed, CellTrafficJob.Aggregation.GROUP_BY_KEY).collectAsMap();
        assertThat(grouped).isEqualTo(reduced).hasSize((int) lake.count("SELECT count(*) FROM mart.cell_traffic_10min"));
    }
}
