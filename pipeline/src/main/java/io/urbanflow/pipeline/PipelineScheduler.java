package io.urbanflow.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Calls a task now and then at every multiple of a period after the start, until the task says stop or the thread
 * is interrupted (Ctrl-C). A run longer than the period skips the slots it overran instead of running back to back.
 * Time comes from the injected clock and waiting from the injected {@link Sleeper}, so tests drive it without
 * sleeping. Not thread-safe.
 */
public final class PipelineScheduler {
    /** Waits until the clock reaches a deadline. */
    public interface Sleeper {
        void sleepUntil(Instant deadline) throws InterruptedException;
    }

    /** One scheduled call; returns false to stop the schedule. */
    public interface Task {
        boolean run(long iteration);
    }

    private final Duration period;
    private final Clock clock;
    private final Sleeper sleeper;

    public PipelineScheduler(Duration period, Clock clock, Sleeper sleeper) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("Cannot schedule: period " + period + " is not positive");
        }
        this.period = period;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A sleeper on the real clock: {@link Thread#sleep} until {@code clock} reaches the deadline. */
    public static Sleeper threadSleeper(Clock clock) {
        return deadline -> {
            long millis;
            while ((millis = Duration.between(clock.instant(), deadline).toMillis()) > 0) {
                Thread.sleep(millis);
            }
        };
    }

    /**
     * Runs {@code task} until it returns false or the thread is interrupted.
     *
     * @return the number of calls made
     */
    public long run(Task task) {
        Instant start = clock.instant();
        long iteration = 0;
        long slot = 0;
        while (!Thread.currentThread().isInterrupted()) {
            iteration++;
            if (!task.run(iteration)) {
                break;
            }
            long elapsedNanos = Duration.between(start, clock.instant()).toNanos();
            slot = Math.max(slot + 1, elapsedNanos / period.toNanos() + 1);
            try {
                sleeper.sleepUntil(start.plus(period.multipliedBy(slot)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return iteration;
    }
}
