package io.urbanflow.mobility.forecast;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** Names and schemas of the forecast tables. Immutable constants. */
public final class ForecastTables {
    public static final String MART_FORECAST_ACCURACY = "mart.forecast_accuracy";
    public static final String MART_FORECAST_10MIN = "mart.forecast_10min";
    public static final String MART_FORECAST_MODELS = "mart.forecast_models";

    /** {@code mart.forecast_accuracy}: one row per backtest run, forecaster, horizon and scope (total or median over series). */
    public static final Schema ACCURACY_SCHEMA = new Schema(
            required(1, "run_id", Types.StringType.get()),
            required(2, "evaluated_at", Types.TimestampType.withZone()),
            required(3, "target", Types.StringType.get(), "points, vehicles or speed"),
            required(4, "level", Types.StringType.get(), "cell, zone or city"),
            required(5, "model", Types.StringType.get(), "last_value, historical_average, seasonal_naive_day, seasonal_naive_week, gbdt"),
            required(6, "horizon_steps", Types.IntegerType.get(), "10-minute steps ahead: 1, 3, 6, 144"),
            required(7, "horizon", Types.StringType.get(), "h1, h3, h6, day"),
            required(8, "scope", Types.StringType.get(), "total (pooled) or median (over series with enough data)"),
            optional(9, "mae", Types.DoubleType.get()),
            optional(10, "rmse", Types.DoubleType.get()),
            optional(11, "wape", Types.DoubleType.get(), "a fraction: 0.25 = 25 %"),
            optional(12, "mase", Types.DoubleType.get(), "against the in-sample one-day seasonal naive"),
            required(13, "series", Types.IntegerType.get()),
            required(14, "values_counted", Types.LongType.get()),
            required(15, "test_from", Types.TimestampType.withZone()),
            required(16, "test_to", Types.TimestampType.withZone()),
            required(17, "origins", Types.IntegerType.get(), "rolling origins of the backtest"),
            required(18, "model_id", Types.StringType.get(), "the gradient-boosted model of the last origin"));

    /** {@code mart.forecast_10min}: forecasts per series and 10-minute slot, with their interval and (in a backtest) the actual. */
    public static final Schema FORECAST_SCHEMA = new Schema(
            required(1, "interval_10min", Types.TimestampType.withZone(), "the slot forecast"),
            required(2, "origin", Types.TimestampType.withZone(), "start of the last slot known when forecasting"),
            required(3, "horizon_steps", Types.IntegerType.get()),
            required(4, "target", Types.StringType.get()),
            required(5, "level", Types.StringType.get()),
            required(6, "series", Types.StringType.get(), "H3 hex id, zone id or city"),
            optional(7, "h3_cell", Types.LongType.get(), "the cell of a cell-level forecast"),
            required(8, "predicted", Types.DoubleType.get()),
            required(9, "lower", Types.DoubleType.get(), "lower end of the prediction interval (forecast.interval coverage)"),
            required(10, "upper", Types.DoubleType.get()),
            optional(11, "actual", Types.DoubleType.get(), "the value that came (backtests), NULL for live forecasts"),
            required(12, "kind", Types.StringType.get(), "forecast (from the latest data) or backtest (last test day)"),
            required(13, "model_id", Types.StringType.get()),
            required(14, "created_at", Types.TimestampType.withZone()));

    public static final PartitionSpec FORECAST_SPEC = PartitionSpec.builderFor(FORECAST_SCHEMA).day("interval_10min").build();

    /** {@code mart.forecast_models}: the registry, one row per trained model and horizon. */
    public static final Schema MODELS_SCHEMA = new Schema(
            required(1, "model_id", Types.StringType.get()),
            required(2, "trained_at", Types.TimestampType.withZone()),
            required(3, "target", Types.StringType.get()),
            required(4, "level", Types.StringType.get()),
            required(5, "method", Types.StringType.get(), "gbdt (XGBoost)"),
            required(6, "horizon_steps", Types.IntegerType.get()),
            required(7, "train_from", Types.TimestampType.withZone(), "first target slot trained on"),
            required(8, "train_to", Types.TimestampType.withZone(), "end of the data read (exclusive)"),
            required(9, "features", Types.StringType.get(), "comma-separated, in order"),
            required(10, "parameters", Types.StringType.get()),
            required(11, "trees", Types.IntegerType.get()),
            required(12, "train_rows", Types.LongType.get()),
            required(13, "validation_rows", Types.LongType.get()),
            optional(14, "validation_wape", Types.DoubleType.get(), "on the held-out last training days"),
            optional(15, "backtest_wape", Types.DoubleType.get(), "total WAPE on the test days, when trained by a backtest"),
            required(16, "lower_residual", Types.DoubleType.get(), "interval: scaled residual quantile"),
            required(17, "upper_residual", Types.DoubleType.get()),
            required(18, "train_seconds", Types.DoubleType.get()),
            required(19, "input_snapshot", Types.LongType.get(), "snapshot of mart.cell_traffic_10min trained on"),
            required(20, "model", Types.StringType.get(), "XGBoost model, Base64 of UBJSON"));

    private ForecastTables() {
    }
}
