package io.urbanflow.cli;

import io.urbanflow.model.Durations;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.RunReport;
import io.urbanflow.orchestration.RunRequest;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.TaskReport;
import io.urbanflow.orchestration.TaskState;
import io.urbanflow.pipeline.BuildMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code urbanflow pipeline run}: a selection of the DAG now, in dependency order, independent branches in parallel. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a selection of the DAG now: every task after the tasks it depends on, independent branches in parallel,"
                + " the selected models' data tests after them; failing tasks are retried (pipeline.retries) and what depends on"
                + " a task that failed for good is marked upstream_failed.",
                "Prints one line per task, then the run's id and state; the run is recorded (urbanflow runs RUN_ID)."})
public final class PipelineRunCommand implements Callable<Integer> {
    @Option(names = "--select", paramLabel = "SELECTION", description = "NAME, +NAME (with what it depends on), NAME+ (with what"
            + " depends on it), kind:KIND (load, model, test, maintenance), globs (mart.*); several separated by spaces or commas."
            + " Default: every task.")
    private String select;

    @Option(names = "--full-refresh", description = "Rebuild the selected models from all their input instead of only what changed.")
    private boolean fullRefresh;

    @Option(names = "--max-parallel", paramLabel = "N", description = "Tasks at once (default: pipeline.max-parallel, 2).")
    private Integer maxParallel;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, OrchestrationConfig.MAX_PARALLEL, maxParallel);
        Settings settings = lakeOptions.settings(dataDir, flags);
        OrchestrationConfig config = OrchestrationConfig.from(settings);
        Selection selection = Selection.parse(select);
        var dag = Orchestration.dag(UrbanFlowCommand.domains().all(), settings, dataDir);
        dag.select(selection, Selection.Tests.ATTACHED); // an unknown name fails before anything opens
        PrintWriter out = spec.commandLine().getOut();
        try (Orchestration orchestration = Orchestration.open(lakeOptions.config(settings, dataDir), settings, dag, config, Clock.systemUTC());
             StopSignals signals = StopSignals.install(orchestration.runner::stop, () -> Runtime.getRuntime().halt(DemoCommand.EXIT_INTERRUPTED))) {
            RunReport report = orchestration.runner.run(RunRequest.manual(selection).withMode(fullRefresh ? BuildMode.FULL : BuildMode.INCREMENTAL));
            print(report, out, spec.commandLine().getErr());
            return report.failed() ? UrbanFlowCommand.EXIT_FAILURE : 0;
        }
    }

    /** A line per task, then {@code run RUN_ID success|failed in 1.2 s: 5 success, 1 upstream_failed}. */
    static void print(RunReport report, PrintWriter out, PrintWriter err) {
        int width = 10;
        for (TaskReport task : report.tasks()) {
            width = Math.max(width, task.task().length());
        }
        for (TaskReport task : report.tasks()) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %-15s %-8s %s", task.task(), task.state().label(),
                    seconds(task.elapsed()), oneLine(task.summary())).stripTrailing());
            if (task.state() == TaskState.FAILED) {
                err.println("urbanflow: " + task.task() + ": " + oneLine(task.error().orElse("failed")));
            }
        }
        StringBuilder counts = new StringBuilder();
        for (TaskState state : TaskState.values()) {
            long count = report.tasks().stream().filter(task -> task.state() == state).count();
            if (count > 0) {
                counts.append(counts.length() == 0 ? "" : ", ").append(count).append(' ').append(state.label());
            }
        }
        out.println("run " + report.runId().orElse("-") + " " + report.state().label() + " in "
                + Durations.text(Duration.between(report.started(), report.finished())) + ": " + counts);
        out.flush();
        err.flush();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f s", duration.toNanos() / 1e9);
    }

    private static String oneLine(String text) {
        String line = text.replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }

    static List<String> names(List<TaskReport> tasks) {
        return tasks.stream().map(TaskReport::task).toList();
    }
}
