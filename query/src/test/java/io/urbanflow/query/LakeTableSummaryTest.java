package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeTableSummaryTest {
    @TempDir
    Path dataDir;

    @Test
    void figures_equal_the_tables_files_and_rows() throws IOException {
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 40, 0);
            LakeFixture.appendPoints(lake, LakeFixture.DAY_TWO, 25, 40);
            Table points = LakeFixture.points(lake);

            List<LakeTableSummary> summaries = LakeTableSummary.of(lake);
            assertThat(summaries).extracting(LakeTableSummary::name).containsExactly("raw.gps_points", "raw.gps_points_rejected");
            LakeTableSummary summary = summaries.get(0);

            long files = 0;
            long bytes = 0;
            try (CloseableIterable<FileScanTask> tasks = points.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    files++;
                    bytes += Files.size(Path.of(task.file().location().replaceFirst("^file:", "")));
                }
            }
            assertThat(summary.rows()).isEqualTo(65);
            assertThat(engine.query("SELECT count(*) FROM raw.gps_points").rows()).containsExactly(List.of(summary.rows()));
            assertThat(summary.files()).isEqualTo(files).isEqualTo(2);
            assertThat(summary.bytes()).isEqualTo(bytes);
            assertThat(summary.snapshotId()).isEqualTo(points.currentSnapshot().snapshotId());
            assertThat(summary.lastSnapshotTime()).isEqualTo(Instant.ofEpochMilli(points.currentSnapshot().timestampMillis()));

            assertThat(summaries.get(1)).isEqualTo(new LakeTableSummary("raw.gps_points_rejected", 0, 0, 0, null, null));
        }
    }
}
