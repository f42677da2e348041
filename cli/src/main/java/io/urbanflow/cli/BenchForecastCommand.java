package io.urbanflow.cli;

import io.urbanflow.mobility.forecast.ForecastBenchmark;
import io.urbanflow.mobility.forecast.ForecastConfig;
import io.urbanflow.model.Settings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow bench forecast}: features, training, prediction and a backtest on synthetic cell counts; the last
 * line is {@code feature_rows_per_s=... train_s=... predict_cells_per_s=...}.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = {
            "Time forecast features, training (4 horizons), every cell's next-hour prediction and a rolling-origin backtest on"
                + " synthetic counts drawn per H3 cell with the synthetic fleet's calendar (weekdays, weekends, holidays, rain, events).",
            "Default: 4 weeks x 1,000 cells x 144 slots a day (about 4 million values). Last line: feature_rows_per_s=... train_s=... predict_cells_per_s=...",
        })
public final class BenchForecastCommand implements Callable<Integer> {
    @Option(names = "--cells", paramLabel = "N", defaultValue = "1000", description = "H3 cells (default: ${DEFAULT-VALUE}).")
    private int cells;

    @Option(names = "--days", paramLabel = "N", defaultValue = "28", description = "Days (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Training threads, 0 = one per processor (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--max-train-rows", paramLabel = "N", description = "Training rows sampled per horizon (default: forecast.max-train-rows).")
    private Integer maxTrainRows;

    @Option(names = "--no-backtest", description = "Leave out the backtest.")
    private boolean noBacktest;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> flags = new HashMap<>();
        flags.put(ForecastConfig.THREADS, Integer.toString(threads));
        GivenFlags.putIfGiven(flags, ForecastConfig.MAX_TRAIN_ROWS, maxTrainRows);
        ForecastConfig config = ForecastConfig.defaults().with(Settings.of(flags));
        ForecastBenchmark.Result result = ForecastBenchmark.run(new ForecastBenchmark.Options(cells, days, 7, !noBacktest, config), Clock.systemUTC(), line -> {
            out.println(line);
            out.flush();
        });
        out.println(result.keyValues());
        out.flush();
        return 0;
    }
}
