package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code urbanflow demo} end to end in this JVM, on small sources at full speed without the dashboard: the report's
 * figures are checked against the lake with {@code urbanflow sql}, and every query it suggests runs.
 */
class DemoCommandIT {
    private static final Pattern QUERY = Pattern.compile("^  \\./urbanflow --data-dir \\S+ sql \"(.+)\"$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;



    private long sqlCount(String sql) {
        CommandRun result = CommandRun.in(dataDir, "sql", "--format", "csv", sql);
        assertThat(result.code()).as(result.err()).isZero();
        String[] lines = result.out().trim().split("\\R");
        return Long.parseLong(lines[lines.length - 1].trim());
    }

    private static long figure(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as("'%s' in:%n%s", regex, text).isTrue();
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    @Test
    void a_synthetic_day_ends_with_a_report_whose_counts_the_lake_confirms_and_queries_that_run() {
        CommandRun demo = CommandRun.in(dataDir, "demo", "--source", "synthetic:rome,taxis=20,days=1", "--speed", "max", "--no-serve",
                "--broker-port", "0", "--aggregate-every", "2s");

        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("Kafka broker: 127.0.0.1:", "Done in ", "the lake holds every point sent");
        long sent = figure(demo.out(), "^  sent +([\\d,]+) points");
        long ingested = figure(demo.out(), "^  ingested +([\\d,]+) points into raw\\.gps_points");
        long rejected = figure(demo.out(), "into raw\\.gps_points, ([\\d,]+) messages into raw\\.gps_points_rejected");
        assertThat(sent).isGreaterThan(10_000).isEqualTo(ingested + rejected);
        assertThat(sqlCount("SELECT count(*) FROM raw.gps_points")).isEqualTo(ingested)
                .isEqualTo(figure(demo.out(), "^  raw\\.gps_points +([\\d,]+)$"));
        assertThat(sqlCount("SELECT count(DISTINCT (kafka_partition, kafka_offset)) FROM raw.gps_points")).as("exactly once")
                .isEqualTo(ingested);
        long intervals = figure(demo.out(), "^  mart\\.traffic_10min +([\\d,]+)$");
        assertThat(intervals).as("a whole day of 10-minute intervals").isEqualTo(144);
        assertThat(sqlCount("SELECT count(*) FROM mart.traffic_10min")).isEqualTo(intervals);
        assertThat(sqlCount("SELECT sum(total_points) FROM mart.traffic_10min")).isEqualTo(ingested);
        assertThat(figure(demo.out(), "^  mart\\.trips +([\\d,]+)$")).as("analytics ran").isPositive();

        // the aggregation is the orchestration's: data-triggered runs in the history, the final one with the data tests
        CommandRun runs = CommandRun.in(dataDir, "runs", "--limit", "100");
        assertThat(runs.code()).as(runs.err()).isZero();
        List<String> runLines = runs.out().lines().filter(line -> line.matches("^\\S+ +data +success .*")).toList();
        assertThat(runLines).as(runs.out()).isNotEmpty();
        assertThat(runs.out().lines().filter(line -> line.matches("^\\S+ +data +.*")).map(line -> line.split(" +")[2]))
                .as("every run succeeded").containsOnly("success");
        CommandRun newest = CommandRun.in(dataDir, "runs", runLines.get(0).split(" +")[0]);
        assertThat(newest.out()).containsPattern("test\\.stage\\.gps_points\\.\\S+ +success")
                .containsPattern("mart\\.traffic_10min +success");

        Matcher queries = QUERY.matcher(demo.out());
        List<String> suggested = new ArrayList<>();
        while (queries.find()) {
            suggested.add(queries.group(1));
        }
        assertThat(suggested).hasSizeBetween(3, 5);
        for (String sql : suggested) {
            CommandRun query = CommandRun.in(dataDir, "sql", sql);
            assertThat(query.code()).as(sql + "\n" + query.err()).isZero();
            assertThat(query.out()).as(sql).contains("(5 rows)");
        }
    }

    @Test
    void a_real_sample_replayed_twice_says_what_the_lake_held_and_appends() {
        String sample = SampleData.romeCrawdad().toString();
        CommandRun first = CommandRun.in(dataDir, "demo", "--source", sample, "--speed", "max", "--no-serve", "--broker-port", "0");
        assertThat(first.code()).as(first.out() + first.err()).isZero();
        assertThat(figure(first.out(), "^  ingested +([\\d,]+) points")).isEqualTo(5_000);
        assertThat(sqlCount("SELECT count(*) FROM raw.gps_points")).isEqualTo(5_000);

        CommandRun second = CommandRun.in(dataDir, "demo", "--source", sample, "--speed", "max", "--no-serve", "--broker-port", "0");

        assertThat(second.code()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("already holds 5,000 points", "urbanflow reset starts afresh",
                "(the lake held 5,000 points before this run)");
        assertThat(figure(second.out(), "^  ingested +([\\d,]+) points")).isEqualTo(5_000);
        assertThat(sqlCount("SELECT count(*) FROM raw.gps_points")).isEqualTo(10_000);
        assertThat(sqlCount("SELECT count(*) FROM stage.gps_points")).as("the stage drops the duplicates").isEqualTo(5_000);
    }

    @Test
    void a_missing_file_is_one_line_and_leaves_the_data_dir_alone() {
        CommandRun demo = CommandRun.in(dataDir, "demo", "--source", dataDir.resolve("missing.txt").toString(), "--no-serve");

        assertThat(demo.code()).isEqualTo(1);
        assertThat(demo.err().trim()).startsWith("urbanflow: Cannot read ").endsWith("no such file or directory").doesNotContain("\n");
        assertThat(dataDir.resolve("catalog.db")).doesNotExist();
    }
}
