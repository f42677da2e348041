package io.urbanflow.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.history.AttemptRecord;
import io.urbanflow.orchestration.history.PlannedTask;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.TaskRecord;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner over a real catalog database (SQLite) with scripted tasks. */
class DagRunnerTest {
    private static final OrchestrationConfig FAST = OrchestrationConfig.defaults()
            .withRetry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(80)))
            .withLease(Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private Lake lake;
    private DuckDbQueryEngine engine;
    private RunHistory history;
    private TaskEnvironment environment;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void open() {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
        history = RunHistory.open(lake.config());
        environment = new TaskEnvironment(lake, engine, Settings.empty(), Clock.systemUTC());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        history.close();
        engine.close();
        lake.close();
    }

    private DagRunner runner(Dag dag, OrchestrationConfig config, RunHistory on, String holder) {
        DagRunner runner = new DagRunner(dag, on, environment, config, holder, new Random(7));
        closing.add(runner);
        return runner;
    }

    @Test
    void independent_branches_run_at_once_and_each_task_after_its_upstream() {
        CountDownLatch both = new CountDownLatch(2);
        FakeTask.Body meet = call -> {
            both.countDown();
            if (!both.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other branch never ran beside this one");
            }
        };
        FakeTask stage = FakeTask.model("stage.a", List.of("raw.a"));
        FakeTask left = FakeTask.model("mart.left", List.of("stage.a"), meet);
        FakeTask right = FakeTask.model("mart.right", List.of("stage.a"), meet);
        List<String> order = new ArrayList<>();
        FakeTask last = FakeTask.model("mart.last", List.of("mart.left", "mart.right"), call -> order.add("last"));
        RunReport report = runner(Dag.of(List.of(last, left, right, stage)), FAST.withMaxParallel(2), history, "me")
                .run(RunRequest.manual(Selection.all()));

        assertThat(report.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(report.tasks()).extracting(TaskReport::state).containsOnly(TaskState.SUCCESS);
        assertThat(order).containsExactly("last");
        List<TaskRecord> tasks = history.tasks(report.runId().orElseThrow());
        Map<String, TaskRecord> byName = tasks.stream().collect(Collectors.toMap(TaskRecord::task, Function.identity()));
        assertThat(byName.get("mart.last").startedAt()).isAfterOrEqualTo(byName.get("mart.left").finishedAt());
        assertThat(byName.get("mart.left").startedAt()).isAfterOrEqualTo(byName.get("stage.a").finishedAt());
        assertThat(history.run(report.runId().orElseThrow()).orElseThrow().state()).isEqualTo("success");
    }

    @Test
    void a_task_failing_every_attempt_ends_failed_after_its_retries_and_its_downstream_upstream_failed() {
        FakeTask broken = FakeTask.model("stage.broken", List.of("raw.a"), FakeTask.failing("Cannot build stage.broken: disk full"));
        FakeTask after = FakeTask.model("mart.after", List.of("stage.broken"));
        FakeTask further = FakeTask.model("mart.further", List.of("mart.after"));
        FakeTask fine = FakeTask.model("mart.fine", List.of("raw.a"));
        RunReport report = runner(Dag.of(List.of(broken, after, further, fine)), FAST, history, "me").run(RunRequest.manual(Selection.all()));

        assertThat(report.failed()).isTrue();
        assertThat(broken.calls).hasValue(3);
        assertThat(after.calls).hasValue(0);
        assertThat(fine.calls).hasValue(1);
        String runId = report.runId().orElseThrow();
        assertThat(history.tasks(runId)).extracting(TaskRecord::task, TaskRecord::state, TaskRecord::attempts).containsExactly(
                org.assertj.core.groups.Tuple.tuple("stage.broken", "failed", 3),
                org.assertj.core.groups.Tuple.tuple("mart.after", "upstream_failed", 0),
                org.assertj.core.groups.Tuple.tuple("mart.further", "upstream_failed", 0),
                org.assertj.core.groups.Tuple.tuple("mart.fine", "success", 1));
        List<AttemptRecord> attempts = history.attempts(runId, "stage.broken");
        assertThat(attempts).extracting(AttemptRecord::state).containsExactly("failed", "failed", "failed");
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.error()).isEqualTo("Cannot build stage.broken: disk full"));
        assertThat(attempts.get(0).log()).contains("attempt 1 of stage.broken by me").contains("failed: Cannot build stage.broken");
        // exponential backoff: each wait at least half its doubled base
        assertThat(Duration.between(attempts.get(0).finishedAt(), attempts.get(1).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(10));
        assertThat(Duration.between(attempts.get(1).finishedAt(), attempts.get(2).startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(history.run(runId).orElseThrow().state()).isEqualTo("failed");
    }

    @Test
    void a_task_that_fails_once_succeeds_on_its_retry() {
        FakeTask flaky = FakeTask.model("stage.flaky", List.of("raw.a"), call -> {
            if (call == 1) {
                throw new java.io.IOException("connection reset");
            }
        });
        RunReport report = runner(Dag.of(List.of(flaky)), FAST, history, "me").run(RunRequest.manual(Selection.all()));
        assertThat(report.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(history.attempts(report.runId().orElseThrow(), null)).extracting(AttemptRecord::state).containsExactly("failed", "success");
    }

    @Test
    void only_a_blocking_test_that_fails_stops_its_models_readers_and_tests_are_not_retried() {
        FakeTask stage = FakeTask.model("stage.a", List.of("raw.a"));
        FakeTask blockingTest = FakeTask.test("test.stage.a.unique_id", "stage.a", true,
                call -> {
                    throw new TaskFailedException("Data test stage.a.unique_id failed: 2 duplicate keys");
                });
        FakeTask mart = FakeTask.model("mart.a", List.of("stage.a"));
        FakeTask other = FakeTask.model("stage.b", List.of("raw.b"));
        FakeTask warningTest = FakeTask.test("test.stage.b.not_null_id", "stage.b", false, FakeTask.failing("3 rows with NULLs"));
        FakeTask otherMart = FakeTask.model("mart.b", List.of("stage.b"));
        RunReport report = runner(Dag.of(List.of(stage, blockingTest, mart, other, warningTest, otherMart)), FAST, history, "me")
                .run(RunRequest.manual(Selection.all()));

        assertThat(blockingTest.calls).hasValue(1);
        assertThat(warningTest.calls).hasValue(1);
        assertThat(report.task("mart.a").orElseThrow().state()).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(report.task("mart.b").orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(report.task("test.stage.b.not_null_id").orElseThrow().state()).isEqualTo(TaskState.FAILED);
        assertThat(history.tasks(report.runId().orElseThrow())).filteredOn(task -> task.task().equals("test.stage.a.unique_id"))
                .singleElement().satisfies(task -> assertThat(task.error()).contains("2 duplicate keys"));
    }

    @Test
    void an_attempt_past_its_timeout_is_interrupted_and_failed() {
        FakeTask slow = FakeTask.model("stage.slow", List.of("raw.a"), call -> Thread.sleep(60_000));
        RunReport report = runner(Dag.of(List.of(slow)), FAST.withRetry(RetryPolicy.none()).withTaskTimeout(Duration.ofMillis(300)),
                history, "me").run(RunRequest.manual(Selection.all()));
        assertThat(report.failed()).isTrue();
        assertThat(report.task("stage.slow").orElseThrow().error()).hasValueSatisfying(error -> assertThat(error).contains("timed out after"));
    }

    @Test
    void two_schedulers_starting_the_same_firing_run_it_once() throws Exception {
        try (RunHistory other = RunHistory.open(lake.config())) {
            FakeTask task = FakeTask.model("stage.a", List.of("raw.a"), call -> Thread.sleep(100));
            Dag dag = Dag.of(List.of(task));
            DagRunner first = runner(dag, FAST, history, "first");
            DagRunner second = runner(dag, FAST, other, "second");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int firing = 0; firing < 5; firing++) {
                    RunRequest request = RunRequest.manual(Selection.all()).triggeredBy(Trigger.SCHEDULE, "schedule:hourly:" + firing);
                    Future<RunReport> a = pool.submit(() -> first.run(request));
                    Future<RunReport> b = pool.submit(() -> second.run(request));
                    assertThat(List.of(a.get(), b.get())).filteredOn(RunReport::ran).hasSize(1);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(task.calls).hasValue(5);
            assertThat(task.maxRunning).hasValue(1);
            assertThat(history.runs(100, RunHistory.RunFilter.ALL)).hasSize(5);
        }
    }

    @Test
    void two_runs_by_hand_of_one_task_take_turns_under_its_lease() throws Exception {
        try (RunHistory other = RunHistory.open(lake.config())) {
            FakeTask task = FakeTask.model("stage.a", List.of("raw.a"), call -> Thread.sleep(300));
            Dag dag = Dag.of(List.of(task));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<RunReport> a = pool.submit(() -> runner(dag, FAST, history, "first").run(RunRequest.manual(Selection.all())));
                Future<RunReport> b = pool.submit(() -> runner(dag, FAST, other, "second").run(RunRequest.manual(Selection.all())));
                assertThat(a.get().state()).isEqualTo(TaskState.SUCCESS);
                assertThat(b.get().state()).isEqualTo(TaskState.SUCCESS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(task.calls).hasValue(2);
            assertThat(task.maxRunning).hasValue(1);
        }
    }

    @Test
    void a_run_whose_scheduler_died_is_taken_over_its_running_attempt_failed_and_the_task_run_again() {
        FakeTask stage = FakeTask.model("stage.a", List.of("raw.a"));
        FakeTask mart = FakeTask.model("mart.a", List.of("stage.a"));
        Dag dag = Dag.of(List.of(stage, mart));
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
        // a scheduler recorded the run, finished stage.a, started mart.a and died (its heartbeat stopped long ago)
        history.createRun("run-1", "schedule", "schedule:hourly:1", "all", false, null, null, List.of(
                new PlannedTask("stage.a", "model", List.of(), 3), new PlannedTask("mart.a", "model", List.of("stage.a"), 3)), "ghost", longAgo);
        history.attemptStarted("run-1", "stage.a", 1, "ghost", longAgo);
        history.attemptFinished("run-1", "stage.a", 1, "success", "success", null, 10, "", null, "", longAgo);
        history.attemptStarted("run-1", "mart.a", 1, "ghost", longAgo);
        assertThat(history.tryLease("task:mart.a", "ghost", "run-1", longAgo, longAgo.plusSeconds(2))).isTrue();

        Instant staleBefore = Instant.now().minus(FAST.lease());
        assertThat(history.orphanedRuns(staleBefore)).containsExactly("run-1");
        assertThat(history.claimOrphanedRun("run-1", "heir", staleBefore, Instant.now())).isTrue();
        assertThat(history.claimOrphanedRun("run-1", "another heir", staleBefore, Instant.now())).isFalse();
        RunReport report = runner(dag, FAST, history, "heir").resume("run-1");

        assertThat(report.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(stage.calls).hasValue(0);
        assertThat(mart.calls).hasValue(1);
        assertThat(history.attempts("run-1", "mart.a")).extracting(AttemptRecord::attempt, AttemptRecord::state, AttemptRecord::holder)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "failed", "ghost"), org.assertj.core.groups.Tuple.tuple(2, "success", "heir"));
        assertThat(history.attempts("run-1", "mart.a").get(0).error()).startsWith("orphaned: its scheduler ghost stopped");
    }

    @Test
    void a_stopped_runner_skips_what_has_not_started() {
        DagRunner[] runner = new DagRunner[1];
        FakeTask stage = FakeTask.model("stage.a", List.of("raw.a"), call -> runner[0].stop());
        FakeTask mart = FakeTask.model("mart.a", List.of("stage.a"));
        runner[0] = runner(Dag.of(List.of(stage, mart)), FAST, history, "me");
        RunReport report = runner[0].run(RunRequest.manual(Selection.all()));
        assertThat(report.task("stage.a").orElseThrow().state()).isEqualTo(TaskState.SUCCESS);
        assertThat(report.task("mart.a").orElseThrow().state()).isEqualTo(TaskState.SKIPPED);
        assertThat(report.state()).isEqualTo(TaskState.SUCCESS);
    }
}
