package io.urbanflow.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DAG derives its edges from tables; selections take parts of it as dbt's do. */
class DagTest {
    private static final FakeTask LOAD = new FakeTask("load.events", TaskKind.LOAD, List.of(), List.of("raw.events"), List.of(), call -> { });
    private static final FakeTask STAGE = FakeTask.model("stage.events", List.of("raw.events"));
    private static final FakeTask SESSIONS = FakeTask.model("mart.sessions", List.of("stage.events"));
    private static final FakeTask PURCHASES = FakeTask.model("mart.purchases", List.of("stage.events", "mart.sessions"));
    private static final FakeTask HOURLY = FakeTask.model("mart.hourly", List.of("raw.events"));
    private static final FakeTask UNIQUE = FakeTask.test("test.stage.events.unique_id", "stage.events", true, call -> { });
    private static final FakeTask NOT_NULL = FakeTask.test("test.stage.events.not_null_id", "stage.events", false, call -> { });
    private static final FakeTask MAINTENANCE = new FakeTask("maintenance", TaskKind.MAINTENANCE, List.of(), List.of(), List.of(), call -> { });

    private static Dag dag() {
        return Dag.of(List.of(PURCHASES, SESSIONS, MAINTENANCE, NOT_NULL, UNIQUE, HOURLY, STAGE, LOAD));
    }

    @Test
    void edges_come_from_the_tables_tasks_read_and_write_and_a_blocking_test_runs_before_its_models_readers() {
        Dag dag = dag();
        assertThat(dag.upstream("stage.events")).containsExactly("load.events");
        assertThat(dag.upstream("mart.purchases")).containsExactly("stage.events", "mart.sessions", "test.stage.events.unique_id");
        assertThat(dag.upstream("mart.sessions")).containsExactly("stage.events", "test.stage.events.unique_id");
        assertThat(dag.upstream("test.stage.events.not_null_id")).containsExactly("stage.events");
        assertThat(dag.downstream("test.stage.events.not_null_id")).isEmpty();
        assertThat(dag.tasks()).extracting(Task::name).containsSubsequence("load.events", "stage.events", "test.stage.events.unique_id",
                "mart.sessions", "mart.purchases");
    }

    @Test
    void the_listing_shows_levels_kinds_and_upstream_tasks() {
        List<String> lines = dag().listing();
        assertThat(lines.get(0)).isEqualTo("level 0");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("mart.purchases").contains("model")
                .contains("after stage.events, mart.sessions, test.stage.events.unique_id"));
        assertThat(lines).contains("level 4");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("8 tasks: 1 loads, 4 models, 2 data tests, 1 maintenance; 5 levels");
    }

    @Test
    void a_name_selects_the_task_with_its_tests_and_plus_signs_add_upstream_or_downstream() {
        Dag dag = dag();
        assertThat(names(dag.select(Selection.parse("stage.events"), Selection.Tests.ATTACHED)))
                .containsExactly("stage.events", "test.stage.events.not_null_id", "test.stage.events.unique_id");
        assertThat(names(dag.select(Selection.parse("stage.events"), Selection.Tests.NAMED_ONLY))).containsExactly("stage.events");
        assertThat(names(dag.select(Selection.parse("+mart.sessions"), Selection.Tests.NAMED_ONLY)))
                .containsExactly("load.events", "stage.events", "test.stage.events.unique_id", "mart.sessions");
        assertThat(names(dag.select(Selection.parse("mart.sessions+"), Selection.Tests.NAMED_ONLY)))
                .containsExactly("mart.sessions", "mart.purchases");
        assertThat(names(dag.select(Selection.parse("kind:model"), Selection.Tests.NAMED_ONLY)))
                .containsExactlyInAnyOrder("stage.events", "mart.sessions", "mart.purchases", "mart.hourly");
        assertThat(names(dag.select(Selection.parse("mart.*, maintenance"), Selection.Tests.NAMED_ONLY)))
                .containsExactlyInAnyOrder("mart.sessions", "mart.purchases", "mart.hourly", "maintenance");
        assertThat(names(dag.select(Selection.all(), Selection.Tests.NAMED_ONLY))).hasSize(8);
    }

    @Test
    void a_selection_keeps_the_order_of_tasks_it_left_out_between_them() {
        Dag selected = dag().select(Selection.parse("load.events mart.sessions"), Selection.Tests.NAMED_ONLY);
        assertThat(selected.upstream("mart.sessions")).containsExactly("load.events");
    }

    @Test
    void unknown_names_clashing_writers_and_cycles_are_refused() {
        assertThatThrownBy(() -> dag().select(Selection.parse("mart.nothing+"), Selection.Tests.ATTACHED))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("Cannot select 'mart.nothing'");
        assertThatThrownBy(() -> Selection.parse("kind:widget")).hasMessageContaining("known kinds are");
        assertThatThrownBy(() -> Selection.parse("+")).hasMessageContaining("expected NAME");
        assertThatThrownBy(() -> Dag.of(List.of(STAGE, new FakeTask("other", TaskKind.MODEL, List.of(), List.of("stage.events"),
                List.of(), call -> { })))).hasMessageContaining("both write stage.events");
        assertThatThrownBy(() -> Dag.of(List.of(FakeTask.model("mart.a", List.of("mart.b")), FakeTask.model("mart.b", List.of("mart.a")))))
                .hasMessageContaining("cycle").hasMessageContaining("mart.a");
    }

    private static List<String> names(Dag dag) {
        return dag.tasks().stream().map(Task::name).toList();
    }
}
