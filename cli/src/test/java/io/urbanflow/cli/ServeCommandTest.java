package io.urbanflow.cli;

import io.urbanflow.stream.Kafka;
import io.urbanflow.web.Dashboard;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void serves_on_a_free_port_and_says_in_one_line_when_no_broker_answers() {
        CommandRun run = CommandRun.of("--data-dir", dataDir.toString(), "serve", "--port", "0", "--bootstrap-servers", "127.0.0.1:1",
                "--tiles", "none", "--run-for", "1s");
        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/\\n");
        assertThat(run.err()).isEqualTo("urbanflow: Cannot reach Kafka at 127.0.0.1:1: no broker answered within 3s"
                + "; check --bootstrap-servers (and --kafka-properties for a secured cluster) or start one with: urbanflow broker (the live views wait for it; the other pages work)\n");
    }

    @Test
    void binding_every_address_prints_the_generated_token() {
        CommandRun run = CommandRun.of("--data-dir", dataDir.toString(), "serve", "--port", "0", "--bind", "0.0.0.0",
                "--bootstrap-servers", "127.0.0.1:1", "--run-for", "1s");
        assertThat(run.code()).isZero();
        assertThat(run.out()).containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{32}\\n")
                .contains("Token (generated; every request needs it): ");
    }

    @Test
    void a_bad_token_is_one_line_and_exit_1() {
        CommandRun run = CommandRun.of("--data-dir", dataDir.toString(), "serve", "--port", "0", "--token", "short", "--run-for", "1s");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("urbanflow: Cannot configure dashboard: the token must be at least 8 characters");
    }

    @Test
    void bench_live_prints_latency_percentiles_last() {
        CommandRun run = CommandRun.of("bench", "live", "--rate", "2000", "--vehicles", "50", "--warmup", "1s", "--duration", "2s");
        assertThat(run.code()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("live_p50_ms=\\d+ live_p99_ms=\\d+");
        assertThat(lines[lines.length - 2]).contains("unreflected=0");
        // at least one update a second reached the client
        int updates = Integer.parseInt(lines[lines.length - 2].replaceAll(".*updates=(\\d+).*", "$1"));
        assertThat(updates).isGreaterThanOrEqualTo(3);
    }


}
