package io.urbanflow.pipeline;

import io.urbanflow.model.TimeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A half-open range of instants [start, end) in epoch microseconds. Immutable. */
public record MicrosRange(long startMicros, long endMicros) {
    public static final long MICROS_PER_DAY = 86_400_000_000L;

    public MicrosRange {
        if (startMicros >= endMicros) {
            throw new IllegalArgumentException("Cannot build range: start " + startMicros + " is not before end " + endMicros);
        }
    }

    public boolean contains(long micros) {
        return micros >= startMicros && micros < endMicros;
    }

    public TimeWindow toTimeWindow() {
        return new TimeWindow(instant(startMicros), instant(endMicros));
    }

    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Sorted, with overlapping and touching ranges merged. */
    public static List<MicrosRange> merge(List<MicrosRange> ranges) {
        List<MicrosRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(MicrosRange::startMicros));
        List<MicrosRange> merged = new ArrayList<>();
        for (MicrosRange range : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && range.startMicros <= merged.get(last).endMicros) {
                MicrosRange previous = merged.get(last);
                merged.set(last, new MicrosRange(previous.startMicros, Math.max(previous.endMicros, range.endMicros)));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    /** The UTC day containing {@code micros}, as days since 1970-01-01 (Iceberg's day transform). */
    public static int day(long micros) {
        return (int) Math.floorDiv(micros, MICROS_PER_DAY);
    }

    public static MicrosRange ofDay(int day) {
        return new MicrosRange(day * MICROS_PER_DAY, (day + 1L) * MICROS_PER_DAY);
    }

    /** The whole UTC days this range touches. */
    public List<Integer> days() {
        List<Integer> days = new ArrayList<>();
        for (int day = day(startMicros); day <= day(endMicros - 1); day++) {
            days.add(day);
        }
        return days;
    }
}
