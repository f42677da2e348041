package io.urbanflow.cli;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.domain.Domains;
import io.urbanflow.model.Settings;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.orchestration.Dag;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Pipelines;
import io.urbanflow.orchestration.RunRequest;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.Trigger;
import io.urbanflow.pipeline.PipelineScheduler;
import io.urbanflow.pipeline.RunMode;
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

/**
 * {@code urbanflow aggregate}: runs the SQL models stage.gps_points, mart.traffic_10min and mart.cell_traffic_10min,
 * incrementally by default, once or every {@code --every} until Ctrl-C, and prints one line per model. Each run is the
 * selection {@code kind:model} of the DAG (independent models in parallel), recorded in the run history.
 */
@Command(name = "aggregate", mixinStandardHelpOptions = true,
        description = {
            "Build stage.gps_points (clean points with speed, heading, H3 cell) and the 10-minute marts mart.traffic_10min"
                + " and mart.cell_traffic_10min from raw.gps_points.",
            "Incremental by default: only the days and intervals that received points since the last run are recomputed.",
        })
public final class AggregateCommand implements Callable<Integer> {
    @Option(names = "--full", description = "Rebuild every table from raw.gps_points instead of only what changed.")
    private boolean full;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone the 10-minute intervals are aligned in (default: aggregate.zone, Europe/Rome).")
    private String zone;

    @Option(names = "--resolution", paramLabel = "R", description = "H3 resolution of the stage cells, 0-15 (default: stage.h3-resolution, 8).")
    private Integer resolution;

    @Option(names = "--max-speed-kmh", paramLabel = "KMH",
            description = "Points implying a higher speed are outliers (default: stage.max-speed-kmh, 200).")
    private Double maxSpeedKmh;

    @Option(names = "--domain", paramLabel = "NAME", description = "Only this domain's models (mobility, clickstream, ...; default: all).")
    private String domain;

    @Option(names = "--every", paramLabel = "DURATION",
            description = "Run again every DURATION (e.g. 10s, 1m) until Ctrl-C; without it, run once.")
    private String every;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, flags());
        MobilityConfig.from(settings); // the keys the flags above set: a wrong value fails here, before anything runs
        List<Model> models = Domains.models(UrbanFlowCommand.domains().select(domain));
        Duration period = every == null ? null : Settings.parseDuration("--every", every);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        // the models (not their data tests: urbanflow pipeline run runs those) as a selection of the DAG, recorded in the history
        Dag dag = Dag.of(Pipelines.modelTasks(models));
        try (Orchestration orchestration = Orchestration.open(lakeOptions.config(settings, dataDir), settings, dag,
                OrchestrationConfig.from(settings), clock)) {
            java.util.function.Function<BuildMode, PipelineRun> runner = mode -> orchestration.runner.run(
                    new RunRequest(Selection.parse("kind:model"), Selection.Tests.NAMED_ONLY, Trigger.MANUAL, null, mode, java.util.Optional.empty()))
                    .pipelineRun();
            if (period == null) {
                return print(runner.apply(full ? BuildMode.FULL : BuildMode.INCREMENTAL), out, false) ? 0 : UrbanFlowCommand.EXIT_FAILURE;
            }
            Thread worker = Thread.currentThread();
            Thread stopper = new Thread(() -> {
                worker.interrupt();
                try {
                    worker.join(30_000); // let a commit in flight finish
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "urbanflow-aggregate-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            out.println("Aggregating every " + every + " (Ctrl-C to stop)");
            out.flush();
            boolean[] lastOk = {true};
            new PipelineScheduler(period, clock, PipelineScheduler.threadSleeper(clock)).run(iteration -> {
                // the first run honours --full; later runs only catch up
                PipelineRun run = runner.apply(full && iteration == 1 ? BuildMode.FULL : BuildMode.INCREMENTAL);
                lastOk[0] = print(run, out, true);
                return true;
            });
            return lastOk[0] ? 0 : UrbanFlowCommand.EXIT_FAILURE;
        }
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, MobilityConfig.ZONE, zone);
        GivenFlags.putIfGiven(flags, MobilityConfig.H3_RESOLUTION, resolution);
        GivenFlags.putIfGiven(flags, MobilityConfig.MAX_SPEED_KMH, maxSpeedKmh);
        return flags;
    }

    /** Prints one line per model; in a schedule, a run with nothing to do prints one short line. Returns false on failure. */
    private boolean print(PipelineRun run, PrintWriter out, boolean scheduled) {
        PrintWriter err = spec.commandLine().getErr();
        if (scheduled && !run.didSomething()) {
            out.println(run.started().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " up to date");
            out.flush();
            return true;
        }
        if (scheduled) {
            out.println(run.started().truncatedTo(java.time.temporal.ChronoUnit.MILLIS) + " run " + run.runId());
        }
        for (ModelResult result : run.results()) {
            out.println(line(result));
            if (result.failed()) {
                err.println("urbanflow: " + result.model() + ": " + result.error().orElse(""));
            }
        }
        out.flush();
        err.flush();
        return !run.failed();
    }

    /** {@code stage.gps_points        incremental  rows=12345  input=12345  days=1 (2014-02-01..2014-02-01)  0.84 s}. */
    static String line(ModelResult result) {
        String mode = result.failed() ? "failed" : result.mode().label();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s %-12s", result.model(), mode));
        if (!result.failed() && result.mode() != RunMode.UP_TO_DATE) {
            line.append(String.format(Locale.ROOT, " rows=%-9d input=%-9d %s", result.rowsWritten(), result.inputRows(), recomputed(result)));
        }
        line.append(String.format(Locale.ROOT, " %.2f s", result.elapsed().toNanos() / 1e9));
        return line.toString();
    }

    private static String recomputed(ModelResult result) {
        List<TimeWindow> windows = result.recomputed();
        if (windows.isEmpty()) {
            return "recomputed=none";
        }
        boolean days = result.model().equals(MobilityTables.STAGE_GPS_POINTS) || result.mode() == RunMode.FULL;
        Duration unit = days ? Duration.ofDays(1) : Duration.ofMinutes(10);
        long count = 0;
        for (TimeWindow window : windows) {
            count += window.length().toNanos() / unit.toNanos();
        }
        return (days ? "days=" : "intervals=") + count + " (" + windows.get(0).start() + ".." + windows.get(windows.size() - 1).end() + ")";
    }
}
