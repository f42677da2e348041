package io.urbanflow.stream;

import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.internal.ConsoleReplayProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Shows a replay's progress. {@link ReplayProducer} calls {@link #update} every {@link #interval()} from a
 * background thread and {@link #finish} once, on the replaying thread, after the last update.
 */
public interface ReplayProgress {
    Duration interval();

    void update(ReplayStatus status);

    void finish(ReplayResult result);

    /**
     * Called once, on the replaying thread, with the first record, before it is sent.
     *
     * @param sourceZone the zone of the source's data clock, when it knows one
     */
    default void firstRecord(SourceRecord record, Optional<ZoneId> sourceZone) {
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
     * records sent, records/s and the data's clock in {@code zone} (null: the source's zone, else UTC). {@link #finish} ends the line.
     */
    static ReplayProgress terminal(PrintWriter out, ZoneId zone) {
        return new ConsoleReplayProgress(out, true, zone, Duration.ofMillis(250));
    }

    /** A plain line every {@code interval} (for logs and pipes), with the same figures as {@link #terminal}. */
    static ReplayProgress lines(PrintWriter out, ZoneId zone, Duration interval) {
        return new ConsoleReplayProgress(out, false, zone, interval);
    }
}
