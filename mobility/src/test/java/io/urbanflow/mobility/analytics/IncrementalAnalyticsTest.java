package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.City;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.urbanflow.mobility.GpsPoint;

class IncrementalAnalyticsTest {
    private static final Map<String, String> TABLES = Map.of(
            "trips", "SELECT * FROM mart.trips",
            "stops", "SELECT * EXCLUDE (cluster_id, kmeans_cluster_id) FROM mart.stops",
            "od", "SELECT * FROM mart.od_matrix",
            "speeds", "SELECT * FROM mart.cell_speed_hourly");

    @Test
    void late_points_in_the_middle_of_the_data_recompute_their_days_and_equal_a_full_rebuild(@TempDir Path dir) {
        // Hold back half a day in the middle of the San Francisco sample, then let it arrive late.
        LocalDateTime from = LocalDateTime.of(2008, 5, 27, 6, 0);
        LocalDateTime to = LocalDateTime.of(2008, 5, 27, 18, 0);
        Predicate<GpsPoint> late = point -> {
            LocalDateTime local = LocalDateTime.ofInstant(point.instant(), City.SAN_FRANCISCO.zone());
            return !local.isBefore(from) && local.isBefore(to);
        };
        try (AnalyticsFixture sf = AnalyticsFixture.open(dir)) {
            sf.load(SampleData.sfCabspotting(), late.negate()).stage();
            assertThat(sf.analyze().mode()).isEqualTo(RunMode.FULL);

            sf.load(SampleData.sfCabspotting(), late).stage();
            AnalyticsReport incremental = sf.analyze();
            assertThat(incremental.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(incremental.days()).contains(LocalDate.of(2008, 5, 27)).hasSizeLessThan(5);
            Map<String, Set<String>> afterIncremental = snapshot(sf);

            assertThat(sf.analyze(AnalyticsConfig.defaults(), BuildMode.FULL).mode()).isEqualTo(RunMode.FULL);
            assertThat(snapshot(sf)).isEqualTo(afterIncremental);
        }
    }

    @Test
    void changed_segmentation_options_force_a_full_rebuild(@TempDir Path dir) {
        try (AnalyticsFixture rome = AnalyticsFixture.open(dir)) {
            rome.load(SampleData.romeCrawdad()).stage();
            rome.analyze();
            long stops = rome.count("SELECT count(*) FROM mart.stops");
            AnalyticsConfig longerStops = new AnalyticsConfig(AnalyticsConfig.defaults().tripGap(), 100, java.time.Duration.ofMinutes(10),
                    ClusterCount.fixed(3), 0, 5, AnalyticsConfig.ClusterInput.POINTS, 500, 7);
            AnalyticsReport report = rome.analyze(longerStops, BuildMode.INCREMENTAL);
            assertThat(report.mode()).isEqualTo(RunMode.FULL);
            assertThat(rome.count("SELECT count(*) FROM mart.stops")).isLessThan(stops);
            assertThat(rome.count("SELECT count(*) FROM mart.stops WHERE duration_s < 600")).isZero();
            // k-means over a sample of points, DBSCAN off
            assertThat(rome.count("SELECT count(*) FROM mart.clusters WHERE algorithm = 'kmeans' AND input = 'points'")).isEqualTo(3);
            assertThat(rome.count("SELECT sum(size) FROM mart.clusters")).isEqualTo(500);
            assertThat(rome.count("SELECT count(*) FROM mart.stops WHERE cluster_id IS NOT NULL")).isZero();
        }
    }

    private static Map<String, Set<String>> snapshot(AnalyticsFixture fixture) {
        java.util.TreeMap<String, Set<String>> tables = new java.util.TreeMap<>();
        TABLES.forEach((name, sql) -> tables.put(name, AnalyticsBuilderTest.tableRows(fixture, sql)));
        return tables;
    }
}
