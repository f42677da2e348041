package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

class MaintainCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void maintainCompactsManySmallLoadsIntoFewFilesWithTheSameRowsAndADryRunChangesNothing() {
        for (int seed = 1; seed <= 4; seed++) {
            CommandRun load = CommandRun.in(dataDir, "load", "synthetic:rome,taxis=2,days=1,seed=" + seed);
            assertThat(load.code()).as(load.err()).isZero();
        }
        String countSql = "SELECT count(*) AS n, count(DISTINCT kafka_offset::VARCHAR || vehicle_id || ts::VARCHAR) AS d FROM raw.gps_points";
        CommandRun before = CommandRun.in(dataDir, "sql", "--format", "csv", countSql);
        assertThat(before.code()).as(before.err()).isZero();
        int filesBefore = dataFiles();
        assertThat(filesBefore).isGreaterThanOrEqualTo(4);

        CommandRun dryRun = CommandRun.in(dataDir, "maintain", "--table", "raw.gps_points", "--dry-run");
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        assertThat(dryRun.lastLine()).startsWith("dry run, nothing changed: would compact " + filesBefore + " files");
        assertThat(dataFiles()).isEqualTo(filesBefore);

        CommandRun maintain = CommandRun.in(dataDir, "maintain", "--table", "raw.gps_points");
        assertThat(maintain.code()).as(maintain.err()).isZero();
        assertThat(maintain.out()).contains("raw.gps_points", "compact", "expire", "orphans", "manifests");
        assertThat(maintain.lastLine()).startsWith("compacted " + filesBefore + " files");
        assertThat(dataFiles()).isLessThan(filesBefore);
        assertThat(CommandRun.in(dataDir, "sql", "--format", "csv", countSql).out()).isEqualTo(before.out());
    }

    @Test
    void anUnknownStepIsAUsageErrorNamingTheSteps() {
        CommandRun run = CommandRun.in(dataDir, "maintain", "--steps", "compact,vacuum");
        assertThat(run.code()).isEqualTo(UrbanFlowCommand.EXIT_USAGE);
        assertThat(run.err()).contains("Unknown maintenance step 'vacuum'", "retention, manifests, compact, expire or orphans");
    }

    @Test
    void anUnknownTableIsOneClearLine() {
        CommandRun run = CommandRun.in(dataDir, "maintain", "--table", "raw.nothing_here");
        assertThat(run.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(run.err().strip()).startsWith("urbanflow: ").contains("raw.nothing_here").doesNotContain("\n");
    }

    private int dataFiles() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            Table table = lake.table("raw.gps_points");
            int files = 0;
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask ignored : tasks) {
                    files++;
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
