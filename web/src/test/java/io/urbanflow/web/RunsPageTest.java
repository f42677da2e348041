package io.urbanflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.domain.LiveStart;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.history.PlannedTask;
import io.urbanflow.orchestration.history.RunHistory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Runs page's endpoints over a run history recorded as a scheduler would, and its two state-changing requests. */
class RunsPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    static Path dir;
    static DashboardServer server;
    static IcebergLakeAccess lake;
    static RunHistory history;

    @BeforeAll
    static void start() {
        LakeConfig config = LakeConfig.defaults(dir);
        Lake.open(config).close();
        history = RunHistory.open(config);
        history.createRun("run-1", "schedule", "schedule:hourly:1", "all", false, null, null, List.of(
                new PlannedTask("stage.a", "model", List.of(), 3), new PlannedTask("mart.a", "model", List.of("stage.a"), 3)), "me", T0);
        history.attemptStarted("run-1", "stage.a", 1, "me", T0);
        history.attemptFinished("run-1", "stage.a", 1, "failed", "failed", null, 0, "", "Cannot build stage.a: disk full",
                "attempt 1\nfailed: disk full\n", T0.plusSeconds(3));
        history.taskSettled("run-1", "mart.a", "upstream_failed", "not run: upstream task stage.a failed", T0.plusSeconds(3));
        history.finishRun("run-1", "failed", T0.plusSeconds(3));
        lake = IcebergLakeAccess.open(config, Duration.ofSeconds(5), 10);
        server = DashboardServer.start(DashboardConfig.defaults().withPort(0), lake, List.of(new FakeDomain("fake")), null,
                LiveStart.earliest(), Settings.empty(), Clock.systemUTC(), history);
    }

    @AfterAll
    static void stop() {
        server.close();
        lake.close();
        history.close();
    }

    @Test
    void the_grid_has_a_column_per_run_and_a_row_per_task_with_states_and_durations() throws Exception {
        JsonNode body = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/runs")).GET()).body());
        assertThat(JSON.convertValue(body.get("tasks"), List.class)).containsExactly("stage.a", "mart.a");
        JsonNode run = body.get("runs").get(0);
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("tasks").get("stage.a").get("state").asText()).isEqualTo("failed");
        assertThat(run.get("tasks").get("stage.a").get("durationMillis").asLong()).isEqualTo(3000);
        assertThat(run.get("tasks").get("mart.a").get("state").asText()).isEqualTo("upstream_failed");

        JsonNode detail = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/runs/run-1")).GET()).body());
        assertThat(detail.get("attempts").get(0).get("log").asText()).contains("failed: disk full");
        assertThat(detail.get("tasks").get(0).get("error").asText()).isEqualTo("Cannot build stage.a: disk full");
        assertThat(send(HttpRequest.newBuilder(uri("/runs.html")).GET()).body()).contains("runs.js");
    }

    @Test
    void retry_and_backfill_are_posts_that_queue_work_for_a_scheduler() throws Exception {
        HttpResponse<String> retry = send(HttpRequest.newBuilder(uri("/api/runs/run-1/retry"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(retry.statusCode()).isEqualTo(202);
        String retryId = JSON.readTree(retry.body()).get("runId").asText();
        assertThat(history.run(retryId).orElseThrow().state()).isEqualTo("queued");
        assertThat(history.tasks(retryId)).extracting(task -> task.task() + " after " + task.upstream())
                .containsExactly("stage.a after []", "mart.a after [stage.a]");

        HttpResponse<String> backfill = send(HttpRequest.newBuilder(uri("/api/backfills")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"2014-02-01\", \"to\": \"2014-02-04\", \"every\": \"1d\"}")));
        assertThat(backfill.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(backfill.body()).get("intervals").asInt()).isEqualTo(3);
        assertThat(history.backfills(10)).singleElement().satisfies(record -> assertThat(record.state()).isEqualTo("queued"));

        HttpResponse<String> bad = send(HttpRequest.newBuilder(uri("/api/backfills")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\": \"2014-02-04\", \"to\": \"2014-02-01\"}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("from must be before to");
        assertThat(send(HttpRequest.newBuilder(uri("/api/runs/run-1/retry")).GET()).statusCode()).isNotEqualTo(200);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
