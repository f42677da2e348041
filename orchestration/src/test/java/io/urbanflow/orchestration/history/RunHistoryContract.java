package io.urbanflow.orchestration.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.urbanflow.lake.LakeConfig;

/** What every catalog database must do for the history, run by {@link RunHistoryTest} (SQLite) and {@link RunHistoryPostgresIT}. */
final class RunHistoryContract {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private RunHistoryContract() {
    }

    /** Migrates, records a run with its tasks and attempts, reads it back, and settles races on firings and leases. */
    static void check(LakeConfig lake) throws Exception {
        try (RunHistory first = RunHistory.open(lake); RunHistory second = RunHistory.open(lake)) {
            assertThat(first.schemaVersion()).isEqualTo("1");
            assertThat(first.createRun("run-1", "schedule", "schedule:hourly:T0", "all", false, T0, T0.plusSeconds(3600), List.of(
                    new PlannedTask("stage.a", "model", List.of(), 3), new PlannedTask("mart.a", "model", List.of("stage.a"), 3)),
                    "one", T0)).contains("run-1");
            // the same firing from another scheduler records nothing
            assertThat(second.createRun("run-2", "schedule", "schedule:hourly:T0", "all", false, null, null, List.of(), "two", T0)).isEmpty();
            first.attemptStarted("run-1", "stage.a", 1, "one", T0);
            first.attemptFinished("run-1", "stage.a", 1, "success", "success", null, 42, "stage.a@7", null, "log line\n", T0.plusSeconds(2));
            first.taskSettled("run-1", "mart.a", "upstream_failed", "not run", T0.plusSeconds(2));
            first.finishRun("run-1", "failed", T0.plusSeconds(2));

            RunRecord run = second.run("run-1").orElseThrow();
            assertThat(run.state()).isEqualTo("failed");
            assertThat(run.windowEnd()).isEqualTo(T0.plusSeconds(3600));
            assertThat(second.tasks("run-1")).extracting(TaskRecord::task, TaskRecord::state, TaskRecord::rowsWritten, TaskRecord::snapshots)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("stage.a", "success", 42L, "stage.a@7"),
                            org.assertj.core.groups.Tuple.tuple("mart.a", "upstream_failed", 0L, ""));
            assertThat(second.tasks("run-1").get(1).upstream()).containsExactly("stage.a");
            assertThat(second.attempts("run-1", null)).singleElement().satisfies(attempt -> assertThat(attempt.log()).isEqualTo("log line\n"));
            assertThat(second.runs(10, RunHistory.RunFilter.FAILED)).extracting(RunRecord::runId).containsExactly("run-1");

            // eight threads on two connections race for one lease: one wins; it expires and is taken over
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> takers = new ArrayList<>();
                for (int index = 0; index < 8; index++) {
                    RunHistory history = index % 2 == 0 ? first : second;
                    String holder = "holder-" + index;
                    Callable<Boolean> take = () -> {
                        go.await();
                        return history.tryLease("task:stage.a", holder, "run-1", T0, T0.plusSeconds(60));
                    };
                    takers.add(pool.submit(take));
                }
                go.countDown();
                int won = 0;
                for (Future<Boolean> taker : takers) {
                    won += taker.get() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(first.tryLease("task:stage.a", "late", "run-1", T0.plusSeconds(30), T0.plusSeconds(90))).isFalse();
            assertThat(first.tryLease("task:stage.a", "late", "run-1", T0.plusSeconds(61), T0.plusSeconds(120))).isTrue();
            assertThat(second.leaseHolder("task:stage.a", T0.plusSeconds(62))).contains("late");

            // a retry queued for a scheduler, a scheduler that died mid-task, a backfill and a data trigger's memory
            String retry = first.queueRetry("run-1", "retry-1", T0.plusSeconds(100));
            assertThat(second.claimQueuedRun("two", T0.plusSeconds(101))).contains(retry);
            assertThat(first.claimQueuedRun("one", T0.plusSeconds(101))).isEmpty();
            second.attemptStarted(retry, "mart.a", 1, "two", T0.plusSeconds(102));
            assertThat(first.orphanedRuns(T0.plusSeconds(200))).containsExactly(retry);
            assertThat(first.claimOrphanedRun(retry, "one", T0.plusSeconds(200), T0.plusSeconds(201))).isTrue();
            assertThat(first.tasks(retry)).singleElement().satisfies(task -> assertThat(task.state()).isEqualTo("queued"));
            assertThat(first.attempts(retry, "mart.a")).singleElement().satisfies(attempt -> assertThat(attempt.error()).startsWith("orphaned"));
            first.createBackfill(new BackfillRecord("bf-1", "kind:model", T0, T0.plusSeconds(7200), "1h", T0, "queued", T0, T0, null));
            second.updateBackfill("bf-1", T0.plusSeconds(3600), "cancelled", null, T0.plusSeconds(300));
            assertThat(first.backfill("bf-1").orElseThrow().nextStart()).isEqualTo(T0.plusSeconds(3600));
            first.saveTrigger("data:stage.a", "raw.a@1", T0);
            second.saveTrigger("data:stage.a", "raw.a@2", T0.plusSeconds(1));
            assertThat(first.triggerSeen("data:stage.a")).contains("raw.a@2");
        }
    }
}
