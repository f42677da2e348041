package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline.load=files}: the DAG's load task appends the new files of a landing folder to the raw tables, as the
 * sibling design's hourly raw load does, through the real commands on a temp-dir lake.
 */
class PipelineFileLoadTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path landing;

    @Test
    void each_run_loads_the_files_that_arrived_since_the_last_and_quarantines_bad_lines() throws IOException {
        Files.writeString(dataDir.resolve("urbanflow.properties"), "pipeline.load=files\npipeline.load-path=" + landing + "\n");
        CommandRun list = CommandRun.in(dataDir, "pipeline", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("load.files").doesNotContain("load.mobility");

        CommandRun nothing = CommandRun.in(dataDir, "pipeline", "run", "--select", "load.files");
        assertThat(nothing.code()).as(nothing.err()).isZero();
        assertThat(nothing.out()).contains("files=0 loaded=0 rejected=0 skipped=0");

        List<String> lines = Files.readAllLines(SampleData.romeCrawdad());
        Files.write(landing.resolve("rome-00.txt"), lines.subList(0, 3_000));
        CommandRun first = CommandRun.in(dataDir, "pipeline", "run", "--select", "load.files,stage.gps_points");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("files=1 loaded=3000 rejected=0 skipped=0").containsPattern("stage\\.gps_points +success");
        assertThat(count("raw.gps_points")).isEqualTo(3_000);

        // the next hour's file arrives with a line that does not parse; the first file is not loaded again
        List<String> next = new ArrayList<>(lines.subList(3_000, 5_000));
        next.add(1_000, "this is not a fix");
        Files.write(landing.resolve("rome-01.txt"), next);
        CommandRun second = CommandRun.in(dataDir, "pipeline", "run", "--select", "load.files,stage.gps_points");
        assertThat(second.code()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("files=2 loaded=2000 rejected=0 skipped=1");
        assertThat(count("raw.gps_points")).isEqualTo(lines.size());
        assertThat(count("stage.gps_points")).isEqualTo(lines.size());
        try (Stream<Path> files = Files.list(dataDir.resolve("quarantine"))) {
            List<Path> kept = files.filter(path -> path.getFileName().toString().startsWith("load-")).toList();
            List<String> quarantined = new ArrayList<>();
            for (Path file : kept) {
                quarantined.addAll(Files.readAllLines(file));
            }
            assertThat(quarantined).singleElement().asString().contains("rome-01.txt").contains("this is not a fix");
        }

        CommandRun again = CommandRun.in(dataDir, "pipeline", "run", "--select", "load.files");
        assertThat(again.out()).contains("files=2 loaded=0 rejected=0 skipped=2");
    }

    @Test
    void files_without_a_landing_folder_is_one_clear_line() throws IOException {
        Files.writeString(dataDir.resolve("urbanflow.properties"), "pipeline.load=files\n");
        CommandRun list = CommandRun.in(dataDir, "pipeline", "list");
        assertThat(list.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(list.err()).startsWith("urbanflow: Cannot use pipeline.load=files: set pipeline.load-path");
    }

    @Test
    void a_landing_folder_that_does_not_exist_fails_the_task_once_without_retries() throws IOException {
        Path missing = landing.resolve("not-there");
        Files.writeString(dataDir.resolve("urbanflow.properties"), "pipeline.load=files\npipeline.load-path=" + missing + "\n");
        CommandRun run = CommandRun.in(dataDir, "pipeline", "run", "--select", "load.files");
        assertThat(run.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(run.out()).containsPattern("load\\.files +failed");
        assertThat(run.err()).contains("Cannot load files: " + missing + " does not exist; create it or change pipeline.load-path")
                .doesNotContain("retrying").doesNotContain("attempt 2");
    }

    private long count(String table) {
        CommandRun sql = CommandRun.in(dataDir, "sql", "--format", "csv", "SELECT count(*) FROM " + table);
        assertThat(sql.code()).as(sql.err()).isZero();
        return Long.parseLong(sql.out().lines().skip(1).findFirst().orElseThrow().trim());
    }
}
