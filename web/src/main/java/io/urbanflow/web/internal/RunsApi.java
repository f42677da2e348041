package io.urbanflow.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.Backfill;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.history.AttemptRecord;
import io.urbanflow.orchestration.history.BackfillRecord;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.RunRecord;
import io.urbanflow.orchestration.history.TaskRecord;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Runs page's endpoints over the run history in the catalog database: the grid of runs × tasks, one run's tasks,
 * attempts and logs, and two state-changing endpoints ({@link #STATE_CHANGING}): queue a retry of a run, queue a
 * backfill. Both only record a request; a scheduler ({@code urbanflow scheduler} or {@code serve --scheduler}) starts
 * it. Thread-safe ({@link RunHistory} is).
 */
public final class RunsApi {
    /**
     * The endpoints that change state: every write check of the dashboard's guard applies to them (token or loopback
     * Host today; Origin and JSON content type where the guard checks them).
     */
    public static final List<String> STATE_CHANGING = List.of("POST /api/runs/{id}/retry", "POST /api/backfills");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RUNS = 200;

    private final RunHistory history;
    private final Clock clock;

    public RunsApi(RunHistory history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    /**
     * {@code GET /api/runs?limit=N&failed=true}: the latest runs, oldest first (the grid's columns), each with its tasks'
     * states and durations, and {@code tasks}: every task name of those runs in dependency order (the grid's rows).
     */
    public void runs(Context context) {
        int limit = Math.max(1, Math.min(MAX_RUNS, parseInt(context.queryParam("limit"), 25)));
        boolean failed = "true".equalsIgnoreCase(context.queryParam("failed"));
        List<RunRecord> runs = new ArrayList<>(history.runs(limit, failed ? RunHistory.RunFilter.FAILED : RunHistory.RunFilter.ALL));
        java.util.Collections.reverse(runs);
        Set<String> taskNames = new LinkedHashSet<>();
        List<Object> columns = new ArrayList<>();
        for (RunRecord run : runs) {
            List<TaskRecord> tasks = history.tasks(run.runId());
            Map<String, Object> states = new LinkedHashMap<>();
            for (TaskRecord task : tasks) {
                taskNames.add(task.task());
                states.put(task.task(), ordered("state", task.state(), "attempts", task.attempts(),
                        "durationMillis", task.duration().map(java.time.Duration::toMillis).orElse(null)));
            }
            Map<String, Object> body = run(run);
            body.put("tasks", states);
            columns.add(body);
        }
        json(context, ordered("runs", columns, "tasks", List.copyOf(taskNames), "backfills", backfills()));
    }

    /** {@code GET /api/runs/{id}}: a run, its tasks and every attempt with its log. */
    public void run(Context context) {
        String runId = context.pathParam("id");
        RunRecord run = history.run(runId).orElseThrow(() -> new UrbanFlowException("Cannot show run " + runId + ": no such run"));
        List<Object> tasks = new ArrayList<>();
        for (TaskRecord task : history.tasks(runId)) {
            tasks.add(ordered("task", task.task(), "kind", task.kind(), "state", task.state(), "upstream", task.upstream(),
                    "attempts", task.attempts(), "maxAttempts", task.maxAttempts(), "startedAt", text(task.startedAt()),
                    "finishedAt", text(task.finishedAt()), "durationMillis", task.duration().map(java.time.Duration::toMillis).orElse(null),
                    "rowsWritten", task.rowsWritten(), "snapshots", task.snapshots(), "error", task.error()));
        }
        List<Object> attempts = new ArrayList<>();
        for (AttemptRecord attempt : history.attempts(runId, null)) {
            attempts.add(ordered("task", attempt.task(), "attempt", attempt.attempt(), "state", attempt.state(), "holder", attempt.holder(),
                    "startedAt", text(attempt.startedAt()), "finishedAt", text(attempt.finishedAt()), "rowsWritten", attempt.rowsWritten(),
                    "error", attempt.error(), "log", attempt.log()));
        }
        Map<String, Object> body = run(run);
        body.put("tasks", tasks);
        body.put("attempts", attempts);
        json(context, body);
    }

    /** {@code POST /api/runs/{id}/retry}: queues a new run of the run's tasks that did not succeed. State-changing. */
    public void retry(Context context) {
        String runId = context.pathParam("id");
        String retry = history.queueRetry(runId, "retry-" + UUID.randomUUID().toString().substring(0, 8), clock.instant());
        context.status(202);
        json(context, ordered("runId", retry, "state", "queued",
                "message", "queued: a scheduler (urbanflow scheduler, or serve --scheduler) starts it"));
    }

    /**
     * {@code POST /api/backfills} with {@code {"from": "2014-02-01", "to": "2014-02-04", "every": "1d", "select": "kind:model"}}:
     * queues a backfill. State-changing.
     */
    public void backfill(Context context) {
        JsonNode body;
        try {
            body = JSON.readTree(context.body());
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot queue backfill: the body is not JSON such as {\"from\": \"2014-02-01\", \"to\": \"2014-02-04\"}");
        }
        if (body == null || !body.hasNonNull("from") || !body.hasNonNull("to")) {
            throw new UrbanFlowException("Cannot queue backfill: the body needs \"from\" and \"to\"");
        }
        Instant from = time(body.get("from").asText());
        Instant to = time(body.get("to").asText());
        String every = body.hasNonNull("every") && !body.get("every").asText().isBlank() ? body.get("every").asText() : "1h";
        Selection selection = Selection.parse(body.hasNonNull("select") ? body.get("select").asText() : "kind:model");
        BackfillRecord backfill = Backfill.create(history, selection, from, to, every, ZoneOffset.UTC, clock);
        context.status(202);
        json(context, ordered("backfillId", backfill.backfillId(), "state", backfill.state(),
                "intervals", Backfill.intervals(from, to, every, ZoneOffset.UTC).size(),
                "message", "queued: a scheduler (urbanflow scheduler, or serve --scheduler) runs it"));
    }

    private List<Object> backfills() {
        List<Object> list = new ArrayList<>();
        for (BackfillRecord backfill : history.backfills(10)) {
            list.add(ordered("backfillId", backfill.backfillId(), "selection", backfill.selection(), "from", text(backfill.from()),
                    "to", text(backfill.to()), "every", backfill.every(), "nextStart", text(backfill.nextStart()), "state", backfill.state(),
                    "error", backfill.error()));
        }
        return list;
    }

    private static Map<String, Object> run(RunRecord run) {
        return ordered("runId", run.runId(), "trigger", run.triggerKind(), "triggerKey", run.triggerKey(), "selection", run.selection(),
                "state", run.state(), "fullRefresh", run.fullRefresh(), "windowStart", text(run.windowStart()), "windowEnd", text(run.windowEnd()),
                "holder", run.holder(), "queuedAt", text(run.queuedAt()), "startedAt", text(run.startedAt()), "finishedAt", text(run.finishedAt()),
                "durationMillis", run.duration().map(java.time.Duration::toMillis).orElse(null));
    }

    private static Instant time(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UrbanFlowException("Cannot read time " + text + ": expected 2014-02-01 or 2014-02-01T08:00:00Z");
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int index = 0; index < keysAndValues.length; index += 2) {
            map.put((String) keysAndValues[index], keysAndValues[index + 1]);
        }
        return map;
    }

    private static void json(Context context, Object body) {
        try {
            context.contentType("application/json; charset=utf-8").result(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write JSON: " + e.getMessage(), e);
        }
    }
}
