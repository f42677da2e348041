package io.urbanflow.mobility.forecast;

/**
 * The errors of one forecaster at one horizon over a backtest's test slots. Immutable.
 *
 * @param method  the forecaster
 * @param horizon steps of 10 minutes ahead
 * @param scope   {@link Scope#TOTAL}: pooled over every series and slot (WAPE = sum |error| / sum |actual|; MASE =
 *                MAE over the mean absolute one-day seasonal difference of the training data); {@link Scope#MEDIAN}:
 *                the median of each series' own figure over the series with enough data
 * @param mae     mean absolute error
 * @param rmse    root mean squared error
 * @param wape    weighted absolute percentage error, a fraction (0.25 = 25 %)
 * @param mase    mean absolute scaled error
 * @param series  series counted
 * @param values  (series, slot) pairs counted
 */
public record Accuracy(ForecastMethod method, int horizon, Scope scope, double mae, double rmse, double wape, double mase,
                       int series, long values) {
    /** Pooled over everything, or the median over series. */
    public enum Scope {
        TOTAL("total"),
        MEDIAN("median");

        private final String key;

        Scope(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
