package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.model.LocalPorts;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void the_last_line_is_sent_and_rejected_and_rejected_equals_the_quarantined_lines() throws IOException {
        Path file = dir.resolve("taxi.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()).subList(0, 200));
        lines.add(10, "156;2014-02-01 00:00:00.739166+01;POINT(999 12.4877)");
        lines.add(100, "garbage");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path dataDir = dir.resolve("data");

        CommandRun run = CommandRun.of("--data-dir", dataDir.toString(), "replay", "--source", file.toString(),
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", "cli.replay", "--speed", "max");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo("sent=200 rejected=2");
        try (Stream<Path> files = Files.list(dataDir.resolve("quarantine"))) {
            Path quarantine = files.filter(path -> path.getFileName().toString().startsWith("replay-")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(quarantine)).hasSize(2);
            assertThat(run.out()).contains("rejected lines are in " + quarantine);
        }
    }

    @Test
    void a_resumed_replay_keeps_in_the_quarantine_only_the_bad_lines_no_earlier_run_kept() throws IOException {
        Path file = dir.resolve("resumed.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()).subList(0, 100));
        lines.add(10, "garbage one");
        lines.add(60, "garbage two");
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path dataDir = dir.resolve("resumed-data");
        String[] replay = {"--data-dir", dataDir.toString(), "replay", "--source", file.toString(),
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", "cli.resumed", "--speed", "max", "--resume"};

        CommandRun first = CommandRun.of(replay);
        assertThat(first.lastLine()).as(first.err()).isEqualTo("sent=100 rejected=2");
        CommandRun again = CommandRun.of(replay);
        assertThat(again.lastLine()).as(again.err()).isEqualTo("sent=0 rejected=0 skipped=100");

        List<String> quarantined = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("quarantine"))) {
            for (Path quarantine : files.toList()) {
                quarantined.addAll(Files.readAllLines(quarantine));
            }
        }
        assertThat(quarantined).hasSize(2).anyMatch(line -> line.contains("\"line\":11,")).anyMatch(line -> line.contains("\"line\":61,"));
    }

    @Test
    void strict_stops_at_the_first_bad_line_with_its_file_and_number() throws IOException {
        Path file = dir.resolve("strict.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()).subList(0, 20));
        lines.add(5, "156;2014-02-01 00:00:00.739166+01;POINT(999 12.4877)");
        Files.write(file, lines, StandardCharsets.UTF_8);

        CommandRun run = CommandRun.of("--data-dir", dir.resolve("strict-data").toString(), "replay", "--source", file.toString(), "--strict",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic", "cli.strict");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("urbanflow: Cannot read ").contains("line 6").doesNotContain("\tat ");
    }

    @Test
    void no_broker_is_one_line_saying_how_to_start_one() throws IOException {
        int closedPort = LocalPorts.free("127.0.0.1");
        CommandRun run = CommandRun.of("--data-dir", dir.resolve("none").toString(), "replay", "--source", SampleData.romeCrawdad().toString(),
                "--bootstrap-servers", "127.0.0.1:" + closedPort);

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("urbanflow: Cannot reach Kafka at 127.0.0.1:" + closedPort
                + ": no broker answered within 5s; check --bootstrap-servers (and --kafka-properties for a secured cluster) or start one with: urbanflow broker");
    }

    @Test
    void a_bad_speed_is_one_line() {
        CommandRun run = CommandRun.of("replay", "--source", SampleData.romeCrawdad().toString(), "--speed", "fast");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("urbanflow: Cannot read setting replay.speed='fast': expected max or a number above 0, such as 60");
    }

    @Test
    void a_taken_broker_port_is_one_line() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CommandRun run = CommandRun.of("--data-dir", dir.resolve("taken").toString(), "broker", "--port", String.valueOf(taken.getLocalPort()));

            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err().strip()).isEqualTo("urbanflow: Cannot start Kafka broker on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use (another broker? choose one with --port)");
        }
    }

    @Test
    void bench_replay_ends_with_its_figures_as_key_value_pairs() {
        CommandRun run = CommandRun.of("bench", "replay", "--points", "5000");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.lastLine()).matches("parse_points_per_s=\\d+ produce_msgs_per_s=\\d+ encode_msgs_per_s=\\d+ "
                + "decode_msgs_per_s=\\d+ replay_points_per_s=\\d+ points=5000 value_bytes=\\d+\\.\\d");
    }


}
