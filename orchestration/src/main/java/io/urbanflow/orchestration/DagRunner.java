package io.urbanflow.orchestration;

import io.urbanflow.model.Durations;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.history.PlannedTask;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.orchestration.history.RunRecord;
import io.urbanflow.orchestration.history.TaskRecord;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.MicrosRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.apache.iceberg.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs selections of the DAG: every task after its upstream tasks, independent branches in parallel (at most
 * {@link OrchestrationConfig#maxParallel()} tasks at once), each under its lease, retried with exponential backoff and
 * jitter while attempts are left, interrupted at its timeout; a failure marks everything downstream upstream_failed.
 * Every state change is recorded in the {@link RunHistory} as it happens, so a run whose process died is resumed by
 * another ({@link #resume}): its running attempts were failed as orphaned, its tasks queued again.
 *
 * <p>The holder (this process's name in the history) heartbeats its runs and renews its leases every third of the
 * lease while a run is in progress. Thread-safe: several runs may proceed at once from several threads; tasks of
 * different runs never run at once under one name, because the lease is per task. {@link #stop()} lets running tasks
 * finish and skips the rest. Close it to stop the heartbeat.
 */
public final class DagRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DagRunner.class);
    private static final Duration LEASE_POLL = Duration.ofMillis(250);

    private final Dag dag;
    private final RunHistory history;
    private final TaskEnvironment environment;
    private final OrchestrationConfig config;
    private final String holder;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger activeRuns = new AtomicInteger();
    private final ScheduledExecutorService heartbeat;
    private final ScheduledExecutorService watchdog;
    private ScheduledFuture<?> beating;

    /**
     * @param dag    the whole DAG; runs take selections of it
     * @param holder this process's name in the history and on its leases; unique among live processes
     */
    public DagRunner(Dag dag, RunHistory history, TaskEnvironment environment, OrchestrationConfig config, String holder,
                     RandomGenerator random) {
        this.dag = dag;
        this.history = history;
        this.environment = environment;
        this.config = config;
        this.holder = holder;
        this.clock = environment.clock();
        this.random = random;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("urbanflow-heartbeat"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("urbanflow-task-timeout"));
    }

    /** A holder name for this process: host, process id and a random part. */
    public static String newHolder() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Dag dag() {
        return dag;
    }

    public String holder() {
        return holder;
    }

    public OrchestrationConfig config() {
        return config;
    }

    io.urbanflow.lake.Lake environmentLake() {
        return environment.lake();
    }

    /**
     * Records and runs a selection, returning when every task ended.
     *
     * @return the report; not started (no run id) when the request's trigger key was recorded by another process first
     * @throws UrbanFlowException when the selection names an unknown task or the history cannot be written
     */
    public RunReport run(RunRequest request) {
        Dag selected = dag.select(request.selection(), request.tests());
        String runId = newRunId(clock.instant());
        List<PlannedTask> planned = new ArrayList<>();
        for (Task task : selected.tasks()) {
            planned.add(new PlannedTask(task.name(), task.kind().label(), selected.upstream(task.name()), maxAttempts(task)));
        }
        Instant now = clock.instant();
        Optional<String> created = history.createRun(runId, request.trigger().label(), request.triggerKey(),
                request.selection().toString(), request.mode() == BuildMode.FULL,
                request.window().map(window -> MicrosRange.instant(window.startMicros())).orElse(null),
                request.window().map(window -> MicrosRange.instant(window.endMicros())).orElse(null), planned, holder, now);
        if (created.isEmpty()) {
            LOG.debug("Run {} was started by another scheduler", request.triggerKey());
            return RunReport.notStarted(now);
        }
        return execute(runId, request.mode(), request.window(), now);
    }

    /**
     * Continues a run this holder claimed ({@link RunHistory#claimOrphanedRun}, {@link RunHistory#claimQueuedRun}):
     * its finished tasks stay as they are, the others run.
     */
    public RunReport resume(String runId) {
        RunRecord run = history.run(runId).orElseThrow(() -> new UrbanFlowException("Cannot resume run " + runId + ": no such run"));
        Optional<MicrosRange> window = run.windowStart() == null ? Optional.empty()
                : Optional.of(new MicrosRange(micros(run.windowStart()), micros(run.windowEnd())));
        return execute(runId, run.fullRefresh() ? BuildMode.FULL : BuildMode.INCREMENTAL, window,
                run.startedAt() == null ? clock.instant() : run.startedAt());
    }

    /** Starts no new task; running tasks finish, queued ones end skipped. Thread-safe. */
    public void stop() {
        stopping.set(true);
    }

    public boolean stopping() {
        return stopping.get();
    }

    @Override
    public void close() {
        stop();
        heartbeat.shutdownNow();
        watchdog.shutdownNow();
    }

    private int maxAttempts(Task task) {
        return task.retryable() ? config.retry().maxAttempts() : 1;
    }

    /** What the coordinator knows of a task of the run. */
    private static final class Slot {
        final Task task;
        final List<String> upstream;
        TaskState state;
        int attempts;
        final int maxAttempts;
        Instant retryAt;
        TaskReport report;

        Slot(Task task, List<String> upstream, TaskState state, int attempts, int maxAttempts, Instant retryAt) {
            this.task = task;
            this.upstream = upstream;
            this.state = state;
            this.attempts = attempts;
            this.maxAttempts = maxAttempts;
            this.retryAt = retryAt;
        }
    }

    /** An attempt's end, handed from its worker to the coordinator. */
    private record Finished(Slot slot, int attempt, TaskOutcome outcome, Throwable failure, Duration elapsed, Instant retryAt) {
        /** Never started: stopped or interrupted while another run held its lease, or the lease could not be taken. */
        static Finished notStarted(Slot slot, Throwable reason) {
            return new Finished(slot, 0, null, reason, Duration.ZERO, null);
        }
    }

    private RunReport execute(String runId, BuildMode mode, Optional<MicrosRange> window, Instant started) {
        startHeartbeat();
        try {
            return coordinate(runId, mode, window, started);
        } finally {
            stopHeartbeatIfIdle();
        }
    }

    private RunReport coordinate(String runId, BuildMode mode, Optional<MicrosRange> window, Instant started) {
        Map<String, Slot> slots = new LinkedHashMap<>();
        for (TaskRecord record : history.tasks(runId)) {
            TaskState state = TaskState.parse(record.state());
            if (!dag.contains(record.task())) {
                if (!state.finished()) {
                    history.taskSettled(runId, record.task(), TaskState.FAILED.label(), "task " + record.task()
                            + " is no longer in the DAG", clock.instant());
                }
                continue;
            }
            Slot slot = new Slot(dag.task(record.task()), record.upstream(), state, record.attempts(), record.maxAttempts(), record.retryAt());
            if (state == TaskState.RUNNING) {
                // recorded running by this very holder (a resume after a claim turned orphans to queued): run it again
                slot.state = TaskState.QUEUED;
            }
            if (slot.state.finished()) {
                slot.report = new TaskReport(record.task(), slot.task.kind(), slot.state, record.attempts(), record.rowsWritten(),
                        "", Optional.ofNullable(record.error()), record.duration().orElse(Duration.ZERO), Optional.empty());
            }
            slots.put(record.task(), slot);
        }
        BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        ExecutorService workers = Executors.newFixedThreadPool(config.maxParallel(), daemon("urbanflow-task"));
        int running = 0;
        try {
            while (true) {
                Instant now = clock.instant();
                Instant nextRetry = null;
                boolean pending = false;
                for (Slot slot : slots.values()) {
                    if (slot.state != TaskState.QUEUED) {
                        pending |= slot.state == TaskState.RUNNING;
                        continue;
                    }
                    Optional<Slot> broken = slot.upstream.stream().map(slots::get)
                            .filter(before -> before != null && (before.state == TaskState.FAILED || before.state == TaskState.UPSTREAM_FAILED
                                    || before.state == TaskState.SKIPPED)).findFirst();
                    if (broken.isPresent()) {
                        TaskState state = broken.get().state == TaskState.SKIPPED ? TaskState.SKIPPED : TaskState.UPSTREAM_FAILED;
                        settle(runId, slot, state, state == TaskState.SKIPPED ? "not run: " + broken.get().task.name() + " was skipped"
                                : "not run: upstream task " + broken.get().task.name() + " failed");
                        continue;
                    }
                    if (stopping.get()) {
                        settle(runId, slot, TaskState.SKIPPED, "not run: the scheduler stopped");
                        continue;
                    }
                    pending = true;
                    boolean ready = slot.upstream.stream().map(slots::get).allMatch(before -> before == null || before.state == TaskState.SUCCESS);
                    if (!ready || running >= config.maxParallel()) {
                        continue;
                    }
                    if (slot.retryAt != null && slot.retryAt.isAfter(now)) {
                        nextRetry = nextRetry == null || slot.retryAt.isBefore(nextRetry) ? slot.retryAt : nextRetry;
                        continue;
                    }
                    slot.state = TaskState.RUNNING;
                    running++;
                    int attempt = slot.attempts + 1;
                    workers.execute(() -> {
                        Finished done;
                        try {
                            done = attempt(runId, slot, attempt, mode, window);
                        } catch (Throwable e) { // the history could not be written: the task ends failed, the run goes on
                            done = new Finished(slot, attempt, null, e, Duration.ZERO, null);
                        }
                        finished.add(done);
                    });
                }
                if (!pending && running == 0) {
                    break;
                }
                long waitMillis = nextRetry == null ? 1000 : Math.max(1, Math.min(1000, Duration.between(now, nextRetry).toMillis()));
                Finished done;
                try {
                    done = finished.poll(waitMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop();
                    continue;
                }
                while (done != null) {
                    running--;
                    record(runId, done);
                    done = finished.poll();
                }
            }
        } finally {
            workers.shutdown();
        }
        boolean failed = slots.values().stream().anyMatch(slot -> slot.state == TaskState.FAILED || slot.state == TaskState.UPSTREAM_FAILED);
        TaskState state = failed ? TaskState.FAILED : TaskState.SUCCESS;
        Instant end = clock.instant();
        history.finishRun(runId, state.label(), end);
        List<TaskReport> reports = new ArrayList<>();
        slots.values().forEach(slot -> reports.add(slot.report));
        return new RunReport(Optional.of(runId), state, started, end, reports);
    }

    private void settle(String runId, Slot slot, TaskState state, String reason) {
        slot.state = state;
        slot.report = new TaskReport(slot.task.name(), slot.task.kind(), state, slot.attempts, 0, reason, Optional.of(reason),
                Duration.ZERO, Optional.empty());
        history.taskSettled(runId, slot.task.name(), state.label(), reason, clock.instant());
    }

    /** Coordinator: the attempt's end into the slot and the history. */
    private void record(String runId, Finished done) {
        Slot slot = done.slot();
        if (done.attempt() == 0) {
            boolean stopped = done.failure() instanceof NotStartedException;
            settle(runId, slot, stopped ? TaskState.SKIPPED : TaskState.FAILED, message(done.failure()));
            return;
        }
        slot.attempts = done.attempt();
        if (done.failure() == null) {
            slot.state = TaskState.SUCCESS;
            slot.report = new TaskReport(slot.task.name(), slot.task.kind(), TaskState.SUCCESS, done.attempt(), done.outcome().rowsWritten(),
                    done.outcome().summary(), Optional.empty(), done.elapsed(), done.outcome().model());
            return;
        }
        String error = message(done.failure());
        boolean again = done.retryAt() != null;
        slot.state = again ? TaskState.QUEUED : TaskState.FAILED;
        slot.retryAt = done.retryAt();
        slot.report = new TaskReport(slot.task.name(), slot.task.kind(), slot.state, done.attempt(), 0, error, Optional.of(error),
                done.elapsed(), Optional.empty());
        if (again) {
            LOG.info("Task {} failed (attempt {} of {}), retrying at {}: {}", slot.task.name(), done.attempt(), slot.maxAttempts,
                    slot.retryAt, error);
        } else {
            LOG.warn("Task {} failed after {} attempt{}: {}", slot.task.name(), done.attempt(), done.attempt() == 1 ? "" : "s", error);
        }
    }

    /** Worker: one attempt under the task's lease; its outcome is recorded before the lease is released. */
    private Finished attempt(String runId, Slot slot, int attempt, BuildMode mode, Optional<MicrosRange> window) {
        Task task = slot.task;
        String lease = "task:" + task.name();
        long startNanos = System.nanoTime();
        try {
            boolean waited = false;
            while (!history.tryLease(lease, holder, runId, clock.instant(), clock.instant().plus(config.lease()))) {
                if (stopping.get()) {
                    return Finished.notStarted(slot, new NotStartedException("not run: the scheduler stopped while another run held its lease"));
                }
                if (!waited) {
                    LOG.info("Task {} waits: another run holds its lease ({})", task.name(),
                            history.leaseHolder(lease, clock.instant()).orElse("?"));
                    waited = true;
                }
                Thread.sleep(LEASE_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finished.notStarted(slot, new NotStartedException("not run: interrupted while another run held its lease"));
        } catch (RuntimeException e) {
            return Finished.notStarted(slot, e);
        }
        TaskContext context = new TaskContext(environment, mode, window, runId, attempt);
        Instant started = clock.instant();
        history.attemptStarted(runId, task.name(), attempt, holder, started);
        Map<String, Long> before = snapshots(task);
        Thread worker = Thread.currentThread();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> timeout = watchdog.schedule(() -> {
            timedOut.set(true);
            worker.interrupt();
        }, config.taskTimeout().toMillis(), TimeUnit.MILLISECONDS);
        TaskOutcome outcome = null;
        Throwable failure = null;
        try {
            context.log("attempt " + attempt + " of " + task.name() + " by " + holder);
            outcome = task.run(context);
            if (timedOut.get()) {
                failure = new UrbanFlowException("Cannot run " + task.name() + ": timed out after " + Durations.text(config.taskTimeout()));
            } else {
                context.log(outcome.summary());
            }
        } catch (Throwable e) {
            failure = timedOut.get() ? new UrbanFlowException("Cannot run " + task.name() + ": timed out after "
                    + Durations.text(config.taskTimeout()), e) : e;
            context.log("failed: " + message(failure));
            LOG.debug("Task {} attempt {} failed", task.name(), attempt, failure);
        } finally {
            timeout.cancel(false);
            Thread.interrupted(); // a timeout's interrupt must not reach the next attempt on this thread
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        String produced = produced(task, before);
        Instant retryAt = null;
        try {
            if (failure == null) {
                history.attemptFinished(runId, task.name(), attempt, TaskState.SUCCESS.label(), TaskState.SUCCESS.label(), null,
                        outcome.rowsWritten(), produced, null, context.logText(), clock.instant());
            } else {
                boolean again = task.retryable() && !(failure instanceof TaskFailedException) && attempt < slot.maxAttempts && !stopping.get();
                retryAt = again ? clock.instant().plus(config.retry().delayAfter(attempt, random)) : null;
                history.attemptFinished(runId, task.name(), attempt, TaskState.FAILED.label(),
                        again ? TaskState.QUEUED.label() : TaskState.FAILED.label(), retryAt, 0, produced, message(failure),
                        context.logText(), clock.instant());
            }
        } finally {
            history.releaseLease(lease, holder);
        }
        return new Finished(slot, attempt, outcome, failure, elapsed, retryAt);
    }

    /** The current snapshot of each table the task writes (absent: no table or no snapshot yet). */
    private Map<String, Long> snapshots(Task task) {
        Map<String, Long> ids = new HashMap<>();
        for (String name : task.writes()) {
            try {
                environment.lake().findTable(name).ifPresent(table -> {
                    Snapshot current = table.currentSnapshot();
                    if (current != null) {
                        ids.put(name, current.snapshotId());
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("Snapshot of {} unknown", name, e);
            }
        }
        return ids;
    }

    /** {@code stage.gps_points@123,mart.x@456}: the tables whose snapshot changed during the attempt. */
    private String produced(Task task, Map<String, Long> before) {
        StringJoiner joiner = new StringJoiner(",");
        for (Map.Entry<String, Long> after : snapshots(task).entrySet()) {
            if (!after.getValue().equals(before.get(after.getKey()))) {
                joiner.add(after.getKey() + "@" + after.getValue());
            }
        }
        return joiner.toString();
    }

    private synchronized void startHeartbeat() {
        if (activeRuns.getAndIncrement() == 0) {
            long period = Math.max(100, config.lease().toMillis() / 3);
            beating = heartbeat.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void stopHeartbeatIfIdle() {
        if (activeRuns.decrementAndGet() == 0 && beating != null) {
            beating.cancel(false);
            beating = null;
        }
    }

    /** Renews this holder's runs and leases; a failure is logged and tried again next time. */
    private void beat() {
        try {
            Instant now = clock.instant();
            history.heartbeat(holder, now);
            history.renewLeases(holder, now.plus(config.lease()));
        } catch (RuntimeException e) {
            LOG.warn("Cannot renew the leases of {}: {}", holder, e.getMessage());
        }
    }

    /** Ids sort by time: {@code 20240501T120000Z-1a2b3c4d}. */
    static String newRunId(Instant now) {
        String time = java.time.format.DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(now);
        return time + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String message(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UrbanFlowException) {
                return cause.getMessage();
            }
        }
        return failure.toString();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A task that never started. */
    private static final class NotStartedException extends UrbanFlowException {
        private static final long serialVersionUID = 1L;

        NotStartedException(String message) {
            super(message);
        }
    }
}
