package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceQueriesTest {
    static final List<String> QUERIES = List.of(
            "SELECT count(*) AS points, count(DISTINCT kafka_offset) AS offsets FROM raw.gps_points",
            "SELECT vehicle_id, min(ts) AS first, max(ts) AS last, round(avg(lat), 9) AS lat FROM raw.gps_points GROUP BY vehicle_id ORDER BY vehicle_id",
            "SELECT time_bucket(INTERVAL '10 minutes', ts) AS bucket, count(*) AS points FROM raw.gps_points"
                    + " WHERE ts >= TIMESTAMPTZ '2014-02-01 00:00:00+00' AND ts < TIMESTAMPTZ '2014-02-02 00:00:00+00' GROUP BY bucket ORDER BY bucket",
            "SELECT ts, lat, lon FROM raw.gps_points WHERE vehicle_id = 'v3' ORDER BY ts",
            "SELECT * FROM raw.gps_points ORDER BY kafka_offset");

    @TempDir
    Path dataDir;

    @Test
    void every_query_gives_identical_results_before_and_after_each_maintenance_step() {
        MaintenanceConfig config = MaintenanceConfig.defaults().withMaxManifests(10)
                .withSnapshotRetention(Duration.ZERO, 1).withOrphanAge(Duration.ZERO);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(1));
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Table points = lake.table(LakeFixture.RAW_GPS_POINTS);
            for (int commit = 0; commit < 40; commit++) {
                // two days, 40 small commits as an ingest makes them (fast appends: one manifest each)
                AppendFiles append = points.newFastAppend();
                List<DataFile> files = TableWrites.write(points, LakeFixture.points(
                        (commit % 2 == 0 ? LakeFixture.DAY_ONE : LakeFixture.DAY_TWO).plusSeconds(commit * 100L), 50, commit * 50L));
                files.forEach(append::appendFile);
                append.commit();
            }
            TableWrites.write(points, LakeFixture.points(LakeFixture.DAY_ONE, 7, 10_000)); // a crashed writer's orphan
            List<QueryResult> expected = results(engine);
            assertThat(expected.get(0).rows()).containsExactly(List.of(2000L, 2000L));

            List<String> done = new ArrayList<>();
            for (MaintenanceStep step : List.of(MaintenanceStep.REWRITE_MANIFESTS, MaintenanceStep.COMPACT,
                    MaintenanceStep.EXPIRE_SNAPSHOTS, MaintenanceStep.REMOVE_ORPHANS)) {
                MaintenanceReport report = Maintenance.run(lake, MaintenanceOptions.of(config).withSteps(step), later,
                        new PrintWriter(new StringWriter()));
                done.add(step.label() + ": " + report.reportLines().get(1));
                assertThat(results(engine)).as("after %s", done).isEqualTo(expected);
            }
            points.refresh();
            assertThat(done).as("every step changed the table").allSatisfy(line -> assertThat(line).doesNotContain("nothing to gain"));
            assertThat(points.snapshots()).hasSize(1);
        }
    }

    private static List<QueryResult> results(DuckDbQueryEngine engine) {
        List<QueryResult> results = new ArrayList<>();
        for (String sql : QUERIES) {
            results.add(engine.query(sql));
        }
        return results;
    }
}
