package io.urbanflow.stream;

/**
 * What a replay did. Immutable.
 *
 * @param sent             points the broker acknowledged (acks=all)
 * @param rejected         input lines the source rejected (each one is in the quarantine file)
 * @param failed           points handed to Kafka that were not acknowledged
 * @param firstFailure     the first send error, or null when {@code failed == 0}
 * @param elapsedMillis    wall-clock duration of the replay
 * @param firstEpochMicros data time of the first point sent, or -1 when none was
 * @param lastEpochMicros  data time of the last point sent, or -1 when none was
 */
public record ReplayResult(long sent, long rejected, long failed, String firstFailure, long elapsedMillis,
                           long firstEpochMicros, long lastEpochMicros) {
    /** {@code sent=N rejected=M}: the last line {@code urbanflow replay} prints. */
    public String summaryLine() {
        return "sent=" + sent + " rejected=" + rejected;
    }

    public double pointsPerSecond() {
        return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
    }
}
