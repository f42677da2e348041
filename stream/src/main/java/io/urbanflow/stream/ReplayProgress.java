package io.urbanflow.stream;

import io.urbanflow.model.GpsPoint;
import io.urbanflow.stream.internal.ConsoleReplayProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Shows a replay's progress. {@link ReplayProducer} calls {@link #update} every {@link #interval()} from a
 * background thread and {@link #finish} once, on the replaying thread, after the last update.
 */
public interface ReplayProgress {
    Duration interval();

    void update(ReplayStatus status);

    void finish(ReplayResult result);

    /** Called once, on the replaying thread, with the first point, before it is sent. */
    default void firstPoint(GpsPoint point) {
    }

    /** Shows nothing. */
    static ReplayProgress silent() {
        return new ReplayProgress() {
            @Override
            public Duration interval() {
                return Duration.ofHours(1);
            }

            @Override
            public void update(ReplayStatus status) {
            }

            @Override
            public void finish(ReplayResult result) {
            }
        };
    }

    /**
     * One status line redrawn in place with {@code \r} several times a second (for terminals), showing the
     * points sent, points/s and the data's clock in {@code zone} (null: the zone of the city the points are in,
     * else UTC). {@link #finish} ends the line.
     */
    static ReplayProgress terminal(PrintWriter out, ZoneId zone) {
        return new ConsoleReplayProgress(out, true, zone, Duration.ofMillis(250));
    }

    /** A plain line every {@code interval} (for logs and pipes), with the same figures as {@link #terminal}. */
    static ReplayProgress lines(PrintWriter out, ZoneId zone, Duration interval) {
        return new ConsoleReplayProgress(out, false, zone, interval);
    }
}
