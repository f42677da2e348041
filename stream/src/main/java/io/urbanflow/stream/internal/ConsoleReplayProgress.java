package io.urbanflow.stream.internal;

import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.stream.ReplayStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Replay progress as text: a line redrawn in place on terminals, or a plain line per interval. */
public final class ConsoleReplayProgress implements ReplayProgress {
    private static final DateTimeFormatter DATA_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final Duration interval;
    private ZoneId zone;
    private long previousSubmitted;
    private long previousMillis;
    private int previousWidth;
    private boolean drawn;
    private int tick;

    public ConsoleReplayProgress(PrintWriter out, boolean terminal, ZoneId zone, Duration interval) {
        this.out = out;
        this.terminal = terminal;
        this.zone = zone;
        this.interval = interval;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public synchronized void update(ReplayStatus status) {
        long millis = status.elapsedMillis();
        double rate = millis > previousMillis ? (status.submitted() - previousSubmitted) * 1000.0 / (millis - previousMillis) : 0;
        previousSubmitted = status.submitted();
        previousMillis = millis;
        String clock = dataClock(status.dataEpochMicros());
        if (terminal) {
            // No total is known for a streaming source, so the bar sweeps to show the replay is alive.
            StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
            int head = tick++ % (2 * BAR_WIDTH - 2);
            int at = head < BAR_WIDTH ? head : 2 * BAR_WIDTH - 2 - head;
            for (int index = 0; index < BAR_WIDTH; index++) {
                bar.append(index == at ? '=' : ' ');
            }
            bar.append(']');
            String line = String.format(Locale.ROOT, "%s %,d sent  %,.0f records/s  data clock %s  speed %s  %,d rejected",
                    bar, status.acknowledged(), rate, clock, status.speed(), status.rejected());
            int width = line.length();
            out.print('\r' + line + " ".repeat(Math.max(0, previousWidth - width)));
            previousWidth = width;
            drawn = true;
        } else {
            out.println(String.format(Locale.ROOT, "replay: %d sent, %.0f records/s, data clock %s, speed %s, %d rejected",
                    status.acknowledged(), rate, clock, status.speed(), status.rejected()));
        }
        out.flush();
    }

    @Override
    public synchronized void finish(ReplayResult result) {
        if (terminal && drawn) {
            out.println();
        }
        out.println(String.format(Locale.ROOT, "replayed %d records in %.1f s (%.0f records/s), data %s .. %s",
                result.sent(), result.elapsedMillis() / 1000.0, result.recordsPerSecond(),
                dataClock(result.firstEpochMicros()), dataClock(result.lastEpochMicros())));
        if (result.failed() > 0) {
            out.println("failed=" + result.failed() + " records were not acknowledged: " + result.firstFailure());
        }
        out.flush();
    }

    private String dataClock(long epochMicros) {
        if (epochMicros < 0) {
            return "-";
        }
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L));
        if (zone == null) {
            zone = ZoneOffset.UTC;
        }
        return DATA_CLOCK.format(instant.atZone(zone)) + " " + zone.getId();
    }

    /** Shows the data clock in the source's zone unless a zone was given (UTC when the source knows none). */
    @Override
    public synchronized void firstRecord(SourceRecord record, Optional<ZoneId> sourceZone) {
        if (zone == null) {
            zone = sourceZone.orElse(ZoneOffset.UTC);
        }
    }
}
