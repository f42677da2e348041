package io.urbanflow.mobility.forecast;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Trains the gradient-boosted forecaster on everything a panel holds, and forecasts from any origin with a trained
 * model. Stateless.
 */
public final class Forecasting {
    private Forecasting() {
    }

    /**
     * Trains one model per horizon of {@link Horizons#ALL} on all slots of the panel (the last
     * {@code validation-days} held out for early stopping and the intervals).
     *
     * @throws io.urbanflow.model.UrbanFlowException when the panel is too short or XGBoost fails
     */
    public static ForecastModel train(SeriesPanel panel, ForecastConfig config, Clock clock, Consumer<String> progress) {
        Features features = new Features(new PanelStatistics(panel));
        Map<Integer, ForecastModel.HorizonModel> horizons = new HashMap<>();
        int firstTarget = Integer.MAX_VALUE;
        for (int horizon : Horizons.ALL) {
            GradientBoosting.Trained trained = GradientBoosting.train(features, horizon, panel.slots(), config);
            firstTarget = Math.min(firstTarget, trained.firstTargetSlot());
            progress.accept(String.format(java.util.Locale.ROOT, "%-4s trained on %,d rows (%,d validation) in %.1f s, %d trees, validation WAPE %.1f%%",
                    Horizons.label(horizon), trained.trainRows(), trained.validationRows(), trained.trainSeconds(), trained.rounds(),
                    100 * trained.validationWape()));
            horizons.put(horizon, ForecastModel.HorizonModel.of(trained));
            trained.booster().dispose();
        }
        return model(panel, config, clock.instant(), firstTarget, panel.slots(), horizons);
    }

    static ForecastModel model(SeriesPanel panel, ForecastConfig config, Instant trainedAt, int firstTarget, int end,
                               Map<Integer, ForecastModel.HorizonModel> horizons) {
        String parameters = GradientBoosting.parameters(config).entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" "));
        return new ForecastModel("gbdt-" + UUID.randomUUID().toString().substring(0, 13), panel.target(), panel.level(), trainedAt,
                instant(panel, firstTarget), instant(panel, end), Features.NAMES, parameters, horizons);
    }

    private static Instant instant(SeriesPanel panel, int slot) {
        return Instant.ofEpochSecond(panel.slotMicros(slot) / 1_000_000L);
    }

    /**
     * Forecasts every series of the panel from origin slot {@code origin} (its value known) at the given horizons,
     * with the model's prediction intervals; actuals where the panel holds the target slot.
     */
    public static List<Prediction> predict(ForecastModel model, SeriesPanel panel, int origin, List<Integer> horizons) {
        Features features = new Features(new PanelStatistics(panel));
        return predict(model, features, origin, horizons);
    }

    static List<Prediction> predict(ForecastModel model, Features features, int origin, List<Integer> horizons) {
        SeriesPanel panel = features.statistics().panel();
        List<Prediction> predictions = new ArrayList<>(panel.series() * horizons.size());
        float[] rows = new float[panel.series() * Features.COUNT];
        float[] scales = new float[panel.series()];
        for (int horizon : horizons) {
            ForecastModel.HorizonModel horizonModel = model.horizons().get(horizon);
            if (horizonModel == null) {
                throw new IllegalArgumentException("Cannot forecast " + Horizons.label(horizon) + " with model " + model.id() + ": not trained for it");
            }
            for (int series = 0; series < panel.series(); series++) {
                scales[series] = features.fill(series, origin, horizon, rows, series * Features.COUNT);
            }
            Booster booster = horizonModel.booster();
            float[] predicted;
            try {
                predicted = GradientBoosting.predict(booster, horizonModel.rounds(), rows, panel.series());
            } finally {
                booster.dispose();
            }
            for (int series = 0; series < panel.series(); series++) {
                float scale = scales[series];
                int target = origin + horizon;
                float actual = target < panel.slots() ? panel.value(series, target) : Float.NaN;
                predictions.add(new Prediction(series, origin, horizon, Math.max(0, predicted[series] * scale),
                        Math.max(0, (predicted[series] + horizonModel.lowerResidual()) * scale),
                        Math.max(0, (predicted[series] + horizonModel.upperResidual()) * scale), actual));
            }
        }
        return predictions;
    }
}
