package io.urbanflow.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.history.BackfillRecord;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.RunRecord;
import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler's ticks driven by the test's instants, over a real catalog database and lake. */
class SchedulerTest {
    private static final OrchestrationConfig FAST = OrchestrationConfig.defaults()
            .withRetry(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(20))).withLease(Duration.ofSeconds(2));
    private static final Schema EVENTS = new Schema(Types.NestedField.required(1, "ts", Types.TimestampType.withZone()));

    @TempDir
    Path dir;
    private Lake lake;
    private DuckDbQueryEngine engine;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void open() {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
    }

    @AfterEach
    void close() throws Exception {
        for (int index = closing.size() - 1; index >= 0; index--) {
            closing.get(index).close();
        }
        engine.close();
        lake.close();
    }

    private RunHistory history() {
        RunHistory history = RunHistory.open(lake.config());
        closing.add(history);
        return history;
    }

    private Scheduler scheduler(Dag dag, RunHistory history, SchedulerConfig config, String holder) {
        DagRunner runner = new DagRunner(dag, history, new TaskEnvironment(lake, engine, Settings.empty(), Clock.systemUTC()), FAST,
                holder, new Random(1));
        closing.add(runner);
        return new Scheduler(runner, history, config, Clock.systemUTC(), events::add);
    }

    private static SchedulerConfig hourly(String select) {
        return SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.SCHEDULES, "hourly",
                "scheduler.schedule.hourly.select", select, SchedulerConfig.DATA_TRIGGER, "off")));
    }

    @Test
    void the_defaults_are_hourly_models_daily_maintenance_and_the_data_trigger() {
        SchedulerConfig defaults = SchedulerConfig.defaults();
        assertThat(defaults.schedules()).extracting(Schedule::name, Schedule::cron, schedule -> schedule.selection().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hourly", "0 0 * * * ?", "kind:load kind:model"),
                        org.assertj.core.groups.Tuple.tuple("daily", "0 30 3 * * ?", "maintenance"));
        assertThat(defaults.dataTrigger()).isTrue();
        assertThat(defaults.dataMinInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.schedules().get(0).nextAfter(Instant.parse("2024-05-01T10:15:00Z"))).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerConfig.from(Settings.of(Map.of("scheduler.schedule.hourly.cron", "every hour"))))
                .hasMessageContaining("Cannot use cron expression 'every hour' of schedule hourly");
        assertThat(defaults.catchup()).isFalse();
        assertThat(SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.CATCHUP, "true"))).catchup()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.CATCHUP, "yes"))))
                .hasMessageContaining("Cannot use scheduler.catchup=yes: expected true or false");
    }

    @Test
    void a_due_firing_starts_one_run_even_with_two_schedulers_on_the_catalog_and_missed_firings_are_not_made_up() {
        FakeTask task = FakeTask.model("stage.a", List.of("raw.a"));
        Dag dag = Dag.of(List.of(task));
        RunHistory first = history();
        Scheduler one = scheduler(dag, first, hourly("stage.a"), "one");
        Scheduler two = scheduler(dag, history(), hourly("stage.a"), "two");
        Instant start = Instant.parse("2024-05-01T10:59:00Z");
        one.tick(start);
        two.tick(start);
        assertThat(one.nextFirings()).containsEntry("hourly", Instant.parse("2024-05-01T11:00:00Z"));

        one.tick(Instant.parse("2024-05-01T11:00:00Z"));
        two.tick(Instant.parse("2024-05-01T11:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> first.runs(10, RunHistory.RunFilter.ALL).stream()
                .anyMatch(run -> run.state().equals("success")));
        // down from 11:00 to 14:30: the 12, 13 and 14 o'clock firings are not made up; the next one is 15:00
        one.tick(Instant.parse("2024-05-01T14:30:00Z"));
        assertThat(one.nextFirings()).containsEntry("hourly", Instant.parse("2024-05-01T15:00:00Z"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<RunRecord> runs = first.runs(10, RunHistory.RunFilter.ALL);
        assertThat(runs).extracting(RunRecord::triggerKey).containsExactly("schedule:hourly:2024-05-01T11:00:00Z");
        assertThat(task.calls).hasValue(1);
    }

    @Test
    void with_catch_up_the_firings_missed_while_no_scheduler_ran_run_one_at_a_time_in_order_at_the_next_start() {
        FakeTask task = FakeTask.model("stage.a", List.of("raw.a"));
        Dag dag = Dag.of(List.of(task));
        SchedulerConfig catchup = SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.SCHEDULES, "hourly",
                "scheduler.schedule.hourly.select", "stage.a", SchedulerConfig.DATA_TRIGGER, "off", SchedulerConfig.CATCHUP, "true")));
        RunHistory history = history();
        Scheduler before = scheduler(dag, history, catchup, "before");
        before.tick(Instant.parse("2024-05-01T10:59:00Z")); // nothing recorded yet: the first firing is the next one
        before.tick(Instant.parse("2024-05-01T11:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> succeeded(history, "2024-05-01T11:00:00Z"));
        before.stop();

        // no scheduler from 11:00 to 14:30; the next start runs 12:00, 13:00 and 14:00, each after the one before
        Scheduler after = scheduler(dag, history(), catchup, "after");
        Instant restart = Instant.parse("2024-05-01T14:30:00Z");
        for (String hour : List.of("12", "13", "14")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                after.tick(restart);
                return succeeded(history, "2024-05-01T" + hour + ":00:00Z");
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> history.runs(10, RunHistory.RunFilter.ALL).stream()
                .allMatch(run -> run.state().equals("success")));
        after.tick(restart);
        assertThat(after.nextFirings()).containsEntry("hourly", Instant.parse("2024-05-01T15:00:00Z"));
        List<RunRecord> runs = new java.util.ArrayList<>(history.runs(10, RunHistory.RunFilter.ALL));
        runs.sort(java.util.Comparator.comparing(RunRecord::startedAt));
        assertThat(runs).extracting(RunRecord::triggerKey).containsExactly("schedule:hourly:2024-05-01T11:00:00Z",
                "schedule:hourly:2024-05-01T12:00:00Z", "schedule:hourly:2024-05-01T13:00:00Z", "schedule:hourly:2024-05-01T14:00:00Z");
        assertThat(task.calls).hasValue(4);
        assertThat(events).anyMatch(line -> line.contains("catching up the firing of 2024-05-01T12:00:00Z"));
    }

    private static boolean succeeded(RunHistory history, String firing) {
        return history.runs(20, RunHistory.RunFilter.ALL).stream()
                .anyMatch(run -> run.triggerKey() != null && run.triggerKey().equals("schedule:hourly:" + firing) && run.state().equals("success"));
    }

    @Test
    void a_model_runs_when_its_input_has_new_rows_but_not_after_a_compaction() throws Exception {
        Table input = lake.createIfMissing("raw.events", EVENTS, PartitionSpec.unpartitioned());
        FakeTask model = FakeTask.model("stage.events", List.of("raw.events"));
        RunHistory history = history();
        SchedulerConfig config = SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.SCHEDULES, "",
                SchedulerConfig.DATA_MIN_INTERVAL, "0s")));
        Scheduler scheduler = scheduler(Dag.of(List.of(model)), history, config, "one");
        Instant now = Instant.parse("2024-05-01T10:00:00Z");

        scheduler.tick(now); // no snapshot yet: nothing to run
        append(input, 1);
        append(input, 2);
        scheduler.tick(now = now.plusSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> model.calls.get() == 1 && history.runs(10, RunHistory.RunFilter.ALL).stream()
                .allMatch(run -> run.state().equals("success")));
        scheduler.tick(now = now.plusSeconds(10)); // nothing new
        Maintenance.run(lake, MaintenanceOptions.of(MaintenanceConfig.defaults()).withTable("raw.events").withSteps(MaintenanceStep.COMPACT),
                Clock.systemUTC(), null);
        scheduler.tick(now = now.plusSeconds(10)); // a compaction is no new data
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(model.calls).hasValue(1);

        append(input, 3);
        scheduler.tick(now.plusSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> model.calls.get() == 2);
        assertThat(history.runs(10, RunHistory.RunFilter.ALL)).extracting(RunRecord::triggerKind).containsOnly("data");
    }

    @Test
    void a_retry_queued_on_the_dashboard_runs_the_failed_tasks_of_a_run_on_the_next_tick() {
        boolean[] broken = {true};
        FakeTask stage = FakeTask.model("stage.a", List.of("raw.a"), call -> {
            if (broken[0]) {
                throw new IllegalStateException("disk full");
            }
        });
        FakeTask mart = FakeTask.model("mart.a", List.of("stage.a"));
        FakeTask other = FakeTask.model("mart.b", List.of("raw.a"));
        Dag dag = Dag.of(List.of(stage, mart, other));
        RunHistory history = history();
        Scheduler scheduler = scheduler(dag, history, hourly("stage.a"), "one");
        DagRunner runner = new DagRunner(dag, history, new TaskEnvironment(lake, engine, Settings.empty(), Clock.systemUTC()), FAST, "cli",
                new Random(2));
        closing.add(runner);
        RunReport failed = runner.run(RunRequest.manual(Selection.all()));
        assertThat(failed.failed()).isTrue();

        broken[0] = false;
        String retry = history.queueRetry(failed.runId().orElseThrow(), "retry-1", Instant.now());
        assertThat(history.run(retry).orElseThrow().selection()).isEqualTo("stage.a mart.a");
        scheduler.tick(Instant.parse("2024-05-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> history.run(retry).orElseThrow().state().equals("success"));
        assertThat(mart.calls).hasValue(1);
        assertThat(other.calls).hasValue(1);
    }

    @Test
    void a_backfill_runs_its_intervals_in_order_and_resumes_after_a_cancel_where_it_stopped() {
        FakeTask model = FakeTask.model("mart.a", List.of("raw.a"));
        RunHistory history = history();
        DagRunner runner = new DagRunner(Dag.of(List.of(model)), history, new TaskEnvironment(lake, engine, Settings.empty(), Clock.systemUTC()),
                FAST, "cli", new Random(3));
        closing.add(runner);
        Instant from = Instant.parse("2024-05-01T00:00:00Z");
        Instant to = Instant.parse("2024-05-04T00:00:00Z");
        assertThat(Backfill.intervals(from, to, "1d", ZoneOffset.UTC)).hasSize(3);
        assertThat(Backfill.intervals(from, Instant.parse("2024-05-01T05:30:00Z"), "0 0 */2 * * ?", ZoneOffset.UTC))
                .extracting(range -> MicrosRange.instant(range.endMicros()).toString())
                .containsExactly("2024-05-01T02:00:00Z", "2024-05-01T04:00:00Z", "2024-05-01T05:30:00Z");

        BackfillRecord backfill = Backfill.create(history, Selection.parse("mart.a"), from, to, "1d", ZoneOffset.UTC, Clock.systemUTC());
        List<String> lines = new ArrayList<>();
        Backfill.Outcome first = Backfill.run(runner, history, backfill, ZoneOffset.UTC, Clock.systemUTC(), () -> lines.size() >= 2, lines::add);
        assertThat(first).isEqualTo(Backfill.Outcome.CANCELLED);
        BackfillRecord stopped = Backfill.unfinished(history, Selection.parse("mart.a"), from, to, "1d").orElseThrow();
        assertThat(stopped.nextStart()).isEqualTo(Instant.parse("2024-05-03T00:00:00Z"));
        assertThat(stopped.state()).isEqualTo("cancelled");

        assertThat(Backfill.run(runner, history, stopped, ZoneOffset.UTC, Clock.systemUTC(), () -> false, lines::add)).isEqualTo(Backfill.Outcome.DONE);
        assertThat(model.windows).extracting(range -> MicrosRange.instant(range.startMicros()).toString())
                .containsExactly("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", "2024-05-03T00:00:00Z");
        assertThat(history.backfill(backfill.backfillId()).orElseThrow().state()).isEqualTo("success");
        assertThat(history.runs(10, RunHistory.RunFilter.ALL)).extracting(RunRecord::triggerKind).containsOnly("backfill").hasSize(3);
    }

    private void append(Table table, long second) throws Exception {
        try (Connection duckdb = engine.trustedConnection()) {
            AppendFiles append = table.newAppend();
            ParquetTableWriter.write(duckdb, table, "SELECT make_timestamptz(" + second * 1_000_000L + ") AS ts").forEach(append::appendFile);
            append.commit();
        }
    }
}
