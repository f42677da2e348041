package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.City;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code urbanflow bench forecast}: features, training, prediction and a backtest on a synthetic panel of
 * {@link SyntheticCellCounts} (by default 4 weeks x 1,000 cells x 144 slots, about 4 million values). Prints figures
 * as it goes; the last line is {@code feature_rows_per_s=... train_s=... predict_cells_per_s=...}.
 *
 * <ul>
 *   <li>feature rows per second: every (cell, slot) row of the panel at horizon 1, statistics included;</li>
 *   <li>training seconds: the four horizons' models on all slots ({@code urbanflow forecast train});</li>
 *   <li>prediction: every cell's next hour (10, 30 and 60 minutes) from the last slot, statistics, features and the
 *       three models included, as {@code urbanflow forecast predict} does after reading the mart.</li>
 * </ul>
 */
public final class ForecastBenchmark {
    /** What to measure. */
    public record Options(int cells, int days, long seed, boolean backtest, ForecastConfig config) {
        public Options {
            if (cells < 10 || days < 15) {
                throw new IllegalArgumentException("Cannot benchmark forecasts: need at least 10 cells and 15 days, got " + cells + " and " + days);
            }
        }

        public static Options defaults() {
            return new Options(1_000, 28, 7, true, ForecastConfig.defaults());
        }
    }

    /** The measured figures. */
    public record Result(long values, double featureRowsPerSecond, double trainSeconds, double predictSeconds, int cells,
                         BacktestReport backtest) {
        public double predictCellsPerSecond() {
            return cells / predictSeconds;
        }

        public String keyValues() {
            return String.format(Locale.ROOT, "feature_rows_per_s=%.0f train_s=%.1f predict_cells_per_s=%.0f", featureRowsPerSecond,
                    trainSeconds, predictCellsPerSecond());
        }
    }

    private ForecastBenchmark() {
    }

    public static Result run(Options options, Clock clock, Consumer<String> out) {
        long started = System.nanoTime();
        SeriesPanel panel = SyntheticCellCounts.generate(City.ROME, LocalDate.of(2014, 4, 7), options.days(), options.cells(), options.seed());
        long values = (long) panel.series() * panel.slots();
        out.accept(String.format(Locale.ROOT, "panel: %,d cells x %,d slots = %,d values (synthetic, %d days from 2014-04-07, Rome calendar), drawn in %.1f s",
                panel.series(), panel.slots(), values, options.days(), seconds(started)));

        long featureStarted = System.nanoTime();
        Features features = new Features(new PanelStatistics(panel));
        float[] row = new float[Features.COUNT * 1024];
        long rows = 0;
        double checksum = 0;
        for (int series = 0; series < panel.series(); series++) {
            for (int t = 0; t < panel.slots() - 1; t++) {
                features.fill(series, t, 1, row, (int) (rows % 1024) * Features.COUNT);
                rows++;
            }
            checksum += row[0];
        }
        double featureSeconds = seconds(featureStarted);
        double featureRate = rows / featureSeconds;
        out.accept(String.format(Locale.ROOT, "features: %,d rows x %d features in %.2f s, %,.0f rows/s (checksum %.1f)", rows, Features.COUNT,
                featureSeconds, featureRate, checksum));

        long trainStarted = System.nanoTime();
        ForecastModel model = Forecasting.train(panel, options.config(), clock, line -> out.accept("train " + line));
        double trainSeconds = seconds(trainStarted);
        out.accept(String.format(Locale.ROOT, "train: 4 horizons in %.1f s on %d threads", trainSeconds, options.config().effectiveThreads()));

        double predictSeconds = Double.MAX_VALUE;
        int origin = panel.slots() - 1;
        for (int run = 0; run < 3; run++) {
            long predictStarted = System.nanoTime();
            List<Prediction> predictions = Forecasting.predict(model, panel, origin, Horizons.NEXT_HOUR);
            double elapsed = seconds(predictStarted);
            predictSeconds = Math.min(predictSeconds, elapsed);
            out.accept(String.format(Locale.ROOT, "predict: next hour of %,d cells (%,d forecasts) in %.3f s", panel.series(), predictions.size(), elapsed));
        }

        BacktestReport report = null;
        if (options.backtest()) {
            long backtestStarted = System.nanoTime();
            report = Backtest.run(panel, options.config(), line -> out.accept("backtest " + line));
            out.accept(String.format(Locale.ROOT, "backtest: %d origins in %.1f s", report.origins().size(), seconds(backtestStarted)));
            report.table().forEach(out);
            out.accept(report.keyValues());
        }
        return new Result(values, featureRate, trainSeconds, predictSeconds, panel.series(), report);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
