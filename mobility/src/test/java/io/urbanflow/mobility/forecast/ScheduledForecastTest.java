package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled forecast models that the mobility domain registers, so that the pipeline and the scheduler retrain and
 * predict: over a real temp-dir lake whose mart first holds too few days, then enough.
 */
class ScheduledForecastTest {
    private static final Settings SETTINGS = Settings.of(Map.of(ForecastConfig.MAX_TRAIN_ROWS, "20000", ForecastConfig.TREES, "20",
            ForecastConfig.THREADS, "2", ForecastConfig.MIN_CELL_SHARE, "0.05", ForecastConfig.LEVEL, "city"));
    private static final Instant NOW = Instant.parse("2014-05-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void the_domain_registers_training_and_prediction_after_the_cell_mart() {
        List<String> names = new MobilityDomain().models().stream().map(Model::name).toList();
        assertThat(names).containsSubsequence(MobilityTables.MART_CELL_TRAFFIC_10MIN, ForecastTables.MART_FORECAST_MODELS,
                ForecastTables.MART_FORECAST_10MIN);
    }

    @Test
    void training_waits_for_min_train_days_of_history_then_retrains_daily_and_prediction_runs_once_per_mart_snapshot_and_model()
            throws SQLException {
        SeriesPanel days = Panels.rome(6, 16);
        int slotsPerDay = Horizons.SLOTS_PER_DAY;
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext at = context(lake, duckdb, NOW);
            // ten days of history: less than forecast.min-train-days (14)
            ForecastPipelineTest.writeMart(at, duckdb, days.truncated(10 * slotsPerDay));
            assertThat(ForecastTrainingModel.historyDays(lake.table(MobilityTables.MART_CELL_TRAFFIC_10MIN))).isBetween(9.9, 10.0);
            PipelineRun early = run(at);
            assertThat(early.failed()).as(early.toString()).isFalse();
            assertThat(early.results()).extracting(result -> result.mode()).containsExactly(RunMode.UP_TO_DATE, RunMode.UP_TO_DATE);
            assertThat(ForecastStore.latestModel(at, ForecastTarget.POINTS, ForecastLevel.CITY)).isEmpty();

            // sixteen days: the first run trains and predicts
            ForecastPipelineTest.writeMart(at, duckdb, days);
            assertThat(ForecastTrainingModel.historyDays(lake.table(MobilityTables.MART_CELL_TRAFFIC_10MIN))).isGreaterThan(15.9);
            PipelineRun first = run(at);
            assertThat(first.failed()).as(first.toString()).isFalse();
            assertThat(first.results()).extracting(result -> result.mode()).containsExactly(RunMode.INCREMENTAL, RunMode.INCREMENTAL);
            assertThat(first.results().get(1).rowsWritten()).isEqualTo(Horizons.ALL.size());
            String model = ForecastStore.latestModel(at, ForecastTarget.POINTS, ForecastLevel.CITY).orElseThrow().model().id();
            Snapshot forecast = lake.table(ForecastTables.MART_FORECAST_10MIN).currentSnapshot();
            assertThat(forecast.summary()).containsEntry(ForecastPredictionModel.SUMMARY_MODEL_ID, model)
                    .containsEntry(ForecastPredictionModel.SUMMARY_MART_SNAPSHOT,
                            Long.toString(lake.table(MobilityTables.MART_CELL_TRAFFIC_10MIN).currentSnapshot().snapshotId()));

            // nothing new: both up to date, nothing appended
            PipelineRun again = run(context(lake, duckdb, NOW.plusSeconds(60)));
            assertThat(again.results()).extracting(result -> result.mode()).containsExactly(RunMode.UP_TO_DATE, RunMode.UP_TO_DATE);
            assertThat(lake.table(ForecastTables.MART_FORECAST_10MIN).currentSnapshot().snapshotId()).isEqualTo(forecast.snapshotId());

            // a new mart snapshot an hour later: the model is younger than a day, so no retraining, but a new forecast
            ForecastPipelineTest.writeMart(at, duckdb, days.truncated(1));
            PipelineRun hourLater = run(context(lake, duckdb, NOW.plus(Duration.ofHours(1))));
            assertThat(hourLater.results()).extracting(result -> result.mode()).containsExactly(RunMode.UP_TO_DATE, RunMode.INCREMENTAL);
            assertThat(ForecastStore.latestModel(at, ForecastTarget.POINTS, ForecastLevel.CITY).orElseThrow().model().id()).isEqualTo(model);

            // a day later: retrained, and the new model forecasts
            PipelineRun dayLater = run(context(lake, duckdb, NOW.plus(Duration.ofHours(25))));
            assertThat(dayLater.results()).extracting(result -> result.mode()).containsExactly(RunMode.INCREMENTAL, RunMode.INCREMENTAL);
            String newer = ForecastStore.latestModel(at, ForecastTarget.POINTS, ForecastLevel.CITY).orElseThrow().model().id();
            assertThat(newer).isNotEqualTo(model);
            assertThat(lake.table(ForecastTables.MART_FORECAST_10MIN).currentSnapshot().summary())
                    .containsEntry(ForecastPredictionModel.SUMMARY_MODEL_ID, newer);
        }
    }

    @Test
    void prediction_without_a_model_is_up_to_date_where_the_command_variant_fails() throws SQLException {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext at = context(lake, duckdb, NOW);
            ForecastPipelineTest.writeMart(at, duckdb, Panels.rome(3, 2));
            PipelineRun scheduled = new PipelineRunner(at, List.of(ForecastPredictionModel.scheduled())).run(BuildMode.INCREMENTAL);
            assertThat(scheduled.failed()).isFalse();
            assertThat(scheduled.results().get(0).mode()).isEqualTo(RunMode.UP_TO_DATE);
            PipelineRun command = new PipelineRunner(at, List.of(new ForecastPredictionModel())).run(BuildMode.INCREMENTAL);
            assertThat(command.failed()).isTrue();
            assertThat(command.results().get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("no model trained yet"));
        }
    }

    @Test
    void a_mart_too_sparse_for_a_series_leaves_the_scheduled_models_waiting_where_the_command_variants_fail() throws SQLException {
        SeriesPanel dense = Panels.rome(3, 16);
        float[] values = new float[dense.series() * dense.slots()];
        long[] cells = new long[dense.series()];
        for (int series = 0; series < dense.series(); series++) {
            cells[series] = dense.cell(series);
            for (int slot = 0; slot < dense.slots(); slot += Horizons.SLOTS_PER_DAY) {
                values[series * dense.slots() + slot] = 5; // one slot a day: under forecast.min-cell-share
            }
        }
        SeriesPanel sparse = new SeriesPanel(ForecastTarget.POINTS, ForecastLevel.CELL, dense.keys(), cells, dense.startMicros(), dense.slots(),
                values, dense.zone(), dense.city(), new int[dense.series()][0]);
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext perCell = ModelContext.of(lake, duckdb, SETTINGS.with(ForecastConfig.LEVEL, "cell"), Clock.fixed(NOW, ZoneOffset.UTC));
            ForecastPipelineTest.writeMart(perCell, duckdb, sparse);
            PipelineRun scheduled = new PipelineRunner(perCell, List.of(ForecastTrainingModel.scheduled())).run(BuildMode.INCREMENTAL);
            assertThat(scheduled.failed()).as(scheduled.toString()).isFalse();
            assertThat(scheduled.results().get(0).mode()).isEqualTo(RunMode.UP_TO_DATE);
            PipelineRun command = new PipelineRunner(perCell, List.of(new ForecastTrainingModel())).run(BuildMode.INCREMENTAL);
            assertThat(command.results().get(0).error()).hasValueSatisfying(error -> assertThat(error).contains("forecast.min-cell-share"));
        }
    }

    private static ModelContext context(Lake lake, Connection duckdb, Instant now) {
        return ModelContext.of(lake, duckdb, SETTINGS, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static PipelineRun run(ModelContext context) {
        return new PipelineRunner(context, List.of(ForecastTrainingModel.scheduled(), ForecastPredictionModel.scheduled())).run(BuildMode.INCREMENTAL);
    }
}
