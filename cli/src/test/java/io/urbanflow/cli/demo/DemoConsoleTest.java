package io.urbanflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.cli.demo.DemoStatus.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    private static DemoStatus status(Phase phase, long ingested) {
        return new DemoStatus(phase, 30_000, Instant.parse("2014-02-01T11:37:00Z").toEpochMilli() * 1000, 0.52,
                1_234_567_890L, 3, ingested, 2, 9_876_543_210L,
                List.of("latest interval 12:20-12:30: 8,123,456 points, 287,654 taxis"),
                123, ReplaySpeed.times(1440), ROME, "points");
    }

    private static DemoReport report(DemoOptions.Ending ending) {
        return new DemoReport(List.of("synthetic:rome"), "points", 984_832, 0, Optional.empty(), 984_830, 2,
                new DemoReport.RawTables(List.of("raw.gps_points"), List.of("raw.gps_points_rejected")), 0,
                List.of(new DemoReport.TableRows("mart.traffic_10min", 144), new DemoReport.TableRows("raw.gps_points", 984_830)),
                Duration.ofSeconds(94), Duration.ofMillis(61_200), Duration.ofSeconds(62), ReplaySpeed.times(1440), 14,
                Duration.ofMillis(5_600), List.of("analytics (trips, stops, clusters) 4.1 s"), "127.0.0.1:9092",
                Optional.of("http://127.0.0.1:8080/"), List.of("SELECT count(*) FROM raw.gps_points"), ending);
    }

    @Test
    void durations_read_like_a_person_would_say_them() {
        assertThat(DemoConsole.duration(Duration.ofHours(24))).isEqualTo("24 h");
        assertThat(DemoConsole.duration(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(DemoConsole.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(DemoConsole.duration(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(DemoConsole.duration(Duration.ofMillis(45_400))).isEqualTo("45 s");
        assertThat(DemoConsole.duration(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(DemoConsole.duration(Duration.ofMillis(1_300))).isEqualTo("1.3 s");
    }

    @Test
    void the_terminal_block_is_redrawn_in_place_and_never_wider_than_79_columns() {
        StringWriter text = new StringWriter();
        DemoConsole console = DemoConsole.terminal(new PrintWriter(text), "./urbanflow");

        console.status(status(Phase.REPLAYING, 1_000));
        console.status(status(Phase.REPLAYING, 2_000));

        String output = text.toString();
        assertThat(output).contains("\033[3F").contains("[##########..........]  52%  2014-02-01 12:37 Europe/Rome  1440x");
        for (String line : output.replaceAll("\033\\[\\d*[FJK]", "").split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(79);
        }
    }

    @Test
    void a_line_printed_while_the_block_is_shown_erases_the_block_first() {
        StringWriter text = new StringWriter();
        DemoConsole console = DemoConsole.terminal(new PrintWriter(text), "./urbanflow");

        console.status(status(Phase.CATCHING_UP, 1_000));
        console.info("Kafka broker: 127.0.0.1:9092");

        assertThat(text.toString()).endsWith("\033[3F\033[JKafka broker: 127.0.0.1:9092" + System.lineSeparator());
    }

    @Test
    void plain_lines_carry_the_same_figures_and_the_ingest_rate() {
        StringWriter text = new StringWriter();
        DemoConsole console = DemoConsole.lines(new PrintWriter(text), "./urbanflow");

        console.status(new DemoStatus(Phase.REPLAYING, 5_000, -1, 0.25, 100, 1, 50, 2, 40, List.of(), 0,
                ReplaySpeed.times(60), ROME, "points"));
        console.status(new DemoStatus(Phase.REPLAYING, 10_000, -1, 0.5, 200, 1, 150, 2, 40, List.of(), 1,
                ReplaySpeed.times(60), ROME, "points"));

        assertThat(List.of(text.toString().split(System.lineSeparator()))).hasSize(2).last().asString()
                .isEqualTo("demo 0:10: replaying 50%, data clock -; sent 200, in lake 150 (20 points/s), rejected 3, lag 40");
    }

    @Test
    void the_report_names_counts_tables_and_the_queries_to_try_with_the_user_s_command() {
        List<String> lines = DemoConsole.reportLines(report(DemoOptions.Ending.WHEN_CAUGHT_UP), "./urbanflow --data-dir /tmp/x");

        assertThat(lines).contains(
                "Done in 1 min 34 s: the lake holds every point sent.",
                "  sent        984,832 points in 1 min 1 s (speed 1440x)",
                "  ingested    984,830 points into raw.gps_points, 2 messages into raw.gps_points_rejected",
                "  mart.traffic_10min           144",
                "  raw.gps_points           984,830",
                "  ./urbanflow --data-dir /tmp/x sql \"SELECT count(*) FROM raw.gps_points\"");
        assertThat(String.join("\n", lines)).contains("15,884 points/s").contains("(it stopped with the demo)")
                .contains("  aggregates  14 incremental runs, the final one 5.6 s; analytics (trips, stops, clusters) 4.1 s")
                .doesNotContain("Ctrl-C");
    }

    @Test
    void a_demo_that_keeps_running_says_how_to_send_it_more_points() {
        List<String> lines = DemoConsole.reportLines(report(DemoOptions.Ending.ON_STOP), "./urbanflow");

        assertThat(lines).contains("  ./urbanflow replay --source FILE --bootstrap-servers 127.0.0.1:9092");
        assertThat(String.join("\n", lines)).contains("Ctrl-C stops").doesNotContain("it stopped with the demo");
    }
}
