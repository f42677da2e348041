package io.urbanflow.mobility.live;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Maps an instant to the start of its interval aligned on the local clock of a zone (10-minute intervals of
 * Europe/Rome start at :00, :10 ... local time), as {@code mart.cell_traffic_10min} aligns them. Caches the zone
 * offset between two transitions, so the per-point path allocates nothing. Not thread-safe.
 */
final class IntervalAligner {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private final ZoneRules rules;
    private final long intervalMicros;
    private long offsetMicros;
    private long validFromMicros = Long.MAX_VALUE;
    private long validUntilMicros = Long.MIN_VALUE;

    IntervalAligner(ZoneId zone, long intervalMicros) {
        this.rules = zone.getRules();
        this.intervalMicros = intervalMicros;
    }

    /** The UTC instant, in epoch microseconds, at which the local interval holding {@code epochMicros} starts. */
    long intervalStart(long epochMicros) {
        if (epochMicros < validFromMicros || epochMicros >= validUntilMicros) {
            refresh(epochMicros);
        }
        long local = epochMicros + offsetMicros;
        return Math.floorDiv(local, intervalMicros) * intervalMicros - offsetMicros;
    }

    private void refresh(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, MICROS_PER_SECOND));
        offsetMicros = rules.getOffset(instant).getTotalSeconds() * MICROS_PER_SECOND;
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        validFromMicros = previous == null ? Long.MIN_VALUE : previous.getInstant().getEpochSecond() * MICROS_PER_SECOND;
        validUntilMicros = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond() * MICROS_PER_SECOND;
    }
}
