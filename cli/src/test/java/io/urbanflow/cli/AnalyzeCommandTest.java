package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.analytics.internal.RawPointLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    @TempDir
    Path dataDir;

    private void loadRome() {
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir)); RawPointLoader loader = new RawPointLoader(lake, Clock.systemUTC(), 100_000)) {
            GpsSources.open(SampleData.romeCrawdad(), SourceOptions.defaults()).read(loader, RejectSink.strict());
        }
    }

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = UrbanFlowCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int code = commandLine.execute(all.toArray(new String[0]));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void analyze_builds_the_stage_then_every_table_and_prints_rows_and_seconds() throws IOException {
        loadRome();
        Path zones = dataDir.resolve("districts.geojson");
        Files.writeString(zones, "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"Centro\"},"
                + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[12.46, 41.88], [12.51, 41.88], [12.51, 41.91], [12.46, 41.91], [12.46, 41.88]]]}}]}");
        String[] loaded = run("zones", "load", zones.toString(), "--name", "districts");
        assertThat(loaded[0]).as(loaded[2]).isEqualTo("0");
        assertThat(loaded[1]).startsWith("zones=1 set=districts table=stage.zones bounds=41.88000,12.46000,41.91000,12.51000");
        assertThat(run("zones", "list")[1]).contains("districts (1 zones)", "  Centro  Polygon");

        String[] first = run("analyze", "--clusters", "3", "--stop-min-duration", "4m");
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        assertThat(first[1])
                .containsPattern("stage\\.gps_points +full +rows=5000 ")
                .containsPattern("mart\\.trips +full +rows=\\d+ +\\d+\\.\\d\\d s")
                .containsPattern("mart\\.stops +full +rows=\\d+ ")
                .containsPattern("mart\\.od_matrix +full ")
                .containsPattern("mart\\.cell_speed_hourly +full ")
                .containsPattern("mart\\.zone_traffic_hourly +full +rows=[1-9]")
                .containsPattern("mart\\.clusters +full ")
                .contains("clusters: kmeans k=3 over ")
                .containsPattern("analytics: full, 1 local days \\(2014-02-01\\), \\d+ stage points read in 1 pass");
        String[] second = run("analyze", "--clusters", "3", "--stop-min-duration", "4m");
        assertThat(second[1]).containsPattern("stage\\.gps_points +up-to-date").containsPattern("analytics +up-to-date");
    }

    @Test
    void an_empty_lake_gives_empty_tables_and_mistakes_are_one_line() throws IOException {
        String[] empty = run("analyze");
        assertThat(empty[0]).as(empty[2]).isEqualTo("0");
        assertThat(empty[1]).contains("analytics: full, 0 local days (none), 0 stage points read in 0 passes");

        String[] badOption = run("analyze", "--clusters", "many");
        assertThat(badOption[0]).isEqualTo("1");
        assertThat(badOption[2].trim()).isEqualTo("urbanflow: Cannot read cluster count 'many': expected a whole number, auto or off");

        Path broken = dataDir.resolve("broken.geojson");
        Files.writeString(broken, "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"name\": \"Open\"},"
                + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[12.46, 41.88], [12.51, 41.88], [12.51, 41.91], [12.46, 41.91]]]}}]}");
        String[] badZones = run("zones", "load", broken.toString());
        assertThat(badZones[0]).isEqualTo("1");
        assertThat(badZones[2].trim()).isEqualTo("urbanflow: Cannot load zones from " + broken
                + ": feature 0 ('Open'): ring 0 is not closed: its first and last positions differ");
    }

    @Test
    void bench_analytics_prints_the_figures_and_the_key_value_line_last() {
        String[] bench = run("bench", "analytics", "--points", "20000");
        assertThat(bench[0]).as(bench[2]).isEqualTo("0");
        String[] lines = bench[1].trim().split("\n");
        assertThat(lines[lines.length - 1]).matches("stage_points_per_s=\\d+ trips_points_per_s=\\d+ kmeans_points_per_s=\\d+ points=20000 .*stage_cpu_s=.*");
        assertThat(bench[1]).contains("stage:", "mart.trips", "k-means:");
    }
}
