package io.urbanflow.cli;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Durations;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.history.AttemptRecord;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.RunRecord;
import io.urbanflow.orchestration.history.TaskRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code urbanflow runs}: the run history from the catalog database: the latest runs, or one run's tasks and attempts. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the latest pipeline runs (from the catalog database), or with RUN_ID that run's tasks: state, attempts,"
                + " duration, rows written, snapshots produced, error, and with --log each attempt's log."})
public final class RunsCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "Show this run's tasks and attempts.")
    private String runId;

    @Option(names = "--failed", description = "Only failed runs.")
    private boolean failed;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Runs listed (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--log", description = "With RUN_ID: print every attempt's log.")
    private boolean log;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        LakeConfig lake = lakeOptions.config(settings, dataDir);
        PrintWriter out = spec.commandLine().getOut();
        if (lake.sqliteFile().filter(file -> !Files.exists(file)).isPresent()) {
            // no catalog file yet: nothing ran here, and looking must not create one
            if (runId != null) {
                throw new UrbanFlowException("Cannot show run " + runId + ": no such run (nothing has run with " + lake.catalogUrl() + ")");
            }
            out.println(String.format(Locale.ROOT, "%-26s %-9s %-8s %-20s %-9s %-7s %s", "run", "trigger", "state", "started",
                    "duration", "tasks", "selection"));
            out.println(failed ? "no failed runs" : "no runs yet: urbanflow pipeline run, aggregate or scheduler record them");
            out.flush();
            return 0;
        }
        try (RunHistory history = RunHistory.open(lake)) {
            if (runId == null) {
                List<RunRecord> runs = history.runs(limit, failed ? RunHistory.RunFilter.FAILED : RunHistory.RunFilter.ALL);
                out.println(String.format(Locale.ROOT, "%-26s %-9s %-8s %-20s %-9s %-7s %s", "run", "trigger", "state", "started",
                        "duration", "tasks", "selection"));
                for (RunRecord run : runs) {
                    List<TaskRecord> tasks = history.tasks(run.runId());
                    long bad = tasks.stream().filter(task -> !task.state().equals("success")).count();
                    out.println(String.format(Locale.ROOT, "%-26s %-9s %-8s %-20s %-9s %-7s %s", run.runId(), run.triggerKind(), run.state(),
                            run.startedAt() == null ? "-" : run.startedAt().truncatedTo(ChronoUnit.SECONDS),
                            run.duration().map(Durations::text).orElse("-"), (tasks.size() - bad) + "/" + tasks.size(),
                            run.selection()));
                }
                if (runs.isEmpty()) {
                    out.println(failed ? "no failed runs" : "no runs yet: urbanflow pipeline run, aggregate or scheduler record them");
                }
                out.flush();
                return 0;
            }
            RunRecord run = history.run(runId).orElseThrow(() -> new UrbanFlowException("Cannot show run " + runId
                    + ": no such run (urbanflow runs lists them)"));
            out.println("run " + run.runId() + " " + run.state() + " (" + run.triggerKind() + (run.triggerKey() == null ? "" : " " + run.triggerKey())
                    + ") selection " + run.selection() + (run.fullRefresh() ? " full-refresh" : "")
                    + (run.windowStart() == null ? "" : " window " + run.windowStart() + ".." + run.windowEnd()));
            out.println("queued " + run.queuedAt() + ", started " + run.startedAt() + ", finished " + run.finishedAt() + " by " + run.holder());
            List<TaskRecord> tasks = history.tasks(runId);
            int width = 10;
            for (TaskRecord task : tasks) {
                width = Math.max(width, task.task().length());
            }
            for (TaskRecord task : tasks) {
                out.println(String.format(Locale.ROOT, "  %-" + width + "s  %-15s %d/%d  %-9s rows=%-9d %s%s", task.task(), task.state(),
                        task.attempts(), task.maxAttempts(), task.duration().map(Durations::text).orElse("-"), task.rowsWritten(),
                        task.snapshots().isEmpty() ? "" : "snapshots " + task.snapshots() + " ",
                        task.error() == null ? "" : "error: " + task.error()).stripTrailing());
            }
            if (log) {
                for (AttemptRecord attempt : history.attempts(runId, null)) {
                    out.println("--- " + attempt.task() + " attempt " + attempt.attempt() + " " + attempt.state() + " by " + attempt.holder());
                    out.print(attempt.log());
                }
            }
            out.flush();
            return "failed".equals(run.state()) ? UrbanFlowCommand.EXIT_FAILURE : 0;
        }
    }
}
