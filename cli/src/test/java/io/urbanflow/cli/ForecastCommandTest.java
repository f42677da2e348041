package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code urbanflow forecast}, {@code plot forecast} and {@code bench forecast} end to end on a lake of 16 synthetic days. */
class ForecastCommandTest {
    private static final String SMALL = "--max-train-rows=20000";
    @TempDir
    static Path dataDir;
    @TempDir
    Path empty;

    @BeforeAll
    static void sixteenDaysOfSyntheticTaxis() {
        CommandRun load = CommandRun.in(dataDir, "load", "synthetic:rome,taxis=30,days=16,start=2014-04-07,calendar=weeks");
        assertThat(load.code()).as(load.err()).isZero();
        // the stage and the cell mart alone: a whole aggregate would also train the scheduled forecast model
        CommandRun aggregate = CommandRun.in(dataDir, "pipeline", "run", "--select", "stage.gps_points,mart.cell_traffic_10min");
        assertThat(aggregate.code()).as(aggregate.err()).isZero();
    }

    @Test
    void backtest_prints_the_table_then_the_key_values_and_plot_draws_them() throws Exception {
        CommandRun backtest = CommandRun.in(dataDir, "forecast", "backtest", "--level", "city", SMALL);
        assertThat(backtest.code()).as(backtest.err()).isZero();
        assertThat(backtest.out()).contains("points per city: 1 series", "with rome's public holidays", "backtest of 1 origins",
                "historical_average", "seasonal_naive_week", "target (total): gbdt vs seasonal naive at h1");
        assertThat(backtest.lastLine()).matches("wape_gbdt_h1=\\d\\.\\d{4} wape_seasonal_naive_h1=\\d\\.\\d{4} wape_historical_average_h1=\\d\\.\\d{4}"
                + " wape_gbdt_h6=\\d\\.\\d{4} wape_seasonal_naive_h6=\\d\\.\\d{4} wape_historical_average_h6=\\d\\.\\d{4}");

        Path chart = dataDir.resolve("forecast.svg");
        CommandRun plot = CommandRun.in(dataDir, "plot", "forecast", "--out", chart.toString());
        assertThat(plot.code()).as(plot.err()).isZero();
        assertThat(Files.readString(chart)).contains("<svg", "Forecast accuracy", "gbdt", "historical_average", "Last test day");
    }

    @Test
    void train_stores_a_model_per_horizon_and_predict_forecasts_every_cell_from_the_last_slot() {
        CommandRun train = CommandRun.in(dataDir, "forecast", "train", SMALL);
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("h1   trained on", "day  trained on");
        assertThat(train.lastLine()).startsWith("mart.forecast_models").contains("rows=4 ");

        CommandRun again = CommandRun.in(dataDir, "forecast", "train", SMALL);
        assertThat(again.lastLine()).startsWith("mart.forecast_models").contains("up-to-date");

        CommandRun predict = CommandRun.in(dataDir, "forecast", "predict");
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("h1   2014-04-22T22:00:00Z: total", "h6   2014-04-22T22:50:00Z", "day  2014-04-23T21:50:00Z");
        assertThat(predict.lastLine()).startsWith("mart.forecast_10min");
    }

    @Test
    void a_missing_mart_or_a_wrong_target_is_one_clear_line() {
        CommandRun noMart = CommandRun.in(empty, "forecast", "backtest");
        assertThat(noMart.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(noMart.err().strip()).isEqualTo("urbanflow: Cannot build forecasts: table mart.cell_traffic_10min does not exist yet"
                + " (ingest or load its data first, e.g. urbanflow demo)");
        CommandRun wrong = CommandRun.in(empty, "forecast", "train", "--target", "taxis");
        assertThat(wrong.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(wrong.err().strip()).isEqualTo("urbanflow: Cannot forecast 'taxis': known targets are points, vehicles, speed");
    }

    @Test
    void bench_forecast_ends_with_its_three_figures() {
        CommandRun bench = CommandRun.of("bench", "forecast", "--cells", "20", "--days", "16", "--no-backtest", SMALL);
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("panel: 20 cells x 2,304 slots", "train: 4 horizons in", "predict: next hour of 20 cells");
        assertThat(bench.lastLine()).matches("feature_rows_per_s=\\d+ train_s=\\d+\\.\\d predict_cells_per_s=\\d+");
    }
}
