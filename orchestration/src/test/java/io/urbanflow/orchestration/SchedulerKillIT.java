package io.urbanflow.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.orchestration.history.AttemptRecord;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a scheduler in the middle of a task, with a second scheduler on the same catalog: the second never runs
 * the task while the first lives (its lease is renewed), takes the run over once the first's heartbeat expired, marks
 * the orphaned attempt failed, runs it again and finishes the run.
 */
class SchedulerKillIT {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void after_kill_9_the_other_scheduler_fails_the_orphaned_attempt_and_retries_it_never_running_it_twice_at_once() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path marks = Files.createDirectories(dir.resolve("marks"));
        Lake.open(LakeConfig.defaults(data)).close();
        Process first = start(data, marks, "start", dir.resolve("first.log"));
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(marks.resolve("attempt-1-start")));
        Process second = start(data, marks, "join", dir.resolve("second.log"));
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(dir.resolve("second.log")).contains("ready"));

        // while the first lives, its lease and heartbeat hold: the second does not take the task (three lease lengths)
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(marks.resolve("attempt-2-start")));
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no last write
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant killed = Instant.now();
        Files.writeString(marks.resolve("release"), "go");

        try (RunHistory history = RunHistory.open(LakeConfig.defaults(data))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> history.runs(5, RunHistory.RunFilter.ALL).stream()
                    .anyMatch(run -> run.state().equals("success")));
            RunRecord run = history.runs(5, RunHistory.RunFilter.ALL).get(0);
            List<AttemptRecord> attempts = history.attempts(run.runId(), "stage.slow");
            assertThat(attempts).extracting(AttemptRecord::attempt, AttemptRecord::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "failed"), org.assertj.core.groups.Tuple.tuple(2, "success"));
            assertThat(attempts.get(0).error()).startsWith("orphaned: its scheduler");
            assertThat(attempts.get(0).holder()).isNotEqualTo(attempts.get(1).holder());
            assertThat(attempts.get(1).startedAt()).isAfterOrEqualTo(attempts.get(0).finishedAt());
            assertThat(attempts.get(1).startedAt()).isAfter(killed.minusSeconds(1));
            assertThat(history.tasks(run.runId())).extracting(task -> task.task() + " " + task.state())
                    .containsExactly("stage.slow success", "mart.after success");
        }
        String secondStart = Files.readString(marks.resolve("attempt-2-start"));
        assertThat(secondStart).startsWith(Long.toString(second.pid()));

        second.destroy(); // SIGTERM: a clean stop
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("second.log"))).contains("taken over");
    }

    private Process start(Path data, Path marks, String mode, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), SchedulerMain.class.getName(), data.toString(), marks.toString(), mode);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(process);
        return process;
    }
}
