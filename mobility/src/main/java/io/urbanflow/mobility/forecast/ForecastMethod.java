package io.urbanflow.mobility.forecast;

/** The forecasters a backtest compares: four baselines and the gradient-boosted trees. */
public enum ForecastMethod {
    /** The last observed value. */
    LAST_VALUE("last_value"),
    /** The mean of the training days at the same local time of day, work days and rest days (weekends, holidays) apart. */
    HISTORICAL_AVERAGE("historical_average"),
    /** The same slot one day earlier. */
    SEASONAL_NAIVE_DAY("seasonal_naive_day"),
    /** The same slot one week earlier. */
    SEASONAL_NAIVE_WEEK("seasonal_naive_week"),
    /** One global XGBoost model per horizon over all series, on lag, rolling-window, calendar and neighbour features. */
    GBDT("gbdt");

    private final String key;

    ForecastMethod(String key) {
        this.key = key;
    }

    /** The name in tables and in the key=value line. */
    public String key() {
        return key;
    }

    public boolean isBaseline() {
        return this != GBDT;
    }
}
