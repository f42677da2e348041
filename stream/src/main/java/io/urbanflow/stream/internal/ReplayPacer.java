package io.urbanflow.stream.internal;

import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.stream.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Holds a replay to the data's clock: the point stamped {@code t} is released no earlier than
 * {@code start + (t - firstT) / speed} of wall time. Points older than the ones before them (sources that are not
 * in global time order) go at once; nothing is ever dropped. Not thread-safe: one per replay.
 */
public final class ReplayPacer {
    private final double speed;
    private final Clock clock;
    private final Sleeper sleeper;
    private boolean started;
    private long firstEpochMicros;
    private long startMillis;

    public ReplayPacer(ReplaySpeed speed, Clock clock, Sleeper sleeper) {
        this.speed = speed.factor();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Longest single sleep, so a stop request ends a long gap in the data promptly. */
    private static final long SLICE_MILLIS = 200;

    /** Returns when the point stamped {@code epochMicros} is due, or early once {@code stopped} says so. */
    public void await(long epochMicros, BooleanSupplier stopped) throws InterruptedException {
        if (Double.isInfinite(speed)) {
            return;
        }
        if (!started) {
            started = true;
            firstEpochMicros = epochMicros;
            startMillis = clock.millis();
            return;
        }
        long dueMillis = startMillis + (long) ((epochMicros - firstEpochMicros) / 1000.0 / speed);
        for (long aheadMillis = dueMillis - clock.millis(); aheadMillis > 0 && !stopped.getAsBoolean();
                aheadMillis = dueMillis - clock.millis()) {
            sleeper.sleep(Duration.ofMillis(Math.min(aheadMillis, SLICE_MILLIS)));
        }
    }
}
