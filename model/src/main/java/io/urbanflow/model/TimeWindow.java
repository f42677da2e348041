package io.urbanflow.model;

import java.time.Duration;
import java.time.Instant;

/**
 * A half-open interval of time [start, end). Immutable.
 */
public record TimeWindow(Instant start, Instant end) {
    public TimeWindow {
        if (start == null || end == null || !start.isBefore(end)) {
            throw new IllegalArgumentException("Cannot build time window: start " + start + " is not before end " + end);
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
