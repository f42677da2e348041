package io.urbanflow.pipeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The UTC offset of one zone at an instant, remembering the span between two transitions so that a run of
 * instants in the same span costs two comparisons. Not thread-safe: one per thread.
 */
public final class ZoneOffsetCache {
    private final ZoneRules rules;
    private long validFromMicros = Long.MAX_VALUE;
    private long validToMicros = Long.MIN_VALUE;
    private long offsetMicros;

    public ZoneOffsetCache(ZoneId zone) {
        this.rules = zone.getRules();
    }

    public long offsetMicros(long epochMicros) {
        if (epochMicros >= validFromMicros && epochMicros < validToMicros) {
            return offsetMicros;
        }
        Instant instant = MicrosRange.instant(epochMicros);
        offsetMicros = rules.getOffset(instant).getTotalSeconds() * 1_000_000L;
        ZoneOffsetTransition previous = rules.previousTransition(instant.plusNanos(1));
        ZoneOffsetTransition next = rules.nextTransition(instant);
        validFromMicros = previous == null ? Long.MIN_VALUE : previous.getInstant().getEpochSecond() * 1_000_000L;
        validToMicros = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond() * 1_000_000L;
        return offsetMicros;
    }

    /** The local wall-clock time of {@code epochMicros}, as microseconds since 1970-01-01T00:00 local. */
    public long localMicros(long epochMicros) {
        return epochMicros + offsetMicros(epochMicros);
    }

    /** The start of the local-aligned interval of {@code intervalMicros} containing {@code epochMicros}, as an instant. */
    public long floorLocal(long epochMicros, long intervalMicros) {
        return epochMicros - Math.floorMod(localMicros(epochMicros), intervalMicros);
    }
}
