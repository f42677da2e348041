package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.RunMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageGpsPointsModelTest {
    static final long SPLIT_MICROS = Instant.parse("2008-06-01T00:00:00Z").getEpochSecond() * 1_000_000L;

    @TempDir
    Path dir;

    @TempDir
    static Path sharedDir;

    /** Rome and San Francisco samples built once, for the tests that only read the stage. */
    static TestLake samples;

    @BeforeAll
    static void build_the_samples_once() {
        samples = TestLake.create(sharedDir);
        samples.appendRaw(TestLake.romeCrawdad(SampleData.romeCrawdad()));
        samples.appendRaw(TestLake.sfCabspotting(SampleData.sfCabspotting()));
        StageResult result = build(samples, BuildMode.INCREMENTAL);
        assertThat(result.mode()).isEqualTo(RunMode.FULL);
        assertThat(result.inputRows()).isEqualTo(75_128);
    }

    @AfterAll
    static void close_the_samples() throws Exception {
        samples.close();
    }

    private static StageResult build(TestLake lake, BuildMode mode) {
        return StageBuilder.build(lake.context, new StageOptions(MobilityConfig.from(lake.context.settings()), mode, 2));
    }

    @Test
    void speeds_distances_and_headings_equal_an_independent_haversine_over_the_non_outlier_points() {
        TestLake lake = samples;
        {
            List<List<String>> rows = lake.rows("WITH good AS (SELECT * FROM stage.gps_points WHERE NOT is_outlier),"
                    + " lagged AS (SELECT *, lag(ts) OVER w AS previous_ts, lag(lat) OVER w AS previous_lat, lag(lon) OVER w AS previous_lon"
                    + "   FROM good WINDOW w AS (PARTITION BY vehicle_id ORDER BY ts))"
                    + " SELECT speed_kmh, distance_m, heading_deg,"
                    + "   2 * 6371008.8 * asin(sqrt(pow(sin(radians(lat - previous_lat) / 2), 2)"
                    + "     + cos(radians(previous_lat)) * cos(radians(lat)) * pow(sin(radians(lon - previous_lon) / 2), 2))) AS metres,"
                    + "   epoch_us(ts) - epoch_us(previous_ts) AS micros,"
                    + "   (degrees(atan2(sin(radians(lon - previous_lon)) * cos(radians(lat)),"
                    + "     cos(radians(previous_lat)) * sin(radians(lat)) - sin(radians(previous_lat)) * cos(radians(lat)) * cos(radians(lon - previous_lon)))) + 360) % 360 AS bearing,"
                    + "   CAST(floor(epoch_us(previous_ts) / 86400000000) AS BIGINT) < CAST(floor(epoch_us(ts) / 86400000000) AS BIGINT) AS after_midnight"
                    + " FROM lagged");
            long gapMicros = MobilityConfig.defaults().trackGap().toNanos() / 1_000;
            int withSpeed = 0;
            int settledAtMidnight = 0;
            for (List<String> row : rows) {
                String micros = row.get(4);
                if (micros == null || Long.parseLong(micros) > gapMicros) {
                    assertThat(row.get(0)).as("no speed across a gap over 10 minutes: a segment's first point").isNull();
                    continue;
                }
                if (row.get(0) == null) {
                    // a segment whose first point, settled at the end of its UTC day, the next day's points did not confirm
                    assertThat(row.get(6)).as("a point within the gap of the previous good one has a speed").isEqualTo("true");
                    settledAtMidnight++;
                    continue;
                }
                withSpeed++;
                double metres = Double.parseDouble(row.get(3));
                assertThat(Double.parseDouble(row.get(1))).isCloseTo(metres, within(1e-6));
                assertThat(Double.parseDouble(row.get(0))).isCloseTo(metres / Long.parseLong(micros) * 3_600_000.0, within(1e-6))
                        .isLessThanOrEqualTo(200.0);
                if (metres > 1) {
                    // below a metre the bearing is ill-conditioned: the two formulas' last-bit differences show
                    assertThat(Double.parseDouble(row.get(2))).isCloseTo(Double.parseDouble(row.get(5)), within(1e-6));
                } else if (metres == 0) {
                    assertThat(row.get(2)).isNull();
                }
            }
            assertThat(withSpeed).isGreaterThan(70_000);
            assertThat(settledAtMidnight).isLessThan(5);
        }
    }

    @Test
    void cells_hex_cells_and_local_times_are_those_of_h3_and_the_city_zone() throws Exception {
        TestLake lake = samples;
        {
            H3Core h3 = H3Core.newInstance();
            List<List<String>> sample = lake.rows("SELECT lat, lon, h3_cell, lower(hex(h3_cell)), source,"
                    + " local_ts = CASE WHEN source = 'rome-crawdad' THEN timezone('Europe/Rome', ts) ELSE timezone('America/Los_Angeles', ts) END"
                    + " FROM stage.gps_points USING SAMPLE 500 ROWS");
            assertThat(sample).hasSize(500);
            for (List<String> row : sample) {
                long cell = h3.latLngToCell(Double.parseDouble(row.get(0)), Double.parseDouble(row.get(1)), 8);
                assertThat(Long.parseLong(row.get(2))).isEqualTo(cell);
                assertThat(row.get(3)).isEqualTo(h3.h3ToString(cell));
                assertThat(row.get(5)).isEqualTo("true");
            }
        }
    }

    @Test
    void duplicate_fixes_are_removed_keeping_the_first_arrived() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            List<GpsPoint> rome = TestLake.romeCrawdad(SampleData.romeCrawdad());
            lake.appendRaw(rome);
            List<GpsPoint> again = new ArrayList<>();
            for (GpsPoint point : rome) {
                // the same vehicle and instant, arriving later with another position: must lose to the first
                again.add(new GpsPoint(point.vehicleId(), point.epochMicros(), point.latitude() + 0.001, point.longitude(), point.occupancy(), "late-copy"));
            }
            lake.appendRaw(again);
            StageResult result = build(lake, BuildMode.FULL);
            long distinct = Long.parseLong(lake.rows("SELECT count(*) FROM (SELECT DISTINCT vehicle_id, ts FROM raw.gps_points)").get(0).get(0));
            assertThat(result.rowsWritten()).isEqualTo(distinct);
            assertThat(result.duplicates()).isEqualTo(10_000 - distinct);
            assertThat(lake.rows("SELECT vehicle_id, ts FROM stage.gps_points GROUP BY ALL HAVING count(*) > 1")).isEmpty();
            assertThat(lake.rows("SELECT count(*) FROM stage.gps_points WHERE source = 'late-copy'").get(0).get(0)).isEqualTo("0");
        }
    }

    @Test
    void a_jump_is_flagged_not_deleted_and_the_next_speed_comes_from_the_last_good_point() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            List<GpsPoint> rome = TestLake.romeCrawdad(SampleData.romeCrawdad());
            lake.appendRaw(rome);
            List<List<String>> pair = null;
            build(lake, BuildMode.FULL);
            // two consecutive good fixes of one taxi at least 20 s apart
            pair = lake.rows("SELECT vehicle_id, epoch_us(ts), lat, lon, epoch_us(next_ts) FROM (SELECT *, lead(ts) OVER (PARTITION BY vehicle_id ORDER BY ts) AS next_ts"
                    + " FROM stage.gps_points WHERE NOT is_outlier) WHERE next_ts - ts > INTERVAL 20 seconds AND speed_kmh IS NOT NULL ORDER BY vehicle_id, ts LIMIT 1");
            String vehicle = pair.get(0).get(0);
            long before = Long.parseLong(pair.get(0).get(1));
            long after = Long.parseLong(pair.get(0).get(4));
            // 10 s after the first fix, 15 km away but still in Rome: 5,400 km/h
            lake.appendRaw(List.of(new GpsPoint(vehicle, before + 10_000_000L, 41.80, 12.30, -1, "jump")));
            StageResult result = build(lake, BuildMode.INCREMENTAL);
            assertThat(result.mode()).isEqualTo(RunMode.INCREMENTAL);
            List<List<String>> rows = lake.rows("SELECT source, is_outlier, speed_kmh, distance_m FROM stage.gps_points WHERE vehicle_id = '" + vehicle
                    + "' AND epoch_us(ts) IN (" + (before + 10_000_000L) + ", " + after + ") ORDER BY ts");
            assertThat(rows.get(0).subList(0, 3)).containsExactly("jump", "true", null);
            assertThat(rows.get(1).get(1)).isEqualTo("false");
            double expected = io.urbanflow.mobility.Geo.distanceMetres(Double.parseDouble(pair.get(0).get(2)), Double.parseDouble(pair.get(0).get(3)),
                    lake.rowsOf(vehicle, after).get(0), lake.rowsOf(vehicle, after).get(1));
            assertThat(Double.parseDouble(rows.get(1).get(3))).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void an_incremental_run_after_a_new_day_rewrites_only_that_day_and_equals_a_full_rebuild() throws Exception {
        try (TestLake lake = TestLake.create(dir, MobilityConfig.defaults().withZone(java.time.ZoneId.of("America/Los_Angeles")))) {
            List<GpsPoint> sf = TestLake.sfCabspotting(SampleData.sfCabspotting());
            List<GpsPoint> early = sf.stream().filter(point -> point.epochMicros() < SPLIT_MICROS).toList();
            List<GpsPoint> late = sf.stream().filter(point -> point.epochMicros() >= SPLIT_MICROS
                    && point.epochMicros() < SPLIT_MICROS + 86_400_000_000L).toList();
            lake.appendRaw(early);
            build(lake, BuildMode.INCREMENTAL);
            Table stage = lake.lake.table(MobilityTables.STAGE_GPS_POINTS);
            Set<String> filesBefore = files(stage);

            lake.appendRaw(late);
            StageResult incremental = build(lake, BuildMode.INCREMENTAL);
            assertThat(incremental.mode()).isEqualTo(RunMode.INCREMENTAL);
            assertThat(incremental.inputRows()).isEqualTo(late.size());
            assertThat(incremental.recomputed()).hasSize(1);
            assertThat(incremental.recomputed().get(0).start()).isEqualTo(Instant.parse("2008-06-01T00:00:00Z"));
            stage.refresh();
            Snapshot snapshot = stage.currentSnapshot();
            assertThat(snapshot.removedDataFiles(stage.io())).isEmpty();
            for (DataFile added : snapshot.addedDataFiles(stage.io())) {
                assertThat((Integer) added.partition().get(0, Integer.class)).isGreaterThanOrEqualTo((int) (SPLIT_MICROS / 86_400_000_000L));
            }
            assertThat(files(stage)).containsAll(filesBefore);
            String everything = "SELECT * FROM stage.gps_points ORDER BY vehicle_id, ts";
            List<List<String>> incrementalRows = lake.rows(everything);

            StageResult full = build(lake, BuildMode.FULL);
            assertThat(full.mode()).isEqualTo(RunMode.FULL);
            assertThat(lake.rows(everything)).isEqualTo(incrementalRows);
            assertThat(incrementalRows).hasSize(early.size() + late.size());
        }
    }

    @Test
    void a_segment_starting_with_an_outlier_just_before_midnight_flags_no_good_point_and_incremental_equals_full() throws Exception {
        long midnight = Instant.parse("2014-02-02T00:00:00Z").getEpochSecond() * 1_000_000L;
        try (TestLake lake = TestLake.create(dir)) {
            List<GpsPoint> before = new ArrayList<>();
            before.add(new GpsPoint("other", midnight - 3_600_000_000L, 41.90, 12.50, -1, "test"));
            before.add(new GpsPoint("jumpy", midnight - 90_000_000L, 41.70, 12.30, -1, "jump")); // 27 km off, alone
            lake.appendRaw(before);
            build(lake, BuildMode.INCREMENTAL);

            List<GpsPoint> after = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                after.add(new GpsPoint("jumpy", midnight + (30 + 30L * i) * 1_000_000L, 41.90 + i * 0.001, 12.50, -1, "good"));
            }
            lake.appendRaw(after);
            StageResult incremental = build(lake, BuildMode.INCREMENTAL);
            assertThat(incremental.mode()).isEqualTo(RunMode.INCREMENTAL);
            String everything = "SELECT * FROM stage.gps_points ORDER BY vehicle_id, ts";
            List<List<String>> incrementalRows = lake.rows(everything);
            assertThat(lake.rows("SELECT is_outlier, speed_kmh IS NULL FROM stage.gps_points WHERE source = 'good' ORDER BY ts"))
                    .containsExactly(List.of("false", "true"), List.of("false", "false"), List.of("false", "false"),
                            List.of("false", "false"), List.of("false", "false"));

            build(lake, BuildMode.FULL);
            assertThat(lake.rows(everything)).isEqualTo(incrementalRows);
        }
    }

    @Test
    void building_in_vehicle_slices_or_day_batches_gives_the_same_table_as_one_pass() throws Exception {
        TestLake lake = samples;
        {
            String everything = "SELECT * FROM stage.gps_points ORDER BY vehicle_id, ts";
            List<List<String>> one = lake.rows(everything);
            StageResult sliced = new StageGpsPointsModel(3, 1, Long.MAX_VALUE).buildStage(lake.context, BuildMode.FULL);
            assertThat(sliced.phases()).containsKey("part0.write");
            assertThat(lake.rows(everything)).isEqualTo(one);
            // and in batches of a few days, each continuing from the one before: the raw files' time bounds date
            // their rows, so a full rebuild is split by day (one unbounded batch when the bounds are missing)
            Table raw = lake.raw();
            RangeReplacement.PlannedFiles planned = RangeReplacement.plan(raw, raw.currentSnapshot().snapshotId(), "ts", Optional.empty());
            assertThat(planned.bounded()).isTrue();
            assertThat(planned.recordsByDay().values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(planned.records());
            assertThat(StageGpsPointsModel.batches(Optional.empty(), planned, 8_000)).hasSizeGreaterThan(5)
                    .allSatisfy(batch -> assertThat(batch).isPresent());
            StageResult batched = new StageGpsPointsModel(2, 1, 8_000).buildStage(lake.context, BuildMode.FULL);
            assertThat(batched.rowsWritten()).isEqualTo(one.size());
            assertThat(lake.rows(everything)).isEqualTo(one);
        }
    }

    @Test
    void running_again_without_new_raw_rows_changes_nothing() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            lake.appendRaw(TestLake.romeCrawdad(SampleData.romeCrawdad()));
            build(lake, BuildMode.INCREMENTAL);
            Table stage = lake.lake.table(MobilityTables.STAGE_GPS_POINTS);
            long snapshot = stage.currentSnapshot().snapshotId();
            StageResult again = build(lake, BuildMode.INCREMENTAL);
            assertThat(again.mode()).isEqualTo(RunMode.UP_TO_DATE);
            stage.refresh();
            assertThat(stage.currentSnapshot().snapshotId()).isEqualTo(snapshot);
        }
    }

    private static Set<String> files(Table table) {
        table.refresh();
        Set<String> files = new HashSet<>();
        table.newScan().planFiles().forEach(task -> files.add(task.file().location()));
        return files;
    }
}
