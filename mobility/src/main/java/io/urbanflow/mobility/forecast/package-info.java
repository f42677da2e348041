/**
 * Traffic forecasts from {@code mart.cell_traffic_10min}: per H3 cell, per zone or for the whole city, 10, 30 and 60
 * minutes and a day ahead.
 *
 * <p>The parts: {@link io.urbanflow.mobility.forecast.PanelReader} reads the mart into a
 * {@link io.urbanflow.mobility.forecast.SeriesPanel} (series by 10-minute slot, with each slot's local calendar);
 * {@link io.urbanflow.mobility.forecast.Backtest} compares four baselines and one global XGBoost model per horizon at
 * rolling origins, training strictly before each origin, into a {@link io.urbanflow.mobility.forecast.BacktestReport};
 * {@link io.urbanflow.mobility.forecast.Forecasting} trains on everything and forecasts from any origin with
 * prediction intervals; {@link io.urbanflow.mobility.forecast.ForecastStore} writes {@code mart.forecast_accuracy},
 * {@code mart.forecast_10min} and the registry {@code mart.forecast_models}. Retraining and prediction are pipeline
 * models ({@link io.urbanflow.mobility.forecast.ForecastTrainingModel},
 * {@link io.urbanflow.mobility.forecast.ForecastPredictionModel}) that a scheduler runs like any other.
 * {@link io.urbanflow.mobility.forecast.SyntheticCellCounts} draws large panels directly for the benchmark.
 */
package io.urbanflow.mobility.forecast;
