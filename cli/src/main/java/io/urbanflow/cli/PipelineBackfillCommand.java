package io.urbanflow.cli;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.Backfill;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Schedule;
import io.urbanflow.orchestration.SchedulerConfig;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.history.BackfillRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code urbanflow pipeline backfill}: missed intervals, one at a time, resumable and cancellable. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Run the intervals of [--from, --to) one at a time, oldest first: in each, the selected models recompute"
                + " the interval (besides whatever changed) and their data tests run.",
                "Resumable: where it stands is recorded after every interval; the same command again (or --resume ID) goes on"
                + " from the first interval not done. Ctrl-C (or --cancel ID from elsewhere) stops it after the current interval."})
public final class PipelineBackfillCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "TIME", description = "Start, inclusive: 2014-02-01 (UTC midnight) or 2014-02-01T08:00:00Z.")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End, exclusive.")
    private String to;

    @Option(names = "--select", paramLabel = "SELECTION", defaultValue = "kind:model",
            description = "What each interval runs (default: ${DEFAULT-VALUE}, with the models' data tests).")
    private String select;

    @Option(names = "--every", paramLabel = "DURATION|CRON", description = "How intervals are cut: a duration (1h, 1d) or a cron"
            + " expression (default: the hourly schedule's cron, every hour).")
    private String every;

    @Option(names = "--resume", paramLabel = "ID", description = "Resume this backfill.")
    private String resume;

    @Option(names = "--cancel", paramLabel = "ID", description = "Ask this backfill to stop after its current interval.")
    private String cancel;

    @Option(names = "--config", paramLabel = "FILE", description = "The scheduler's config file (default: DATA/scheduler.properties).")
    private Path config;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = SchedulerCommand.settings(lakeOptions, dataDir, config, Map.of());
        SchedulerConfig schedulerConfig = SchedulerConfig.from(settings);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        OrchestrationConfig orchestrationConfig = OrchestrationConfig.from(settings);
        var dag = Orchestration.dag(UrbanFlowCommand.domains().all(), settings, dataDir);
        if (cancel == null && resume == null && (from == null || to == null)) {
            throw new UrbanFlowException("Cannot backfill: give --from and --to (or --resume ID, --cancel ID)");
        }
        Selection selection = Selection.parse(select);
        dag.select(selection, Selection.Tests.ATTACHED);
        String cut = every != null ? every : schedulerConfig.schedules().stream().filter(schedule -> schedule.name().equals("hourly"))
                .map(Schedule::cron).findFirst().orElse("1h");
        try (Orchestration orchestration = Orchestration.open(lakeOptions.config(settings, dataDir), settings, dag, orchestrationConfig, clock)) {
            if (cancel != null) {
                out.println("backfill " + cancel + ": " + Backfill.cancel(orchestration.history, cancel, clock));
                out.flush();
                return 0;
            }
            BackfillRecord backfill;
            if (resume != null) {
                backfill = orchestration.history.backfill(resume).orElseThrow(() -> new UrbanFlowException("Cannot resume backfill "
                        + resume + ": no such backfill"));
            } else {
                Instant start = time("--from", from);
                Instant end = time("--to", to);
                backfill = Backfill.unfinished(orchestration.history, selection, start, end, cut).orElse(null);
                if (backfill == null) {
                    backfill = Backfill.create(orchestration.history, selection, start, end, cut, ZoneOffset.UTC, clock);
                    out.println("backfill " + backfill.backfillId() + ": " + Backfill.intervals(start, end, cut, ZoneOffset.UTC).size()
                            + " intervals of " + selection + " from " + start + " to " + end + " (every " + cut + ")");
                } else {
                    out.println("backfill " + backfill.backfillId() + ": resuming at " + backfill.nextStart());
                }
            }
            out.flush();
            AtomicBoolean cancelled = new AtomicBoolean();
            BackfillRecord running = backfill;
            Backfill.Outcome outcome;
            try (StopSignals signals = StopSignals.install(() -> cancelled.set(true), () -> {
                orchestration.runner.stop();
                cancelled.set(true);
            })) {
                outcome = Backfill.run(orchestration.runner, orchestration.history, running, ZoneOffset.UTC, clock, cancelled::get,
                        line -> {
                            out.println(line);
                            out.flush();
                        });
            }
            out.println("backfill " + backfill.backfillId() + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                    + (outcome == Backfill.Outcome.BUSY ? ": another process runs it" : ""));
            out.flush();
            return outcome == Backfill.Outcome.DONE ? 0 : UrbanFlowCommand.EXIT_FAILURE;
        }
    }

    static Instant time(String option, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UrbanFlowException("Cannot read " + option + " " + text + ": expected 2014-02-01 or 2014-02-01T08:00:00Z");
        }
    }
}
