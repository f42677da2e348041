package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void a_small_run_generates_ingests_exactly_once_builds_the_marts_and_ends_with_the_three_rates() throws Exception {
        StringWriter text = new StringWriter();
        ClickstreamBenchmark.Result result = new ClickstreamBenchmark(Clock.systemUTC())
                .run(ClickstreamBenchmark.Options.defaults(dir).withEvents(20_000), new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        assertThat(result.events()).isBetween(15_000L, 25_000L);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("exactly once: " + String.format("%,d", result.events())));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("mart.sessions"));
        assertThat(lines.get(lines.size() - 1)).matches("ingest_events_per_s=\\d+ json_decode_events_per_s=\\d+ marts_events_per_s=\\d+");
        assertThat(result.ingestEventsPerSecond()).isPositive();
        try (var left = Files.list(dir)) {
            assertThat(left).as("the temporary broker and lake are deleted").isEmpty();
        }
    }

    @Test
    void refuses_a_size_out_of_range() {
        assertThatThrownBy(() -> ClickstreamBenchmark.Options.defaults(dir).withEvents(10))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--events 10 is outside");
    }
}
