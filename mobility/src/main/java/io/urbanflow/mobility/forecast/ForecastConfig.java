package io.urbanflow.mobility.forecast;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the forecasts. Immutable; validated on construction. Flags of {@code urbanflow forecast}, the
 * environment ({@code URBANFLOW_FORECAST_...}) and the settings file map onto the same keys.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@code forecast.target}</td><td>{@code points}</td><td>points, vehicles or speed</td></tr>
 *   <tr><td>{@code forecast.level}</td><td>{@code cell}</td><td>cell, zone or city</td></tr>
 *   <tr><td>{@code forecast.zone-set}</td><td>(first loaded)</td><td>zone set for {@code level=zone}</td></tr>
 *   <tr><td>{@code forecast.min-cell-share}</td><td>{@code 0.1}</td><td>cells with a count in fewer of the slots are left out</td></tr>
 *   <tr><td>{@code forecast.max-series}</td><td>{@code 2000}</td><td>at most this many cells, the busiest</td></tr>
 *   <tr><td>{@code forecast.test-days}</td><td>{@code 7}</td><td>days each backtest origin predicts</td></tr>
 *   <tr><td>{@code forecast.min-train-days}</td><td>{@code 14}</td><td>days before the first origin (at least 8)</td></tr>
 *   <tr><td>{@code forecast.validation-days}</td><td>{@code 2}</td><td>last training days held out for early stopping and intervals</td></tr>
 *   <tr><td>{@code forecast.max-train-rows}</td><td>{@code 300000}</td><td>training rows sampled per horizon</td></tr>
 *   <tr><td>{@code forecast.trees}</td><td>{@code 300}</td><td>most boosting rounds (early stopping after 10 without gain)</td></tr>
 *   <tr><td>{@code forecast.depth}</td><td>{@code 6}</td><td>tree depth</td></tr>
 *   <tr><td>{@code forecast.learning-rate}</td><td>{@code 0.15}</td><td>shrinkage</td></tr>
 *   <tr><td>{@code forecast.threads}</td><td>{@code 0}</td><td>training threads, 0 = one per processor</td></tr>
 *   <tr><td>{@code forecast.seed}</td><td>{@code 7}</td><td>seed of the row sample and of the trees</td></tr>
 *   <tr><td>{@code forecast.interval}</td><td>{@code 0.8}</td><td>coverage of the prediction intervals</td></tr>
 *   <tr><td>{@code forecast.min-mean}</td><td>{@code 1.0}</td><td>series whose mean actual is below are left out of medians</td></tr>
 *   <tr><td>{@code forecast.retrain-every}</td><td>{@code 0s}</td><td>an incremental training run retrains at most this often (by the clock); 0 = on every change of the mart</td></tr>
 * </table>
 */
public record ForecastConfig(ForecastTarget target, ForecastLevel level, String zoneSet, double minCellShare, int maxSeries,
                             int testDays, int minTrainDays, int validationDays, int maxTrainRows, int trees, int depth,
                             double learningRate, int threads, long seed, double interval, double minMean, java.time.Duration retrainEvery) {
    public static final String TARGET = "forecast.target";
    public static final String LEVEL = "forecast.level";
    public static final String ZONE_SET = "forecast.zone-set";
    public static final String MIN_CELL_SHARE = "forecast.min-cell-share";
    public static final String MAX_SERIES = "forecast.max-series";
    public static final String TEST_DAYS = "forecast.test-days";
    public static final String MIN_TRAIN_DAYS = "forecast.min-train-days";
    public static final String VALIDATION_DAYS = "forecast.validation-days";
    public static final String MAX_TRAIN_ROWS = "forecast.max-train-rows";
    public static final String TREES = "forecast.trees";
    public static final String DEPTH = "forecast.depth";
    public static final String LEARNING_RATE = "forecast.learning-rate";
    public static final String THREADS = "forecast.threads";
    public static final String SEED = "forecast.seed";
    public static final String INTERVAL = "forecast.interval";
    public static final String MIN_MEAN = "forecast.min-mean";
    public static final String RETRAIN_EVERY = "forecast.retrain-every";

    public ForecastConfig {
        check(target != null && level != null, "target and level are required");
        zoneSet = zoneSet == null ? "" : zoneSet.trim();
        check(minCellShare >= 0 && minCellShare <= 1, MIN_CELL_SHARE + "=" + minCellShare + " is outside 0..1");
        check(maxSeries >= 1, MAX_SERIES + "=" + maxSeries + " is below 1");
        check(testDays >= 1 && testDays <= 365, TEST_DAYS + "=" + testDays + " is outside 1..365");
        check(minTrainDays >= 8 && minTrainDays <= 3650, MIN_TRAIN_DAYS + "=" + minTrainDays + " is outside 8..3650 (a week of lags and a day to learn from)");
        check(validationDays >= 1 && validationDays < minTrainDays - 7, VALIDATION_DAYS + "=" + validationDays + " must be at least 1 and leave 7 days of "
                + MIN_TRAIN_DAYS + " to train on");
        check(maxTrainRows >= 1_000, MAX_TRAIN_ROWS + "=" + maxTrainRows + " is below 1000");
        check(trees >= 1 && trees <= 10_000, TREES + "=" + trees + " is outside 1..10000");
        check(depth >= 1 && depth <= 16, DEPTH + "=" + depth + " is outside 1..16");
        check(learningRate > 0 && learningRate <= 1, LEARNING_RATE + "=" + learningRate + " is outside (0, 1]");
        check(threads >= 0, THREADS + "=" + threads + " is negative");
        check(interval > 0 && interval < 1, INTERVAL + "=" + interval + " is outside (0, 1)");
        check(minMean >= 0, MIN_MEAN + "=" + minMean + " is negative");
        check(retrainEvery != null && !retrainEvery.isNegative(), RETRAIN_EVERY + "=" + retrainEvery + " is negative");
    }

    public static ForecastConfig defaults() {
        return new ForecastConfig(ForecastTarget.POINTS, ForecastLevel.CELL, "", 0.1, 2_000, 7, 14, 2, 300_000, 300, 6, 0.15, 0, 7, 0.8, 1.0, java.time.Duration.ZERO);
    }

    /** @throws UrbanFlowException naming the key whose value does not parse or is out of range */
    public static ForecastConfig from(Settings settings) {
        ForecastConfig defaults = defaults();
        return new ForecastConfig(
                ForecastTarget.byName(settings.string(TARGET, defaults.target.key())),
                ForecastLevel.byName(settings.string(LEVEL, defaults.level.key())),
                settings.string(ZONE_SET, defaults.zoneSet),
                settings.decimal(MIN_CELL_SHARE, defaults.minCellShare),
                settings.integer(MAX_SERIES, defaults.maxSeries),
                settings.integer(TEST_DAYS, defaults.testDays),
                settings.integer(MIN_TRAIN_DAYS, defaults.minTrainDays),
                settings.integer(VALIDATION_DAYS, defaults.validationDays),
                settings.integer(MAX_TRAIN_ROWS, defaults.maxTrainRows),
                settings.integer(TREES, defaults.trees),
                settings.integer(DEPTH, defaults.depth),
                settings.decimal(LEARNING_RATE, defaults.learningRate),
                settings.integer(THREADS, defaults.threads),
                seed(settings.string(SEED, Long.toString(defaults.seed))),
                settings.decimal(INTERVAL, defaults.interval),
                settings.decimal(MIN_MEAN, defaults.minMean),
                settings.duration(RETRAIN_EVERY, defaults.retrainEvery));
    }

    /** The settings that give this config back through {@link #from}. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TARGET, target.key());
        map.put(LEVEL, level.key());
        map.put(ZONE_SET, zoneSet);
        map.put(MIN_CELL_SHARE, Double.toString(minCellShare));
        map.put(MAX_SERIES, Integer.toString(maxSeries));
        map.put(TEST_DAYS, Integer.toString(testDays));
        map.put(MIN_TRAIN_DAYS, Integer.toString(minTrainDays));
        map.put(VALIDATION_DAYS, Integer.toString(validationDays));
        map.put(MAX_TRAIN_ROWS, Integer.toString(maxTrainRows));
        map.put(TREES, Integer.toString(trees));
        map.put(DEPTH, Integer.toString(depth));
        map.put(LEARNING_RATE, Double.toString(learningRate));
        map.put(THREADS, Integer.toString(threads));
        map.put(SEED, Long.toString(seed));
        map.put(INTERVAL, Double.toString(interval));
        map.put(MIN_MEAN, Double.toString(minMean));
        map.put(RETRAIN_EVERY, retrainEvery.toString());
        return map;
    }

    public ForecastConfig withTarget(ForecastTarget newTarget) {
        return from(Settings.of(with(TARGET, newTarget.key())));
    }

    public ForecastConfig withLevel(ForecastLevel newLevel) {
        return from(Settings.of(with(LEVEL, newLevel.key())));
    }

    /** This config with one key changed, validated. */
    public ForecastConfig with(Settings overrides) {
        Map<String, String> map = asMap();
        map.putAll(overrides.asMap());
        return from(Settings.of(map));
    }

    /** Training threads: {@link #threads()} or one per processor. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    private Map<String, String> with(String key, String value) {
        Map<String, String> map = asMap();
        map.put(key, value);
        return map;
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UrbanFlowException("Cannot read setting " + SEED + "='" + text + "': expected a whole number");
        }
    }

    private static void check(boolean condition, String reason) {
        if (!condition) {
            throw new UrbanFlowException("Cannot configure forecasts: " + reason);
        }
    }
}
