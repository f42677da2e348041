package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.Geo;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analytics tables built from the multi-day San Francisco sample, checked against independent computations. */
class AnalyticsBuilderTest {
    @TempDir
    static Path dir;
    static AnalyticsFixture sf;
    static AnalyticsReport report;
    static List<VehicleTrack> stage;

    @BeforeAll
    static void buildTheTables() {
        sf = AnalyticsFixture.open(dir).load(SampleData.sfCabspotting());
        sf.stage();
        report = sf.analyze();
        stage = sf.stageTracks();
    }

    @AfterAll
    static void close() {
        sf.close();
    }

    @Test
    void the_first_run_is_full_and_reports_every_table() {
        assertThat(report.mode()).isEqualTo(RunMode.FULL);
        assertThat(report.tables()).extracting(AnalyticsReport.TableReport::table).containsExactly(
                AnalyticsTables.MART_TRIPS, AnalyticsTables.MART_OD_MATRIX, AnalyticsTables.MART_CELL_SPEED_HOURLY,
                AnalyticsTables.MART_ZONE_TRAFFIC_HOURLY, AnalyticsTables.MART_ZONE_OD, AnalyticsTables.MART_STOPS, AnalyticsTables.MART_CLUSTERS);
        assertThat(report.days().size()).isGreaterThan(20);
        assertThat(report.table(AnalyticsTables.MART_TRIPS).orElseThrow().rows()).isEqualTo(sf.count("SELECT count(*) FROM mart.trips"));
    }

    @Test
    void stage_speeds_are_haversine_speeds_from_the_previous_point_for_a_sample_of_rows() {
        int checked = 0;
        for (VehicleTrack track : stage) {
            for (int index = 1; index < track.size(); index += 97) {
                double meters = Geo.distanceMetres(track.latitude(index - 1), track.longitude(index - 1),
                        track.latitude(index), track.longitude(index));
                double hours = (track.epochMicros(index) - track.epochMicros(index - 1)) / 3.6e9;
                if (hours > io.urbanflow.mobility.models.MobilityConfig.DEFAULT_TRACK_GAP.toSeconds() / 3600.0) {
                    // the stage measures no speed across a gap longer than its track gap (10 minutes)
                    assertThat(track.speedKmh(index)).isNaN();
                    continue;
                }
                if (Double.isNaN(track.speedKmh(index))
                        && Math.floorDiv(track.epochMicros(index - 1), 86_400_000_000L) < Math.floorDiv(track.epochMicros(index), 86_400_000_000L)) {
                    continue; // a segment start the stage settled at midnight and the next day did not confirm
                }
                assertThat(track.speedKmh(index)).isCloseTo(meters / 1000 / hours, within(1e-6));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }

    @Test
    void trips_equal_a_brute_force_segmentation_of_the_stage_and_gaps_cut_them() {
        Set<String> expected = new HashSet<>();
        int gaps = 0;
        for (VehicleTrack track : stage) {
            for (long[] trip : TrajectorySegmenterTest.bruteForceTrips(track, TrajectorySegmenterTest.bruteForceStays(track))) {
                expected.add(track.vehicleId() + "|" + trip[0] + "|" + trip[1]);
            }
            for (int index = 1; index < track.size(); index++) {
                gaps += track.epochMicros(index) - track.epochMicros(index - 1) > 15 * 60_000_000L ? 1 : 0;
            }
        }
        Set<String> actual = new HashSet<>();
        for (List<Object> row : sf.rows("SELECT vehicle_id, epoch_us(start_ts), epoch_us(end_ts) FROM mart.trips")) {
            actual.add(row.get(0) + "|" + row.get(1) + "|" + row.get(2));
        }
        assertThat(actual).isEqualTo(expected);
        // no trip holds a gap: every gap separates two trips (or a trip and a lone point)
        assertThat(gaps).isGreaterThan(100);
        String gapEnds = "SELECT vehicle_id, ts FROM (SELECT vehicle_id, ts, ts - lag(ts) OVER (PARTITION BY vehicle_id ORDER BY ts) AS gap"
                + " FROM stage.gps_points WHERE NOT is_outlier) WHERE gap > INTERVAL 15 MINUTE";
        assertThat(sf.count("SELECT count(*) FROM (" + gapEnds + ")")).isEqualTo(gaps);
        assertThat(sf.count("SELECT count(*) FROM mart.trips t JOIN (" + gapEnds + ") g"
                + " ON g.vehicle_id = t.vehicle_id AND g.ts > t.start_ts AND g.ts <= t.end_ts")).isZero();
    }

    @Test
    void stops_equal_a_brute_force_stay_point_detection_and_carry_their_clusters() {
        Set<String> expected = new HashSet<>();
        for (VehicleTrack track : stage) {
            for (long[] stay : TrajectorySegmenterTest.bruteForceStays(track)) {
                expected.add(track.vehicleId() + "|" + stay[0] + "|" + stay[1] + "|" + stay[2]);
            }
        }
        Set<String> actual = new HashSet<>();
        for (List<Object> row : sf.rows("SELECT vehicle_id, epoch_us(start_ts), epoch_us(end_ts), points FROM mart.stops")) {
            actual.add(row.get(0) + "|" + row.get(1) + "|" + row.get(2) + "|" + row.get(3));
        }
        assertThat(actual).isEqualTo(expected).hasSizeGreaterThan(50);
        assertThat(sf.count("SELECT count(*) FROM mart.stops WHERE cluster_id IS NULL OR kmeans_cluster_id IS NULL")).isZero();
        assertThat(sf.count("SELECT count(*) FROM mart.stops WHERE duration_s < 300")).isZero();
        // every non-noise DBSCAN label names a cluster of the run
        assertThat(sf.count("SELECT count(*) FROM mart.stops s WHERE s.cluster_id >= 0 AND NOT EXISTS"
                + " (SELECT 1 FROM mart.clusters c WHERE c.algorithm = 'dbscan' AND c.cluster_id = s.cluster_id)")).isZero();
        assertThat(sf.count("SELECT count(DISTINCT algorithm) FROM mart.clusters")).isEqualTo(2);
        assertThat(report.clustering()).anySatisfy(line -> assertThat(line).startsWith("kmeans k="));
    }

    @Test
    void od_counts_equal_the_trips_grouped() {
        List<List<Object>> mismatches = sf.rows("SELECT * FROM (SELECT day, start_hour AS hour, start_cell, end_cell, count(*) AS n"
                + " FROM mart.trips GROUP BY ALL) t FULL JOIN mart.od_matrix o ON t.day = o.day AND t.hour = o.hour"
                + " AND t.start_cell = o.origin_cell AND t.end_cell = o.destination_cell WHERE t.n IS DISTINCT FROM o.trips");
        assertThat(mismatches).isEmpty();
        assertThat(sf.count("SELECT sum(trips) FROM mart.od_matrix")).isEqualTo(sf.count("SELECT count(*) FROM mart.trips"));
    }

    @Test
    void cell_speed_medians_equal_an_independent_median() {
        Map<String, List<Double>> speeds = new HashMap<>();
        Map<String, Set<String>> vehicles = new HashMap<>();
        for (VehicleTrack track : stage) {
            for (int index = 0; index < track.size(); index++) {
                long local = track.localMicros(index);
                String key = Math.floorDiv(local, 86_400_000_000L) + "|" + Math.floorMod(local, 86_400_000_000L) / 3_600_000_000L + "|" + track.h3Cell(index);
                List<Double> list = speeds.computeIfAbsent(key, unused -> new ArrayList<>());
                if (!Double.isNaN(track.speedKmh(index))) {
                    list.add(track.speedKmh(index));
                }
                vehicles.computeIfAbsent(key, unused -> new HashSet<>()).add(track.vehicleId());
            }
        }
        List<List<Object>> rows = sf.rows("SELECT CAST(day AS VARCHAR), hour, h3_cell, median_speed_kmh, vehicles FROM mart.cell_speed_hourly");
        assertThat(rows).hasSize(speeds.size());
        for (List<Object> row : rows) {
            String key = java.time.LocalDate.parse((String) row.get(0)).toEpochDay() + "|" + row.get(1) + "|" + row.get(2);
            double[] values = speeds.get(key).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (values.length == 0) {
                assertThat(row.get(3)).isNull();
                continue;
            }
            double median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            assertThat((Double) row.get(3)).as("median of %s", key).isCloseTo(median, within(1e-9));
            assertThat(((Number) row.get(4)).intValue()).isEqualTo(vehicles.get(key).size());
        }
    }

    @Test
    void a_second_run_without_new_points_is_up_to_date() {
        AnalyticsReport again = sf.analyze();
        assertThat(again.mode()).isEqualTo(RunMode.UP_TO_DATE);
        assertThat(again.tables()).isEmpty();
    }

    static Set<String> tableRows(AnalyticsFixture fixture, String sql) {
        Set<String> rows = new HashSet<>();
        for (List<Object> row : fixture.rows(sql)) {
            rows.add(Arrays.toString(row.toArray()));
        }
        return rows;
    }

    @Test
    void a_full_rebuild_gives_the_same_tables() {
        Set<String> trips = tableRows(sf, "SELECT * FROM mart.trips");
        Set<String> od = tableRows(sf, "SELECT * FROM mart.od_matrix");
        AnalyticsReport full = sf.analyze(AnalyticsConfig.defaults(), BuildMode.FULL);
        assertThat(full.mode()).isEqualTo(RunMode.FULL);
        assertThat(tableRows(sf, "SELECT * FROM mart.trips")).isEqualTo(trips);
        assertThat(tableRows(sf, "SELECT * FROM mart.od_matrix")).isEqualTo(od);
    }
}
