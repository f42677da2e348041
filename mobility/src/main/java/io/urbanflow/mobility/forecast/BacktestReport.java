package io.urbanflow.mobility.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a rolling-origin backtest found: the accuracy of every forecaster at every horizon, the origins, the
 * gradient-boosted models of the last origin and their predictions for the last test day. Immutable.
 *
 * @param panel       the series backtested
 * @param origins     the origin slots; each origin's models saw only the slots before it
 * @param testEnd     end of the last test block (exclusive slot)
 * @param accuracy    per method, horizon and scope
 * @param lastModels  the gradient-boosted models trained at the last origin, by horizon
 * @param predictions the last model's predictions of the last test day, every horizon, with actuals
 * @param featureRows feature rows computed (training, validation and test)
 * @param featureSeconds time spent computing them
 * @param trainSeconds time spent training
 */
public record BacktestReport(SeriesPanel panel, List<Integer> origins, int testEnd, List<Accuracy> accuracy,
                             Map<Integer, ForecastModel.HorizonModel> lastModels, List<Prediction> predictions,
                             long featureRows, double featureSeconds, double trainSeconds) {
    public BacktestReport {
        origins = List.copyOf(origins);
        accuracy = List.copyOf(accuracy);
        lastModels = Map.copyOf(lastModels);
        predictions = List.copyOf(predictions);
    }

    public Optional<Accuracy> find(ForecastMethod method, int horizon, Accuracy.Scope scope) {
        return accuracy.stream().filter(a -> a.method() == method && a.horizon() == horizon && a.scope() == scope).findFirst();
    }

    /** WAPE of a method at a horizon, NaN when not measured. */
    public double wape(ForecastMethod method, int horizon, Accuracy.Scope scope) {
        return find(method, horizon, scope).map(Accuracy::wape).orElse(Double.NaN);
    }

    /** The better of the two seasonal-naive baselines (lower WAPE) at a horizon: the one the targets are measured against. */
    public double seasonalNaiveWape(int horizon, Accuracy.Scope scope) {
        double day = wape(ForecastMethod.SEASONAL_NAIVE_DAY, horizon, scope);
        double week = wape(ForecastMethod.SEASONAL_NAIVE_WEEK, horizon, scope);
        return Double.isNaN(day) ? week : Double.isNaN(week) ? day : Math.min(day, week);
    }

    /** The first test slot's start. */
    public Instant testFrom() {
        return Instant.ofEpochSecond(panel.slotMicros(origins.get(0)) / 1_000_000L);
    }

    public Instant testTo() {
        return Instant.ofEpochSecond(panel.slotMicros(testEnd) / 1_000_000L);
    }

    /**
     * The readable table: one line per method and horizon with total and median WAPE, MAE, RMSE and MASE, then the
     * quality targets (gbdt against the better seasonal naive at h1 and the historical average at h6).
     */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-20s %-4s %8s %8s %8s %8s | %8s %8s %8s %8s %7s",
                "model", "h", "WAPE", "MAE", "RMSE", "MASE", "med WAPE", "med MAE", "med RMSE", "med MASE", "series"));
        for (int horizon : Horizons.ALL) {
            for (ForecastMethod method : ForecastMethod.values()) {
                Optional<Accuracy> total = find(method, horizon, Accuracy.Scope.TOTAL);
                if (total.isEmpty()) {
                    continue;
                }
                Optional<Accuracy> median = find(method, horizon, Accuracy.Scope.MEDIAN);
                lines.add(String.format(Locale.ROOT, "%-20s %-4s %7.1f%% %8.3f %8.3f %8.3f | %7.1f%% %8.3f %8.3f %8.3f %7d",
                        method.key(), Horizons.label(horizon), 100 * total.get().wape(), total.get().mae(), total.get().rmse(), total.get().mase(),
                        100 * median.map(Accuracy::wape).orElse(Double.NaN), median.map(Accuracy::mae).orElse(Double.NaN),
                        median.map(Accuracy::rmse).orElse(Double.NaN), median.map(Accuracy::mase).orElse(Double.NaN),
                        median.map(Accuracy::series).orElse(0)));
            }
        }
        for (Accuracy.Scope scope : Accuracy.Scope.values()) {
            lines.add(target(scope));
        }
        return lines;
    }

    private String target(Accuracy.Scope scope) {
        double gbdt1 = wape(ForecastMethod.GBDT, 1, scope);
        double naive1 = seasonalNaiveWape(1, scope);
        double gbdt6 = wape(ForecastMethod.GBDT, 6, scope);
        double average6 = wape(ForecastMethod.HISTORICAL_AVERAGE, 6, scope);
        double gain1 = 1 - gbdt1 / naive1;
        double gain6 = 1 - gbdt6 / average6;
        return String.format(Locale.ROOT, "target (%s): gbdt vs seasonal naive at h1 %+.1f%% WAPE (needs >= +15%%: %s); gbdt vs historical average at h6 %+.1f%% (needs > 0: %s)",
                scope.key(), 100 * gain1, gain1 >= 0.15 ? "met" : "missed", 100 * gain6, gain6 > 0 ? "met" : "missed");
    }

    /** {@code wape_gbdt_h1=… wape_seasonal_naive_h1=… wape_historical_average_h1=… wape_gbdt_h6=… ...}: totals, as fractions. */
    public String keyValues() {
        StringBuilder line = new StringBuilder();
        for (int horizon : List.of(1, 6)) {
            Map<String, Double> values = new java.util.LinkedHashMap<>();
            values.put("gbdt", wape(ForecastMethod.GBDT, horizon, Accuracy.Scope.TOTAL));
            values.put("seasonal_naive", seasonalNaiveWape(horizon, Accuracy.Scope.TOTAL));
            values.put("historical_average", wape(ForecastMethod.HISTORICAL_AVERAGE, horizon, Accuracy.Scope.TOTAL));
            values.forEach((name, value) -> line.append(line.length() == 0 ? "" : " ").append("wape_").append(name).append("_h")
                    .append(horizon).append('=').append(String.format(Locale.ROOT, "%.4f", value)));
        }
        return line.toString();
    }

    /** The gradient-boosted models of the last origin as a registry entry (trained on the slots before that origin). */
    public ForecastModel lastModel(ForecastConfig config, Instant trainedAt) {
        return Forecasting.model(panel, config, trainedAt, Horizons.SLOTS_PER_DAY + 1, origins.get(origins.size() - 1), lastModels);
    }

    /** Accuracy by method for one horizon and scope, in method order. */
    public Map<ForecastMethod, Accuracy> byMethod(int horizon, Accuracy.Scope scope) {
        Map<ForecastMethod, Accuracy> map = new EnumMap<>(ForecastMethod.class);
        for (Accuracy a : accuracy) {
            if (a.horizon() == horizon && a.scope() == scope) {
                map.put(a.method(), a);
            }
        }
        return map;
    }
}
