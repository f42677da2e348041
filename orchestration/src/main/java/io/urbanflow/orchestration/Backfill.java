package io.urbanflow.orchestration;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.history.BackfillRecord;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.pipeline.MicrosRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs the intervals of [from, to) one at a time, oldest first: each a run of the selection whose models recompute the
 * interval ({@link io.urbanflow.pipeline.ModelContext#withWindow}) besides whatever changed. Where it stands is kept in
 * the history after every interval, so a backfill that stopped (cancelled, failed, killed) resumes at the first interval
 * not done; a lease keeps two processes from running one backfill at once. Stateless.
 */
public final class Backfill {
    private Backfill() {
    }

    /** How a backfill run ended. */
    public enum Outcome {
        DONE, CANCELLED, FAILED, BUSY
    }

    /**
     * The intervals of [from, to): cut every {@code every} (a duration such as {@code 1h} or {@code 1d}, counted from
     * {@code from}), or at the firings of a cron expression in {@code zone}; the last one ends at {@code to}.
     *
     * @throws UrbanFlowException when from is not before to, or {@code every} is neither a duration nor a cron expression
     */
    public static List<MicrosRange> intervals(Instant from, Instant to, String every, ZoneId zone) {
        if (!from.isBefore(to)) {
            throw new UrbanFlowException("Cannot backfill from " + from + " to " + to + ": from must be before to");
        }
        List<MicrosRange> intervals = new ArrayList<>();
        Instant start = from;
        Schedule cron = every.trim().contains(" ") ? new Schedule("backfill", every.trim(), zone, Selection.all()) : null;
        Duration step = cron == null ? Settings.parseDuration("--every", every) : null;
        if (step != null && (step.isZero() || step.isNegative())) {
            throw new UrbanFlowException("Cannot backfill every " + every + ": expected a positive duration");
        }
        while (start.isBefore(to)) {
            Instant next = cron == null ? start.plus(step) : cron.nextAfter(start);
            Instant end = next == null || next.isAfter(to) ? to : next;
            intervals.add(new MicrosRange(micros(start), micros(end)));
            start = end;
            if (intervals.size() > 100_000) {
                throw new UrbanFlowException("Cannot backfill " + from + ".." + to + " every " + every + ": more than 100000 intervals");
            }
        }
        return intervals;
    }

    /** A new backfill, recorded (queued) in the history. */
    public static BackfillRecord create(RunHistory history, Selection selection, Instant from, Instant to, String every, ZoneId zone,
                                        Clock clock) {
        intervals(from, to, every, zone); // validates before anything is recorded
        Instant now = clock.instant();
        BackfillRecord backfill = new BackfillRecord("bf-" + UUID.randomUUID().toString().substring(0, 8), selection.toString(), from, to,
                every, from, "queued", now, now, null);
        history.createBackfill(backfill);
        return backfill;
    }

    /** The latest backfill of the same selection, range and cut that has not finished: the one to resume. */
    public static Optional<BackfillRecord> unfinished(RunHistory history, Selection selection, Instant from, Instant to, String every) {
        return history.backfills(1000).stream()
                .filter(backfill -> !backfill.state().equals("success"))
                .filter(backfill -> backfill.selection().equals(selection.toString()) && backfill.from().equals(from)
                        && backfill.to().equals(to) && backfill.every().equals(every))
                .findFirst();
    }

    /**
     * Runs the backfill's intervals from where it stands, one at a time, until done, cancelled or one fails.
     *
     * @param cancelled asked between intervals (and by the runner's own stop within one)
     * @param progress  a line per interval
     * @return {@link Outcome#BUSY} when another process runs this backfill
     */
    public static Outcome run(DagRunner runner, RunHistory history, BackfillRecord backfill, ZoneId zone, Clock clock,
                              BooleanSupplier cancelled, Consumer<String> progress) {
        String lease = "backfill:" + backfill.backfillId();
        Duration leaseTime = runner.config().lease();
        if (!history.tryLease(lease, runner.holder(), null, clock.instant(), clock.instant().plus(leaseTime))) {
            return Outcome.BUSY;
        }
        try {
            BooleanSupplier stop = () -> cancelled.getAsBoolean() || runner.stopping()
                    || history.backfill(backfill.backfillId()).map(record -> record.state().equals("cancelling")).orElse(false);
            Selection selection = Selection.parse(backfill.selection());
            List<MicrosRange> intervals = intervals(backfill.from(), backfill.to(), backfill.every(), zone);
            long resumeAt = micros(backfill.nextStart());
            int index = 0;
            for (MicrosRange interval : intervals) {
                index++;
                if (interval.endMicros() <= resumeAt) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    history.updateBackfill(backfill.backfillId(), MicrosRange.instant(interval.startMicros()), "cancelled", null, clock.instant());
                    progress.accept("cancelled before interval " + index + " of " + intervals.size() + "; run the same backfill again to resume");
                    return Outcome.CANCELLED;
                }
                history.updateBackfill(backfill.backfillId(), MicrosRange.instant(interval.startMicros()), "running", null, clock.instant());
                RunReport report = runner.run(new RunRequest(selection, Selection.Tests.ATTACHED, Trigger.BACKFILL, null,
                        io.urbanflow.pipeline.BuildMode.INCREMENTAL, Optional.of(interval)));
                String window = MicrosRange.instant(interval.startMicros()) + ".." + MicrosRange.instant(interval.endMicros());
                progress.accept("interval " + index + " of " + intervals.size() + " " + window + ": " + report.state().label()
                        + " (run " + report.runId().orElse("-") + ")");
                boolean skipped = report.tasks().stream().anyMatch(task -> task.state() == TaskState.SKIPPED);
                if (report.failed() || skipped) {
                    String state = report.failed() ? "failed" : "cancelled";
                    history.updateBackfill(backfill.backfillId(), MicrosRange.instant(interval.startMicros()), state,
                            report.failed() ? "interval " + window + " failed in run " + report.runId().orElse("-") : null, clock.instant());
                    return report.failed() ? Outcome.FAILED : Outcome.CANCELLED;
                }
                history.updateBackfill(backfill.backfillId(), MicrosRange.instant(interval.endMicros()), "running", null, clock.instant());
                history.tryLease(lease, runner.holder(), null, clock.instant(), clock.instant().plus(leaseTime));
            }
            history.updateBackfill(backfill.backfillId(), backfill.to(), "success", null, clock.instant());
            return Outcome.DONE;
        } finally {
            history.releaseLease(lease, runner.holder());
        }
    }

    /**
     * Asks a backfill to stop: a queued one is cancelled at once, a running one after its current interval (it can be
     * resumed later by running it again).
     *
     * @throws UrbanFlowException when there is no such backfill or it has finished
     */
    public static String cancel(RunHistory history, String backfillId, Clock clock) {
        BackfillRecord backfill = history.backfill(backfillId).orElseThrow(() -> new UrbanFlowException("Cannot cancel backfill "
                + backfillId + ": no such backfill"));
        String state = switch (backfill.state()) {
            case "queued", "cancelled", "failed" -> "cancelled";
            case "running", "cancelling" -> "cancelling";
            default -> throw new UrbanFlowException("Cannot cancel backfill " + backfillId + ": it is " + backfill.state());
        };
        history.updateBackfill(backfillId, backfill.nextStart(), state, null, clock.instant());
        return state;
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
