package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.forecast.ForecastTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.pipeline.RunMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 10-minute marts equal independent SQL over the lake, stay equal under incremental runs, and rebuild idempotently. */
class AggregatesTest {
    private static final String TRAFFIC_MODEL = "SELECT interval_10min, total_points, unique_taxis, earliest, latest, avg_lat, avg_lon"
            + " FROM mart.traffic_10min ORDER BY interval_10min";

    @TempDir
    Path dir;

    /** The seed's query, written independently: time_bucket in the zone over every raw row. */
    private static String trafficIndependent(String zone) {
        return "SELECT time_bucket(INTERVAL '10 minutes', ts, '" + zone + "') AS interval_10min, count(*), count(DISTINCT vehicle_id),"
                + " min(ts), max(ts), avg(lat), avg(lon) FROM raw.gps_points GROUP BY 1 ORDER BY 1";
    }

    private static String cellIndependent(String zone) {
        return "SELECT time_bucket(INTERVAL '10 minutes', ts, '" + zone + "') AS interval_10min, h3_cell, count(*), count(DISTINCT vehicle_id),"
                + " avg(speed_kmh), count(speed_kmh) FROM stage.gps_points WHERE NOT is_outlier GROUP BY 1, 2 ORDER BY 1, 2";
    }

    private static final String CELL_MODEL = "SELECT interval_10min, h3_cell, points, vehicles, mean_speed_kmh, speed_samples"
            + " FROM mart.cell_traffic_10min ORDER BY 1, 2";

    private static List<ModelResult> run(TestLake lake, BuildMode mode) {
        PipelineRun run = new PipelineRunner(lake.context, new io.urbanflow.mobility.MobilityDomain().models()).run(mode);
        assertThat(run.failed()).as("%s", run).isFalse();
        return run.results();
    }

    /** Exact on keys and counts, within 1e-9 on means (summation order may differ). */
    private static void assertSameRows(List<List<String>> actual, List<List<String>> expected, int... meanColumns) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            for (int column = 0; column < expected.get(row).size(); column++) {
                String a = actual.get(row).get(column);
                String e = expected.get(row).get(column);
                boolean mean = false;
                for (int meanColumn : meanColumns) {
                    mean |= meanColumn == column;
                }
                if (mean && a != null && e != null) {
                    assertThat(Double.parseDouble(a)).as("row %d column %d", row, column).isCloseTo(Double.parseDouble(e), within(1e-9));
                } else {
                    assertThat(a).as("row %d column %d", row, column).isEqualTo(e);
                }
            }
        }
    }

    @Test
    void traffic_and_cell_traffic_equal_independent_queries_on_the_rome_sample() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            List<GpsPoint> rome = TestLake.romeCrawdad(SampleData.romeCrawdad());
            lake.appendRaw(rome);
            lake.appendRaw(rome.subList(0, 100)); // duplicates: counted by traffic (raw), not by cell traffic (stage)
            run(lake, BuildMode.INCREMENTAL);
            List<List<String>> traffic = lake.rows(TRAFFIC_MODEL);
            assertThat(traffic).hasSizeGreaterThan(1);
            assertSameRows(traffic, lake.rows(trafficIndependent("Europe/Rome")), 5, 6);
            assertThat(traffic.stream().mapToLong(row -> Long.parseLong(row.get(1))).sum()).isEqualTo(5_100);
            assertSameRows(lake.rows(CELL_MODEL), lake.rows(cellIndependent("Europe/Rome")), 4);
            // the first Rome interval is local midnight: 2014-02-01T00:00+01:00
            assertThat(lake.rows("SELECT min(interval_10min) = TIMESTAMPTZ '2014-02-01 00:00:00+01' FROM mart.traffic_10min").get(0).get(0)).isEqualTo("true");
        }
    }

    @Test
    void an_incremental_run_after_a_new_day_recomputes_only_its_intervals_and_equals_a_full_rebuild() throws Exception {
        String zone = "America/Los_Angeles";
        try (TestLake lake = TestLake.create(dir, MobilityConfig.defaults().withZone(ZoneId.of(zone)))) {
            List<GpsPoint> sf = TestLake.sfCabspotting(SampleData.sfCabspotting());
            long split = StageGpsPointsModelTest.SPLIT_MICROS;
            lake.appendRaw(sf.stream().filter(point -> point.epochMicros() < split).toList());
            run(lake, BuildMode.INCREMENTAL);
            List<List<String>> trafficBefore = lake.rows(TRAFFIC_MODEL + "");

            lake.appendRaw(sf.stream().filter(point -> point.epochMicros() >= split && point.epochMicros() < split + 86_400_000_000L).toList());
            List<ModelResult> results = run(lake, BuildMode.INCREMENTAL);
            for (ModelResult result : results) {
                // the scheduled training retrains at most daily: the first run trained on the weeks before the split
                boolean training = result.model().equals(ForecastTables.MART_FORECAST_MODELS);
                assertThat(result.mode()).as(result.model()).isEqualTo(training ? RunMode.UP_TO_DATE : RunMode.INCREMENTAL);
                if (result.model().equals(AnalyticsTables.MART_TRIPS)) {
                    continue; // the analytics re-plan every day a change can reach (a vehicle's track across midnight)
                }
                assertThat(result.recomputed()).as(result.model()).allSatisfy(window ->
                        assertThat(window.start()).isAfterOrEqualTo(Instant.parse("2008-06-01T00:00:00Z")));
            }
            List<List<String>> traffic = lake.rows(TRAFFIC_MODEL);
            assertThat(traffic).startsWith(trafficBefore.toArray(new List[0]));
            assertSameRows(traffic, lake.rows(trafficIndependent(zone)), 5, 6);
            List<List<String>> cells = lake.rows(CELL_MODEL);
            assertSameRows(cells, lake.rows(cellIndependent(zone)), 4);

            run(lake, BuildMode.FULL);
            assertSameRows(lake.rows(TRAFFIC_MODEL), traffic, 5, 6);
            assertSameRows(lake.rows(CELL_MODEL), cells, 4);
        }
    }

    @Test
    void a_rebuild_is_idempotent_and_an_up_to_date_run_commits_nothing() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            lake.appendRaw(TestLake.romeCrawdad(SampleData.romeCrawdad()));
            run(lake, BuildMode.FULL);
            List<List<String>> traffic = lake.rows(TRAFFIC_MODEL);
            List<List<String>> cells = lake.rows(CELL_MODEL);
            run(lake, BuildMode.FULL);
            assertThat(lake.rows(TRAFFIC_MODEL)).isEqualTo(traffic);
            assertThat(lake.rows(CELL_MODEL)).isEqualTo(cells);
            assertThat(lake.rows("SELECT count(*) FROM (SELECT DISTINCT interval_10min FROM mart.traffic_10min)").get(0).get(0))
                    .isEqualTo(String.valueOf(traffic.size()));

            Table mart = lake.lake.table(MobilityTables.MART_TRAFFIC_10MIN);
            long snapshot = mart.currentSnapshot().snapshotId();
            List<ModelResult> again = run(lake, BuildMode.INCREMENTAL);
            assertThat(again).extracting(ModelResult::mode).containsOnly(RunMode.UP_TO_DATE);
            mart.refresh();
            assertThat(mart.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        }
    }

    @Test
    void late_points_recompute_only_the_intervals_they_fall_in() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            List<GpsPoint> rome = TestLake.romeCrawdad(SampleData.romeCrawdad());
            lake.appendRaw(rome);
            run(lake, BuildMode.INCREMENTAL);
            GpsPoint first = rome.get(0);
            lake.appendRaw(List.of(new GpsPoint("late-taxi", first.epochMicros() + 60_000_000L, 41.9, 12.5, -1, "late")));
            List<ModelResult> results = run(lake, BuildMode.INCREMENTAL);
            ModelResult traffic = results.stream().filter(result -> result.model().equals(MobilityTables.MART_TRAFFIC_10MIN)).findFirst().orElseThrow();
            assertThat(traffic.recomputed()).hasSize(1);
            assertThat(traffic.recomputed().get(0).length()).isEqualTo(java.time.Duration.ofMinutes(10));
            String inInterval = lake.rows("SELECT count(*) FROM raw.gps_points WHERE ts >= TIMESTAMPTZ '2014-02-01 00:00:00+01'"
                    + " AND ts < TIMESTAMPTZ '2014-02-01 00:10:00+01'").get(0).get(0);
            assertThat(traffic.inputRows()).isEqualTo(Long.parseLong(inInterval)).isLessThan(rome.size());
            assertSameRows(lake.rows(TRAFFIC_MODEL), lake.rows(trafficIndependent("Europe/Rome")), 5, 6);
        }
    }
}
