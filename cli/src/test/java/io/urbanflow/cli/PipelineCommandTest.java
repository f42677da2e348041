package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pipeline list, pipeline run and runs over the Rome sample, loaded from its file. */
class PipelineCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void a_selection_runs_with_its_data_tests_and_its_run_is_in_the_history() {
        CommandRun list = CommandRun.in(dataDir, "pipeline", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("level 0").contains("load.mobility").contains("maintenance")
                .contains("test.stage.gps_points.unique_vehicle_id_ts").contains("after stage.gps_points, test.stage.gps_points.unique_vehicle_id_ts");

        assertThat(CommandRun.in(dataDir, "load", SampleData.romeCrawdad().toString()).code()).isZero();
        CommandRun run = CommandRun.in(dataDir, "pipeline", "run", "--select", "stage.gps_points+");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("stage.gps_points").contains("mart.cell_traffic_10min")
                .contains("test.stage.gps_points.unique_vehicle_id_ts").doesNotContain("mart.traffic_10min ")
                .containsPattern("run \\S+ success in .*: 11 success");
        String runId = run.out().lines().filter(line -> line.startsWith("run ")).findFirst().orElseThrow().split(" ")[1];

        CommandRun runs = CommandRun.in(dataDir, "runs");
        assertThat(runs.out()).contains(runId).contains("manual").contains("11/11");
        CommandRun detail = CommandRun.in(dataDir, "runs", runId, "--log");
        assertThat(detail.code()).isZero();
        assertThat(detail.out()).contains("stage.gps_points").contains("snapshots stage.gps_points@").contains("pass: no offending rows");

        CommandRun unknown = CommandRun.in(dataDir, "pipeline", "run", "--select", "mart.nothing");
        assertThat(unknown.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(unknown.err()).startsWith("urbanflow: Cannot select 'mart.nothing'");
    }

    @Test
    void runs_of_a_data_dir_where_nothing_ran_says_so_and_creates_nothing() {
        java.nio.file.Path nowhere = dataDir.resolve("not-yet");
        CommandRun runs = CommandRun.in(nowhere, "runs");
        assertThat(runs.code()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("no runs yet");
        CommandRun one = CommandRun.in(nowhere, "runs", "20261206T000000Z-00000000");
        assertThat(one.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(one.err()).startsWith("urbanflow: Cannot show run 20261206T000000Z-00000000: no such run");
        assertThat(nowhere).doesNotExist();
    }
}
