package io.urbanflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner knows no domain: models here are fakes that say what they did, or fail. */
class PipelineRunnerTest {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

    @TempDir
    Path dir;

    /** A model that writes nothing and reports {@code rows} rows, or fails with {@code failure}. */
    record FakeModel(String name, List<String> inputs, long rows, String failure, List<String> log) implements Model {
        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public PartitionSpec partitionSpec() {
            return PartitionSpec.unpartitioned();
        }

        @Override
        public ModelResult build(ModelContext context, BuildMode mode) {
            log.add(name);
            if (failure != null) {
                throw new UrbanFlowException(failure);
            }
            return rows == 0 ? ModelResult.upToDate(name, Duration.ZERO)
                    : new ModelResult(name, RunMode.FULL, rows, rows, List.of(), Duration.ZERO, Optional.empty());
        }
    }

    @Test
    void models_run_after_the_models_producing_their_inputs_and_ties_keep_their_order() {
        List<String> log = new ArrayList<>();
        List<Model> models = List.of(
                new FakeModel("mart.c", List.of("stage.b"), 1, null, log),
                new FakeModel("mart.a", List.of("raw.x"), 1, null, log),
                new FakeModel("stage.b", List.of("raw.x"), 1, null, log));
        assertThat(new PipelineRunner(null, models).models()).extracting(Model::name).containsExactly("mart.a", "stage.b", "mart.c");
    }

    @Test
    void models_whose_inputs_form_a_cycle_are_refused() {
        List<String> log = new ArrayList<>();
        assertThatThrownBy(() -> new PipelineRunner(null, List.of(new FakeModel("mart.a", List.of("mart.b"), 1, null, log),
                new FakeModel("mart.b", List.of("mart.a"), 1, null, log))))
                .hasMessageContaining("cycle").hasMessageContaining("mart.a").hasMessageContaining("mart.b");
    }

    @Test
    void runs_that_did_something_are_recorded_and_up_to_date_runs_are_not_and_a_failure_skips_its_dependents() throws Exception {
        List<String> log = new ArrayList<>();
        try (Lake lake = Lake.open(LakeConfig.defaults(dir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC());
            PipelineRun run = new PipelineRunner(context, List.of(
                    new FakeModel("stage.broken", List.of("raw.x"), 0, "Cannot build stage.broken: disk full", log),
                    new FakeModel("mart.after_broken", List.of("stage.broken"), 5, null, log),
                    new FakeModel("mart.fine", List.of("raw.x"), 7, null, log),
                    new FakeModel("mart.idle", List.of("raw.x"), 0, null, log))).run(BuildMode.INCREMENTAL);

            assertThat(log).containsExactly("stage.broken", "mart.fine", "mart.idle");
            assertThat(run.failed()).isTrue();
            assertThat(run.results()).extracting(ModelResult::model, result -> result.error().orElse("ok")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("stage.broken", "Cannot build stage.broken: disk full"),
                    org.assertj.core.groups.Tuple.tuple("mart.after_broken", "not run: its input stage.broken failed"),
                    org.assertj.core.groups.Tuple.tuple("mart.fine", "ok"),
                    org.assertj.core.groups.Tuple.tuple("mart.idle", "ok"));
            engine.refreshViews();
            assertThat(engine.query("SELECT model, status, rows_written FROM mart.pipeline_runs ORDER BY model").rows())
                    .extracting(Object::toString)
                    .containsExactly("[mart.after_broken, failed, 0]", "[mart.fine, ok, 7]", "[stage.broken, failed, 0]");
        }
    }
}
