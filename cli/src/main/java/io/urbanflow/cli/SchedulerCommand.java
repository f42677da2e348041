package io.urbanflow.cli;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Scheduler;
import io.urbanflow.orchestration.SchedulerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow scheduler}: the foreground daemon running the DAG on cron schedules and on new data, until Ctrl-C or
 * SIGTERM (running tasks finish and commit; queued ones are skipped; a run left behind is taken over by the next start).
 */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Run the pipeline on its schedules until Ctrl-C: cron schedules from the config file (default: every hour"
                + " loads, models and their data tests; every day at 03:30 UTC maintenance) and data triggers (a model runs when"
                + " its inputs have new snapshots, at most every scheduler.data-trigger.min-interval).",
                "Several schedulers may share one catalog: each firing starts once, a task runs under a lease, and the runs of a"
                + " scheduler that died are taken over (its running attempts failed, then retried). Also starts retries and"
                + " backfills queued on the dashboard's Runs page.",
                "Prints a line per run started and finished."})
public final class SchedulerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "The scheduler's config file: scheduler.* keys (default:"
            + " DATA/scheduler.properties when it exists; the keys may also be in urbanflow.properties).")
    private Path config;

    @Option(names = "--run-for", paramLabel = "DURATION", hidden = true, description = "Stop after this long (for tests).")
    private String runFor;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** urbanflow.properties, the environment and {@code flags}, with the scheduler's config file's keys over them. */
    static Settings settings(LakeOptions lakeOptions, Path dataDir, Path configFile, Map<String, String> flags) {
        Settings base = lakeOptions.settings(dataDir, flags);
        Path file = configFile != null ? configFile : dataDir.resolve("scheduler.properties");
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new UrbanFlowException("Cannot read scheduler config " + configFile + ": no such file");
        }
        Map<String, String> merged = new HashMap<>(base.asMap());
        merged.putAll(Settings.load(file, Map.of(), Map.of()).asMap());
        return Settings.of(merged);
    }

    @Override
    public Integer call() throws Exception {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = settings(lakeOptions, dataDir, config, Map.of());
        SchedulerConfig schedulerConfig = SchedulerConfig.from(settings);
        OrchestrationConfig orchestrationConfig = OrchestrationConfig.from(settings);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        var dag = Orchestration.dag(UrbanFlowCommand.domains().all(), settings, dataDir);
        for (var schedule : schedulerConfig.schedules()) {
            dag.select(schedule.selection(), io.urbanflow.orchestration.Selection.Tests.ATTACHED); // unknown names fail now
        }
        try (Orchestration orchestration = Orchestration.open(lakeOptions.config(settings, dataDir), settings, dag, orchestrationConfig, clock)) {
            Scheduler scheduler = new Scheduler(orchestration.runner, orchestration.history, schedulerConfig, clock, line -> {
                out.println(line);
                out.flush();
            });
            out.println("Scheduler " + orchestration.runner.holder() + " on " + lakeOptions.config(settings, dataDir).catalogUrl()
                    + " (Ctrl-C to stop)");
            schedulerConfig.describe().forEach(out::println);
            out.flush();
            Thread timer = null;
            if (runFor != null) {
                long millis = Settings.parseDuration("--run-for", runFor).toMillis();
                timer = new Thread(() -> {
                    try {
                        Thread.sleep(millis);
                        scheduler.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "urbanflow-scheduler-run-for");
                timer.setDaemon(true);
                timer.start();
            }
            try (StopSignals signals = StopSignals.install(scheduler::stop, () -> Runtime.getRuntime().halt(DemoCommand.EXIT_INTERRUPTED))) {
                scheduler.run();
            }
            out.println("Scheduler stopped: " + scheduler.runsStarted() + " runs started");
            out.flush();
            return 0;
        }
    }
}
