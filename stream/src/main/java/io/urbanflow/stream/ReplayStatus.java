package io.urbanflow.stream;

/**
 * A snapshot of a running replay, for progress displays. Immutable.
 *
 * @param submitted       records handed to the Kafka producer so far
 * @param acknowledged    records the broker acknowledged so far
 * @param rejected        input lines rejected so far
 * @param elapsedMillis   wall-clock time since the replay started
 * @param dataEpochMicros data time of the latest record submitted (the replay's data clock), -1 before the first
 * @param speed           the pacing
 */
public record ReplayStatus(long submitted, long acknowledged, long rejected, long elapsedMillis, long dataEpochMicros,
                           ReplaySpeed speed) {
}
