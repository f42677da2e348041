package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.forecast.BacktestReport;
import io.urbanflow.mobility.forecast.ForecastConfig;
import io.urbanflow.mobility.forecast.ForecastModel;
import io.urbanflow.mobility.forecast.ForecastPredictionModel;
import io.urbanflow.mobility.forecast.ForecastStore;
import io.urbanflow.mobility.forecast.ForecastTrainingModel;
import io.urbanflow.mobility.forecast.Backtest;
import io.urbanflow.mobility.forecast.Horizons;
import io.urbanflow.mobility.forecast.PanelReader;
import io.urbanflow.mobility.forecast.Prediction;
import io.urbanflow.mobility.forecast.SeriesPanel;
import io.urbanflow.mobility.forecast.Accuracy;
import io.urbanflow.mobility.forecast.ForecastMethod;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow forecast backtest|train|predict}: traffic forecasts per H3 cell, zone or city from
 * {@code mart.cell_traffic_10min}, 10, 30 and 60 minutes and a day ahead.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {
            "Forecast traffic per H3 cell, zone or city from mart.cell_traffic_10min (run urbanflow aggregate first):"
                + " 10, 30 and 60 minutes and a day ahead.",
            "  backtest  rolling-origin backtest of the baselines and the gradient-boosted model; accuracy to mart.forecast_accuracy",
            "  train     train the gradient-boosted model on all data; stored in mart.forecast_models",
            "  predict   forecast from the latest slot with the newest model; to mart.forecast_10min",
        },
        subcommands = {ForecastCommand.BacktestCommand.class, ForecastCommand.TrainCommand.class, ForecastCommand.PredictCommand.class})
public final class ForecastCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every forecast subcommand accepts: flags over the {@code forecast.*} settings. */
    static final class Options {
        @Option(names = "--target", paramLabel = "TARGET", description = "points, vehicles or speed (default: forecast.target, points).")
        String target;

        @Option(names = "--level", paramLabel = "LEVEL", description = "cell, zone or city (default: forecast.level, cell).")
        String level;

        @Option(names = "--zone-set", paramLabel = "NAME", description = "Zone set of --level zone (default: the first loaded).")
        String zoneSet;

        @Option(names = "--max-series", paramLabel = "N", description = "At most this many cells, the busiest (default: forecast.max-series, 2000).")
        Integer maxSeries;

        @Option(names = "--threads", paramLabel = "N", description = "Training threads, 0 = one per processor (default: forecast.threads, 0).")
        Integer threads;

        @Option(names = "--max-train-rows", paramLabel = "N", description = "Training rows sampled per horizon (default: forecast.max-train-rows, 300000).")
        Integer maxTrainRows;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the row sample and the trees (default: forecast.seed, 7).")
        Long seed;

        @Mixin
        LakeOptions lakeOptions;

        Map<String, String> flags() {
            Map<String, String> flags = new HashMap<>();
            GivenFlags.putIfGiven(flags, ForecastConfig.TARGET, target);
            GivenFlags.putIfGiven(flags, ForecastConfig.LEVEL, level);
            GivenFlags.putIfGiven(flags, ForecastConfig.ZONE_SET, zoneSet);
            GivenFlags.putIfGiven(flags, ForecastConfig.MAX_SERIES, maxSeries);
            GivenFlags.putIfGiven(flags, ForecastConfig.THREADS, threads);
            GivenFlags.putIfGiven(flags, ForecastConfig.MAX_TRAIN_ROWS, maxTrainRows);
            GivenFlags.putIfGiven(flags, ForecastConfig.SEED, seed);
            return flags;
        }
    }

    /** Opens the lake and hands a model context to {@code work}. */
    interface Work {
        int run(ModelContext context, ForecastConfig config) throws Exception;
    }

    static int withContext(CommandLine.Model.CommandSpec spec, Options options, Map<String, String> extraFlags, Work work) throws Exception {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Map<String, String> flags = new HashMap<>(options.flags());
        flags.putAll(extraFlags);
        Settings settings = options.lakeOptions.settings(dataDir, flags);
        ForecastConfig config = ForecastConfig.from(settings); // a wrong flag fails here, before the lake opens
        try (Lake lake = UrbanFlowCommand.openLake(options.lakeOptions.config(settings, dataDir));
             DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            return work.run(ModelContext.of(lake, duckdb, settings, Clock.systemUTC()), config);
        }
    }

    static void describe(PrintWriter out, SeriesPanel panel) {
        out.printf(Locale.ROOT, "%s per %s: %,d series x %,d slots (%.1f days) from %s, calendar in %s%s%n", panel.target().key(), panel.level().key(),
                panel.series(), panel.slots(), panel.slots() / (double) Horizons.SLOTS_PER_DAY,
                Instant.ofEpochSecond(panel.startMicros() / 1_000_000L), panel.zone().getId(),
                panel.city().map(city -> " with " + city.key() + "'s public holidays").orElse(""));
        out.flush();
    }

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = {
                "Rolling-origin backtest: at origins every --test-days from --min-train-days on, fit the baselines and train the"
                    + " gradient-boosted model on the days before the origin only, then forecast every slot of the following days"
                    + " 1, 3, 6 and 144 steps ahead.",
                "Prints MAE, RMSE, WAPE and MASE per model and horizon, total and median over series; writes them to"
                    + " mart.forecast_accuracy, the last origin's model to mart.forecast_models and its forecasts of the last test"
                    + " day to mart.forecast_10min (kind backtest).",
                "The last line is wape_gbdt_h1=... wape_seasonal_naive_h1=... wape_historical_average_h1=... (and h6), totals as fractions;"
                    + " seasonal naive is the better of one day and one week back.",
            })
    static final class BacktestCommand implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--test-days", paramLabel = "N", description = "Days each origin forecasts (default: forecast.test-days, 7).")
        Integer testDays;

        @Option(names = "--min-train-days", paramLabel = "N", description = "Days before the first origin (default: forecast.min-train-days, 14).")
        Integer minTrainDays;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> extra = new HashMap<>();
            GivenFlags.putIfGiven(extra, ForecastConfig.TEST_DAYS, testDays);
            GivenFlags.putIfGiven(extra, ForecastConfig.MIN_TRAIN_DAYS, minTrainDays);
            PrintWriter out = spec.commandLine().getOut();
            return withContext(spec, options, extra, (context, config) -> {
                PanelReader.Read read = PanelReader.read(context, config);
                describe(out, read.panel());
                long started = System.nanoTime();
                BacktestReport report = Backtest.run(read.panel(), config, line -> {
                    out.println(line);
                    out.flush();
                });
                Instant now = context.clock().instant();
                ForecastModel model = report.lastModel(config, now);
                Map<Integer, Double> backtestWape = new HashMap<>();
                for (int horizon : Horizons.ALL) {
                    backtestWape.put(horizon, report.wape(ForecastMethod.GBDT, horizon, Accuracy.Scope.TOTAL));
                }
                String runId = UUID.randomUUID().toString();
                ForecastStore.appendModel(context, model, read.snapshotId(), backtestWape);
                ForecastStore.appendAccuracy(context, report, runId, model.id(), now);
                ForecastStore.appendPredictions(context, read.panel(), report.predictions(), "backtest", model.id(), now);
                out.printf(Locale.ROOT, "backtest of %d origins (%s .. %s) in %.1f s; run %s, model %s%n", report.origins().size(), report.testFrom(),
                        report.testTo(), (System.nanoTime() - started) / 1e9, runId, model.id());
                report.table().forEach(out::println);
                out.println(report.keyValues());
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {
                "Train the gradient-boosted model (one per horizon: 1, 3, 6, 144 steps) on all of mart.cell_traffic_10min and"
                    + " store it in mart.forecast_models with its training range, features and validation WAPE.",
                "Does nothing while the newest model was trained on the mart's current snapshot, unless --full.",
            })
    static final class TrainCommand implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--full", description = "Train even when the mart has not changed since the newest model.")
        boolean full;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return withContext(spec, options, Map.of(), (context, config) -> {
                PipelineRun run = new PipelineRunner(context, List.of(new ForecastTrainingModel(line -> {
                    out.println(line);
                    out.flush();
                }))).run(full ? BuildMode.FULL : BuildMode.INCREMENTAL);
                return report(spec, run, out);
            });
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = {
                "Forecast every series from the last slot of mart.cell_traffic_10min with the newest model of the target and level:"
                    + " 10, 30 and 60 minutes and a day ahead, with prediction intervals; appended to mart.forecast_10min.",
            })
    static final class PredictCommand implements Callable<Integer> {
        @Mixin
        Options options;

        @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "Series listed per horizon (default: ${DEFAULT-VALUE}).")
        int top;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<Prediction> made = new ArrayList<>();
            return withContext(spec, options, Map.of(), (context, config) -> {
                PipelineRun run = new PipelineRunner(context, List.of(new ForecastPredictionModel(made::addAll))).run(BuildMode.INCREMENTAL);
                if (!run.failed()) {
                    SeriesPanel panel = PanelReader.read(context, config).panel();
                    for (int horizon : Horizons.ALL) {
                        List<Prediction> atHorizon = made.stream().filter(p -> p.horizon() == horizon)
                                .sorted(Comparator.comparingDouble(Prediction::predicted).reversed()).toList();
                        double total = atHorizon.stream().mapToDouble(Prediction::predicted).sum();
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-4s %s: total %.0f;", Horizons.label(horizon),
                                Instant.ofEpochSecond(panel.slotMicros(panel.slots() - 1 + horizon) / 1_000_000L), total));
                        for (Prediction prediction : atHorizon.subList(0, Math.min(top, atHorizon.size()))) {
                            line.append(String.format(Locale.ROOT, " %s %.1f [%.1f, %.1f]", panel.keys().get(prediction.series()),
                                    prediction.predicted(), prediction.lower(), prediction.upper()));
                        }
                        out.println(line);
                    }
                }
                return report(spec, run, out);
            });
        }
    }

    private static int report(CommandLine.Model.CommandSpec spec, PipelineRun run, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        for (ModelResult result : run.results()) {
            out.println(AggregateCommand.line(result));
            if (result.failed()) {
                err.println("urbanflow: " + result.model() + ": " + result.error().orElse(""));
            }
        }
        out.flush();
        err.flush();
        return run.failed() ? UrbanFlowCommand.EXIT_FAILURE : 0;
    }
}
