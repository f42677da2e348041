package io.urbanflow.mobility.forecast;

import io.urbanflow.model.UrbanFlowException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rolling-origin backtest: origins every {@code test-days} days from {@code min-train-days} days after the first
 * slot; at each origin the historical average is fitted and one gradient-boosted model per horizon trained on the slots
 * before it only (its last {@code validation-days} held out for early stopping), then every forecaster predicts every
 * slot of the following {@code test-days} at every horizon, each forecast made from the values known at its own origin
 * slot {@code T - h}. Errors are summed per series over all origins ({@link ErrorTally}). Stateless.
 */
public final class Backtest {
    /** Feature rows predicted at once. */
    private static final int CHUNK_ROWS = 65_536;

    private Backtest() {
    }

    /**
     * @param progress receives one line per origin and horizon trained
     * @throws UrbanFlowException when the panel is shorter than {@code min-train-days} plus one day
     */
    public static BacktestReport run(SeriesPanel panel, ForecastConfig config, Consumer<String> progress) {
        int day = Horizons.SLOTS_PER_DAY;
        int firstOrigin = config.minTrainDays() * day;
        if (panel.slots() < firstOrigin + day) {
            throw new UrbanFlowException("Cannot backtest forecasts: the data covers " + String.format(java.util.Locale.ROOT, "%.1f", panel.slots() / (double) day)
                    + " days, fewer than " + config.minTrainDays() + " training days (" + ForecastConfig.MIN_TRAIN_DAYS + ") plus one test day");
        }
        long featureStarted = System.nanoTime();
        PanelStatistics statistics = new PanelStatistics(panel);
        Features features = new Features(statistics);
        double featureSeconds = (System.nanoTime() - featureStarted) / 1e9;
        long featureRows = 0;
        double trainSeconds = 0;
        List<Integer> origins = new ArrayList<>();
        for (int origin = firstOrigin; origin < panel.slots(); origin += config.testDays() * day) {
            origins.add(origin);
        }
        double[] naiveScale = naiveScale(panel, firstOrigin);
        Map<ForecastMethod, Map<Integer, ErrorTally>> tallies = new HashMap<>();
        for (ForecastMethod method : ForecastMethod.values()) {
            Map<Integer, ErrorTally> byHorizon = new HashMap<>();
            for (int horizon : Horizons.ALL) {
                byHorizon.put(horizon, new ErrorTally(method, horizon, panel.series()));
            }
            tallies.put(method, byHorizon);
        }
        Map<Integer, ForecastModel.HorizonModel> lastModels = new HashMap<>();
        List<Prediction> lastDay = new ArrayList<>();
        float[] buffer = new float[CHUNK_ROWS * Features.COUNT];
        float[] scales = new float[CHUNK_ROWS];
        int[] rowSeries = new int[CHUNK_ROWS];
        int[] rowTargets = new int[CHUNK_ROWS];
        int end = panel.slots();
        for (int index = 0; index < origins.size(); index++) {
            int origin = origins.get(index);
            int blockEnd = Math.min(end, origin + config.testDays() * day);
            boolean last = index == origins.size() - 1;
            Baselines baselines = new Baselines(panel, origin);
            for (int target = origin; target < blockEnd; target++) {
                for (int series = 0; series < panel.series(); series++) {
                    float actual = panel.value(series, target);
                    if (Float.isNaN(actual)) {
                        continue;
                    }
                    for (int horizon : Horizons.ALL) {
                        for (ForecastMethod method : ForecastMethod.values()) {
                            if (method.isBaseline()) {
                                tallies.get(method).get(horizon).add(series, actual, baselines.predict(method, series, target - horizon, horizon));
                            }
                        }
                    }
                }
            }
            for (int horizon : Horizons.ALL) {
                GradientBoosting.Trained trained = GradientBoosting.train(features, horizon, origin, config);
                trainSeconds += trained.trainSeconds();
                featureRows += trained.trainRows() + trained.validationRows();
                progress.accept(String.format(java.util.Locale.ROOT, "origin %s %-4s trained on %,d rows (%,d validation) in %.1f s, %d trees, validation WAPE %.1f%%",
                        java.time.Instant.ofEpochSecond(panel.slotMicros(origin) / 1_000_000L), Horizons.label(horizon), trained.trainRows(),
                        trained.validationRows(), trained.trainSeconds(), trained.rounds(), 100 * trained.validationWape()));
                ErrorTally tally = tallies.get(ForecastMethod.GBDT).get(horizon);
                int lastDayStart = blockEnd - day;
                int rows = 0;
                for (int target = origin; target < blockEnd; target++) {
                    for (int series = 0; series < panel.series(); series++) {
                        if (Float.isNaN(panel.value(series, target))) {
                            continue;
                        }
                        scales[rows] = features.fill(series, target - horizon, horizon, buffer, rows * Features.COUNT);
                        rowSeries[rows] = series;
                        rowTargets[rows] = target;
                        rows++;
                        if (rows == CHUNK_ROWS) {
                            featureRows += rows;
                            flush(trained, buffer, scales, rowSeries, rowTargets, rows, panel, tally, last ? lastDayStart : Integer.MAX_VALUE, lastDay);
                            rows = 0;
                        }
                    }
                }
                featureRows += rows;
                flush(trained, buffer, scales, rowSeries, rowTargets, rows, panel, tally, last ? lastDayStart : Integer.MAX_VALUE, lastDay);
                if (last) {
                    lastModels.put(horizon, ForecastModel.HorizonModel.of(trained));
                }
                trained.booster().dispose();
            }
        }
        List<Accuracy> accuracy = new ArrayList<>();
        for (int horizon : Horizons.ALL) {
            for (ForecastMethod method : ForecastMethod.values()) {
                accuracy.addAll(tallies.get(method).get(horizon).accuracy(naiveScale, config.minMean()));
            }
        }
        return new BacktestReport(panel, origins, end, accuracy, lastModels, lastDay, featureRows, featureSeconds, trainSeconds);
    }

    private static void flush(GradientBoosting.Trained trained, float[] buffer, float[] scales, int[] rowSeries, int[] rowTargets,
                              int rows, SeriesPanel panel, ErrorTally tally, int keepFrom, List<Prediction> kept) {
        float[] predicted = GradientBoosting.predict(trained.booster(), trained.rounds(), buffer, rows);
        for (int row = 0; row < rows; row++) {
            float scale = scales[row];
            float value = Math.max(0, predicted[row] * scale);
            float actual = panel.value(rowSeries[row], rowTargets[row]);
            tally.add(rowSeries[row], actual, value);
            if (rowTargets[row] >= keepFrom) {
                kept.add(new Prediction(rowSeries[row], rowTargets[row] - trained.horizon(), trained.horizon(), value,
                        Math.max(0, (predicted[row] + trained.lowerResidual()) * scale), Math.max(0, (predicted[row] + trained.upperResidual()) * scale), actual));
            }
        }
    }

    /** Per series, the mean absolute difference between each slot and the same slot a day earlier, over [day, trainEnd). */
    static double[] naiveScale(SeriesPanel panel, int trainEnd) {
        double[] scale = new double[panel.series()];
        int day = Horizons.SLOTS_PER_DAY;
        for (int series = 0; series < panel.series(); series++) {
            double sum = 0;
            long count = 0;
            for (int slot = day; slot < Math.min(trainEnd, panel.slots()); slot++) {
                float now = panel.value(series, slot);
                float before = panel.value(series, slot - day);
                if (!Float.isNaN(now) && !Float.isNaN(before)) {
                    sum += Math.abs(now - before);
                    count++;
                }
            }
            scale[series] = count == 0 ? Double.NaN : sum / count;
        }
        return scale;
    }
}
