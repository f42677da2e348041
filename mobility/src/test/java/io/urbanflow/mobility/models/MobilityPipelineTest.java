package io.urbanflow.mobility.models;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.forecast.ForecastTables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mobility models run by the platform's runner: order, run records, a failing model and its dependents. */
class MobilityPipelineTest {
    @TempDir
    Path dir;

    /** A model whose build always fails, standing in for a broken stage. */
    static final class FailingModel implements Model {
        @Override
        public String name() {
            return MobilityTables.STAGE_GPS_POINTS;
        }

        @Override
        public List<String> inputs() {
            return List.of(MobilityTables.RAW_GPS_POINTS);
        }

        @Override
        public Schema schema() {
            return MobilityTables.STAGE_GPS_POINTS_SCHEMA;
        }

        @Override
        public PartitionSpec partitionSpec() {
            return MobilityTables.STAGE_GPS_POINTS_SPEC;
        }

        @Override
        public ModelResult build(ModelContext context, BuildMode mode) {
            throw new UrbanFlowException("Cannot build stage.gps_points: disk full");
        }
    }

    @Test
    void models_run_after_the_models_producing_their_inputs() {
        List<Model> ordered = new PipelineRunner(null, List.of(new CellTraffic10MinModel(), new Traffic10MinModel(), new StageGpsPointsModel())).models();
        assertThat(ordered).extracting(Model::name).containsExactly(MobilityTables.MART_TRAFFIC_10MIN, MobilityTables.STAGE_GPS_POINTS,
                MobilityTables.MART_CELL_TRAFFIC_10MIN);
    }

    @Test
    void runs_that_did_something_are_recorded_and_up_to_date_runs_are_not() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            lake.appendRaw(TestLake.romeCrawdad(SampleData.romeCrawdad()));
            PipelineRunner runner = new PipelineRunner(lake.context, new io.urbanflow.mobility.MobilityDomain().models());
            PipelineRun first = runner.run(BuildMode.INCREMENTAL);
            // the scheduled forecasts wait for forecast.min-train-days of history; the sample holds less
            assertThat(first.results()).extracting(ModelResult::model, ModelResult::mode).containsExactlyInAnyOrder(
                    tuple(MobilityTables.STAGE_GPS_POINTS, RunMode.FULL), tuple(MobilityTables.MART_TRAFFIC_10MIN, RunMode.FULL),
                    tuple(MobilityTables.MART_CELL_TRAFFIC_10MIN, RunMode.FULL), tuple(AnalyticsTables.MART_TRIPS, RunMode.FULL),
                    tuple(ForecastTables.MART_FORECAST_MODELS, RunMode.UP_TO_DATE),
                    tuple(ForecastTables.MART_FORECAST_10MIN, RunMode.UP_TO_DATE));
            PipelineRun second = runner.run(BuildMode.INCREMENTAL);
            assertThat(second.didSomething()).isFalse();
            List<List<String>> runs = lake.rows("SELECT run_id, model, mode, status, input_rows, rows_written, error FROM mart.pipeline_runs ORDER BY started_at, model");
            assertThat(runs).hasSize(4);
            assertThat(runs).extracting(row -> row.get(0)).containsOnly(first.runId());
            assertThat(runs).extracting(row -> row.get(3)).containsOnly("ok");
            assertThat(runs.stream().filter(row -> row.get(1).equals(MobilityTables.STAGE_GPS_POINTS)).findFirst().orElseThrow())
                    .containsExactly(first.runId(), "stage.gps_points", "full", "ok", "5000", "5000", null);
        }
    }

    @Test
    void a_failing_model_is_recorded_and_its_dependents_do_not_run() throws Exception {
        try (TestLake lake = TestLake.create(dir)) {
            lake.appendRaw(TestLake.romeCrawdad(SampleData.romeCrawdad()));
            PipelineRun run = new PipelineRunner(lake.context, List.of(new FailingModel(), new Traffic10MinModel(), new CellTraffic10MinModel()))
                    .run(BuildMode.INCREMENTAL);
            assertThat(run.failed()).isTrue();
            assertThat(run.results()).extracting(ModelResult::model, result -> result.error().orElse("ok")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(MobilityTables.STAGE_GPS_POINTS, "Cannot build stage.gps_points: disk full"),
                    org.assertj.core.groups.Tuple.tuple(MobilityTables.MART_TRAFFIC_10MIN, "ok"),
                    org.assertj.core.groups.Tuple.tuple(MobilityTables.MART_CELL_TRAFFIC_10MIN, "not run: its input stage.gps_points failed"));
            assertThat(lake.rows("SELECT model, status FROM mart.pipeline_runs ORDER BY model")).containsExactly(
                    List.of("mart.cell_traffic_10min", "failed"), List.of("mart.traffic_10min", "ok"), List.of("stage.gps_points", "failed"));
        }
    }
}
