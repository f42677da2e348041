package io.urbanflow.orchestration;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * A scheduler in a JVM of its own, for {@link SchedulerKillIT}: a DAG of {@code stage.slow} (marks its start in
 * {@code MARKS/attempt-N-start}, then waits for {@code MARKS/release}) and {@code mart.after}. With {@code start}, it also
 * runs the DAG once by hand; every process runs the scheduler (which takes over orphaned runs) until SIGTERM.
 * Arguments: DATA_DIR MARKS start|join.
 */
public final class SchedulerMain {
    private SchedulerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path marks = Path.of(args[1]);
        boolean start = args[2].equals("start");
        FakeTask slow = FakeTask.model("stage.slow", List.of("raw.a"), call -> {
            int attempt = Files.exists(marks.resolve("attempt-1-start")) ? 2 : 1;
            Files.writeString(marks.resolve("attempt-" + attempt + "-start"), ProcessHandle.current().pid() + " " + Instant.now());
            while (!Files.exists(marks.resolve("release"))) {
                Thread.sleep(50);
            }
        });
        FakeTask after = FakeTask.model("mart.after", List.of("stage.slow"));
        Dag dag = Dag.of(List.of(slow, after));
        OrchestrationConfig config = OrchestrationConfig.defaults().withLease(Duration.ofSeconds(2))
                .withRetry(new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)));
        SchedulerConfig schedules = SchedulerConfig.from(Settings.of(Map.of(SchedulerConfig.SCHEDULES, "",
                SchedulerConfig.DATA_TRIGGER, "off", SchedulerConfig.TICK, "200ms")));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             RunHistory history = RunHistory.open(lake.config());
             DagRunner runner = new DagRunner(dag, history, new TaskEnvironment(lake, engine, Settings.empty(), Clock.systemUTC()),
                     config, DagRunner.newHolder(), new Random())) {
            Scheduler scheduler = new Scheduler(runner, history, schedules, Clock.systemUTC(), System.out::println);
            CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scheduler.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            if (start) {
                Thread manual = new Thread(() -> System.out.println("manual run: " + runner.run(RunRequest.manual(Selection.all())).state()));
                manual.setDaemon(true);
                manual.start();
            }
            System.out.println("scheduler " + runner.holder() + " ready");
            scheduler.run();
            done.countDown();
        }
    }
}
