package io.urbanflow.mobility.forecast;

/**
 * One forecast value. Immutable.
 *
 * @param series      index of the series in its panel
 * @param originSlot  the last slot known when the forecast was made
 * @param horizon     steps ahead: the forecast is for slot {@code originSlot + horizon}
 * @param predicted   the forecast (never negative)
 * @param lower       lower end of the prediction interval
 * @param upper       upper end of the prediction interval
 * @param actual      the value that came, NaN when unknown (a live forecast, or a missing speed)
 */
public record Prediction(int series, int originSlot, int horizon, float predicted, float lower, float upper, float actual) {
    public int targetSlot() {
        return originSlot + horizon;
    }
}
