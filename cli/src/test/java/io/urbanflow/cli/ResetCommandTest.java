package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResetCommandTest {
    @TempDir
    Path root;

    @Test
    void yes_deletes_lake_catalog_broker_data_and_quarantine_and_keeps_the_config() throws IOException {
        Path dataDir = dataDir();
        Path outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("precious.txt"), "keep");
        Files.createSymbolicLink(dataDir.resolve("warehouse").resolve("link"), outside);

        CommandRun run = CommandRun.in(dataDir, "reset", "--yes");

        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo("Deleted the lake (warehouse/), the catalog (catalog.db), the broker data (kafka/) and"
                + " the quarantine (quarantine/) in " + dataDir + ".\n");
        assertThat(dataDir.resolve("warehouse")).doesNotExist();
        assertThat(dataDir.resolve("catalog.db")).doesNotExist();
        assertThat(dataDir.resolve("catalog.db-wal")).doesNotExist();
        assertThat(dataDir.resolve("kafka")).doesNotExist();
        assertThat(dataDir.resolve("quarantine")).doesNotExist();
        assertThat(dataDir.resolve("urbanflow.properties")).exists();
        assertThat(outside.resolve("precious.txt")).exists(); // a link is removed, never followed
    }

    @Test
    void without_yes_and_without_a_terminal_it_refuses_in_one_line() throws IOException {
        Path dataDir = dataDir();
        CommandRun run = CommandRun.in(dataDir, "reset");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("urbanflow: Cannot reset " + dataDir + " without confirmation: there is no terminal"
                + " to ask on; run again with --yes\n");
        assertThat(dataDir.resolve("warehouse")).exists();
    }

    @Test
    void a_folder_that_is_not_a_data_dir_is_left_alone() throws IOException {
        Path home = Files.createDirectories(root.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "mine");
        CommandRun run = CommandRun.in(home, "reset", "--yes");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("urbanflow: Cannot reset " + home + ": it does not look like an UrbanFlow data dir");
        assertThat(home.resolve("notes.txt")).exists();

        CommandRun missing = CommandRun.in(root.resolve("nowhere"), "reset", "--yes");
        assertThat(missing.code()).isZero();
        assertThat(missing.out()).contains("Nothing to reset");
    }

    @Test
    void a_lake_kept_elsewhere_loses_every_table_its_files_and_its_run_history() throws IOException {
        Path dataDir = Files.createDirectories(root.resolve("elsewhere-data"));
        Path other = Files.createDirectories(root.resolve("shared"));
        String catalog = "jdbc:sqlite:" + other.resolve("catalog.db");
        Path warehouse = other.resolve("warehouse");
        Files.writeString(dataDir.resolve("urbanflow.properties"), "lake.catalog-url=" + catalog + "\nlake.warehouse=" + warehouse + "\n");
        Path fixes = root.resolve("rome.txt");
        Files.write(fixes, Files.readAllLines(io.urbanflow.testing.SampleData.romeCrawdad()).subList(0, 2_000));
        assertThat(CommandRun.in(dataDir, "load", fixes.toString()).code()).isZero();
        CommandRun aggregate = CommandRun.in(dataDir, "pipeline", "run", "--select", "stage.gps_points");
        assertThat(aggregate.code()).as(aggregate.err()).isZero();
        assertThat(CommandRun.in(dataDir, "runs").out()).contains("stage.gps_points");
        // an orphan: a file of a commit that never happened, which no metadata names
        Path orphan = warehouse.resolve("raw/gps_points/data/orphan.parquet");
        Files.writeString(orphan, "x");

        CommandRun reset = CommandRun.in(dataDir, "reset", "--yes");
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).startsWith("Dropped ").contains(" tables of the lake in " + catalog + " with their files in " + warehouse
                + ", and cleared its run history.");

        try (java.util.stream.Stream<Path> left = Files.walk(warehouse)) {
            assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
        }
        CommandRun runs = CommandRun.in(dataDir, "runs");
        assertThat(runs.out()).doesNotContain("stage.gps_points");
        CommandRun count = CommandRun.in(dataDir, "sql", "--format", "csv", "SELECT count(*) FROM raw.gps_points");
        assertThat(count.code()).as(count.err()).isZero();
        assertThat(count.out().lines().skip(1).findFirst().orElseThrow().trim()).isEqualTo("0");
        assertThat(dataDir.resolve("urbanflow.properties")).exists();
    }

    private Path dataDir() throws IOException {
        Path dataDir = Files.createDirectories(root.resolve("data"));
        Files.createDirectories(dataDir.resolve("warehouse/raw/gps_points/data"));
        Files.writeString(dataDir.resolve("warehouse/raw/gps_points/data/a.parquet"), "x");
        Files.writeString(dataDir.resolve("catalog.db"), "x");
        Files.writeString(dataDir.resolve("catalog.db-wal"), "x");
        Files.createDirectories(dataDir.resolve("kafka/gps.points-0"));
        Files.createDirectories(dataDir.resolve("quarantine"));
        Files.writeString(dataDir.resolve("quarantine/run.jsonl"), "{}");
        Files.writeString(dataDir.resolve("urbanflow.properties"), "query.max-rows=10\n");
        return dataDir;
    }

}
