package io.urbanflow.sources.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Turns local date-times of one zone into epoch seconds. Not thread-safe (one per reader).
 *
 * <p>Caches the span of local time between two offset transitions, so that consecutive points of a trace cost
 * two comparisons instead of a {@code java.time} lookup. In a gap (spring forward) the local time is moved
 * forward by the gap's length, in an overlap (fall back) the earlier offset wins: the rules of
 * {@link ZonedDateTime#ofLocal} with no preferred offset. Those instants are never cached.
 */
public final class LocalTimeConverter {
    private final ZoneId zone;
    private final ZoneRules rules;
    private long cachedFromLocal = Long.MAX_VALUE;
    private long cachedUntilLocal = Long.MIN_VALUE;
    private long cachedOffsetSeconds;

    public LocalTimeConverter(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        if (rules.isFixedOffset()) {
            cachedFromLocal = Long.MIN_VALUE;
            cachedUntilLocal = Long.MAX_VALUE;
            cachedOffsetSeconds = rules.getOffset(Instant.EPOCH).getTotalSeconds();
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** Epoch seconds of the local date-time given as seconds since 1970-01-01T00:00 local. */
    public long toEpochSecond(long localEpochSecond) {
        if (localEpochSecond >= cachedFromLocal && localEpochSecond < cachedUntilLocal) {
            return localEpochSecond - cachedOffsetSeconds;
        }
        LocalDateTime local = LocalDateTime.ofEpochSecond(localEpochSecond, 0, ZoneOffset.UTC);
        ZonedDateTime zoned = ZonedDateTime.ofLocal(local, zone, null);
        long epochSecond = zoned.toEpochSecond();
        if (rules.getTransition(local) == null) {
            Instant instant = zoned.toInstant();
            // Transitions at or before the instant bound the span from below, those after it from above.
            ZoneOffsetTransition previous = rules.previousTransition(instant.plusSeconds(1));
            ZoneOffsetTransition next = rules.nextTransition(instant);
            long from = previous == null ? Long.MIN_VALUE : Math.max(localSeconds(previous.getDateTimeBefore()),
                    localSeconds(previous.getDateTimeAfter()));
            long until = next == null ? Long.MAX_VALUE : Math.min(localSeconds(next.getDateTimeBefore()),
                    localSeconds(next.getDateTimeAfter()));
            if (localEpochSecond >= from && localEpochSecond < until) {
                cachedFromLocal = from;
                cachedUntilLocal = until;
                cachedOffsetSeconds = zoned.getOffset().getTotalSeconds();
            }
        }
        return epochSecond;
    }

    private static long localSeconds(LocalDateTime dateTime) {
        return dateTime.toEpochSecond(ZoneOffset.UTC);
    }
}
