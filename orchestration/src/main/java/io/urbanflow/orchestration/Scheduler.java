package io.urbanflow.orchestration;

import io.urbanflow.orchestration.history.BackfillRecord;
import io.urbanflow.orchestration.history.RunHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler daemon: every tick it takes over runs whose scheduler died, starts runs queued on the dashboard
 * (retries) and queued backfills, fires the cron schedules that are due and the data trigger. Runs go on threads of
 * their own, so a long run does not hold up the clock; a schedule whose previous run is still going skips its firing,
 * as does a model whose data-triggered run is still going. Each schedule's last firing is recorded in the run history.
 * Catch-up is off by default: a firing missed while no scheduler ran is not made up ({@link Backfill} recomputes missed
 * intervals on request). With {@link SchedulerConfig#catchup()} every firing after the last recorded one runs, one at
 * a time and in order (a firing waits while the schedule's previous run is going, instead of being skipped).
 *
 * <p>Several schedulers may share one catalog: each firing carries a unique key, so one of them starts it; a task runs
 * under its lease; an orphaned run is claimed by one.
 *
 * <p>{@link #run()} blocks until {@link #stop()} (any thread): no new run starts, running tasks finish, queued ones are
 * skipped, then it returns.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** A firing seen later than this (the scheduler was down or stalled) is missed, not run. */
    private static final Duration LATE = Duration.ofMinutes(1);

    private final DagRunner runner;
    private final RunHistory history;
    private final SchedulerConfig config;
    private final Clock clock;
    private final Consumer<String> events;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExecutorService runs;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> next = new HashMap<>();
    private final Map<String, Instant> dataFired = new HashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private Instant lastDataCheck = Instant.MIN;

    /** @param events a line for each run started or finished (the daemon prints them) */
    public Scheduler(DagRunner runner, RunHistory history, SchedulerConfig config, Clock clock, Consumer<String> events) {
        this.runner = runner;
        this.history = history;
        this.config = config;
        this.clock = clock;
        this.events = events;
        AtomicInteger count = new AtomicInteger();
        this.runs = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "urbanflow-run-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs started so far (cron, data, queued, orphans, backfills). */
    public int runsStarted() {
        return started.get();
    }

    /** Ticks until {@link #stop()}; then waits for the runs in progress to end (their queued tasks skipped). */
    public void run() {
        try {
            while (stopped.getCount() > 0) {
                try {
                    tick(clock.instant());
                } catch (RuntimeException e) {
                    LOG.warn("Scheduler tick failed (trying again next tick): {}", DagRunner.message(e));
                }
                if (stopped.await(config.tick().toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            runner.stop();
            runs.shutdown();
            try {
                if (!runs.awaitTermination(10, TimeUnit.MINUTES)) {
                    LOG.warn("Runs still in progress after 10 minutes; leaving them to be taken over");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks {@link #run()} to stop. Thread-safe. */
    public void stop() {
        runner.stop();
        stopped.countDown();
    }

    /** The next firing of each schedule, for the start-up lines. */
    public Map<String, Instant> nextFirings() {
        return Map.copyOf(next);
    }

    void tick(Instant now) {
        recoverOrphans(now);
        Optional<String> queued;
        while ((queued = history.claimQueuedRun(runner.holder(), now)).isPresent()) {
            String runId = queued.get();
            submit("queued run " + runId, "run:" + runId, () -> runner.resume(runId));
        }
        for (BackfillRecord backfill : history.backfills(100)) {
            if (backfill.state().equals("queued") && !inFlight.contains("backfill:" + backfill.backfillId())) {
                startBackfill(backfill);
            }
        }
        for (Schedule schedule : config.schedules()) {
            Instant due = next.computeIfAbsent(schedule.name(), name -> firstFiring(schedule, now));
            if (due == null || now.isBefore(due)) {
                continue;
            }
            if (config.catchup()) {
                catchUp(schedule, due, now);
                continue;
            }
            next.put(schedule.name(), schedule.nextAfter(now)); // catch-up off: firings missed meanwhile are not made up
            if (Duration.between(due, now).compareTo(LATE) > 0) {
                events.accept(now + " schedule " + schedule.name() + ": firing of " + due + " missed (catch-up is off; urbanflow pipeline"
                        + " backfill runs missed intervals)");
                continue;
            }
            String slot = slotOf(schedule);
            if (inFlight.contains(slot)) {
                events.accept(now + " schedule " + schedule.name() + ": firing of " + due + " skipped, its previous run is still going");
                continue;
            }
            fire(schedule, due, now);
        }
        if (config.dataTrigger() && Duration.between(lastDataCheck, now).compareTo(min(config.dataMinInterval(), Duration.ofSeconds(5))) >= 0) {
            lastDataCheck = now;
            checkData(now);
        }
    }

    private static String slotOf(Schedule schedule) {
        return "schedule:" + schedule.name();
    }

    /** With catch-up, the firing after the last one recorded in the history; else (or with none) the next after now. */
    private Instant firstFiring(Schedule schedule, Instant now) {
        if (config.catchup()) {
            Optional<String> last = history.triggerSeen(slotOf(schedule));
            if (last.isPresent()) {
                return schedule.nextAfter(Instant.parse(last.get()));
            }
        }
        return schedule.nextAfter(now);
    }

    /** Catch-up: the due firing runs once the schedule's previous run ended; the next one follows it, however late. */
    private void catchUp(Schedule schedule, Instant due, Instant now) {
        String slot = slotOf(schedule);
        if (inFlight.contains(slot)) {
            return; // one at a time, in order: this firing waits for the run before it
        }
        next.put(schedule.name(), schedule.nextAfter(due));
        if (Duration.between(due, now).compareTo(LATE) > 0) {
            events.accept(now + " schedule " + schedule.name() + ": catching up the firing of " + due);
        }
        fire(schedule, due, now);
    }

    /** Records the firing as the schedule's last and starts its run. */
    private void fire(Schedule schedule, Instant due, Instant now) {
        String slot = slotOf(schedule);
        history.saveTrigger(slot, due.toString(), now);
        RunRequest request = RunRequest.manual(schedule.selection()).triggeredBy(Trigger.SCHEDULE, schedule.firingKey(due));
        submit("schedule " + schedule.name() + " (" + due + ")", slot, () -> runner.run(request));
    }

    private void recoverOrphans(Instant now) {
        Instant staleBefore = now.minus(runner.config().lease());
        for (String runId : history.orphanedRuns(staleBefore)) {
            if (history.claimOrphanedRun(runId, runner.holder(), staleBefore, now)) {
                events.accept(now + " run " + runId + ": its scheduler stopped; taken over, orphaned attempts failed and retried");
                submit("orphaned run " + runId, "run:" + runId, () -> runner.resume(runId));
            }
        }
    }

    /** Each watched model whose inputs' data snapshots differ from what the trigger saw last runs, with its tests. */
    private void checkData(Instant now) {
        Dag watched = runner.dag().select(config.dataSelection(), Selection.Tests.NAMED_ONLY);
        for (Task task : watched.tasks()) {
            if (task.kind() != TaskKind.MODEL) {
                continue;
            }
            String slot = "data:" + task.name();
            Instant fired = dataFired.get(task.name());
            if (inFlight.contains(slot) || fired != null && Duration.between(fired, now).compareTo(config.dataMinInterval()) < 0) {
                continue;
            }
            String seen = inputSnapshots(task);
            if (seen.isEmpty() || seen.equals(history.triggerSeen(slot).orElse(null))) {
                continue;
            }
            dataFired.put(task.name(), now);
            history.saveTrigger(slot, seen, now);
            RunRequest request = RunRequest.manual(Selection.parse(task.name()))
                    .triggeredBy(Trigger.DATA, slot + ":" + seen);
            submit("data " + task.name(), slot, () -> runner.run(request));
        }
    }

    private String inputSnapshots(Task task) {
        return dataSnapshots(runner.environmentLake(), task.reads());
    }

    /**
     * {@code raw.x@123,raw.y@456}: each existing table's newest snapshot that changed rows (compactions pass
     * unnoticed), as the data trigger sees its inputs; a change of this text is new data.
     */
    public static String dataSnapshots(io.urbanflow.lake.Lake lake, java.util.Collection<String> tables) {
        StringJoiner joiner = new StringJoiner(",");
        for (String input : tables) {
            Optional<Table> table = lake.findTable(input);
            if (table.isEmpty()) {
                continue;
            }
            Snapshot snapshot = table.get().currentSnapshot();
            while (snapshot != null && DataOperations.REPLACE.equals(snapshot.operation()) && snapshot.parentId() != null) {
                snapshot = table.get().snapshot(snapshot.parentId());
            }
            if (snapshot != null) {
                joiner.add(input + "@" + snapshot.snapshotId());
            }
        }
        return joiner.toString();
    }

    private void startBackfill(BackfillRecord backfill) {
        String slot = "backfill:" + backfill.backfillId();
        inFlight.add(slot);
        started.incrementAndGet();
        runs.execute(() -> {
            try {
                Backfill.Outcome outcome = Backfill.run(runner, history, backfill, java.time.ZoneOffset.UTC, clock,
                        () -> stopped.getCount() == 0, line -> events.accept(clock.instant() + " backfill " + backfill.backfillId() + ": " + line));
                events.accept(clock.instant() + " backfill " + backfill.backfillId() + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException e) {
                LOG.warn("Backfill {} failed: {}", backfill.backfillId(), DagRunner.message(e));
            } finally {
                inFlight.remove(slot);
            }
        });
    }

    private void submit(String what, String slot, java.util.function.Supplier<RunReport> work) {
        inFlight.add(slot);
        runs.execute(() -> {
            try {
                RunReport report = work.get();
                if (report.ran()) {
                    started.incrementAndGet();
                    events.accept(clock.instant() + " " + what + ": run " + report.runId().orElseThrow() + " " + report.state().label()
                            + summary(report));
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot run {}: {}", what, DagRunner.message(e));
            } finally {
                inFlight.remove(slot);
            }
        });
    }

    private static String summary(RunReport report) {
        List<String> parts = new ArrayList<>();
        for (TaskState state : TaskState.values()) {
            long count = report.tasks().stream().filter(task -> task.state() == state).count();
            if (count > 0) {
                parts.add(count + " " + state.label());
            }
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
