package io.urbanflow.stream;

/**
 * What a replay did. Immutable.
 *
 * @param sent             records the broker acknowledged (acks=all)
 * @param skipped          records a resumed replay did not send because an earlier run already had
 * @param rejected         input lines the source rejected (each one is in the quarantine file; after a resume, only
 *                         those an earlier run had not quarantined)
 * @param failed           records handed to Kafka that were not acknowledged
 * @param firstFailure     the first send error, or null when {@code failed == 0}
 * @param elapsedMillis    wall-clock duration of the replay
 * @param firstEpochMicros data time of the first record sent, or -1 when none was
 * @param lastEpochMicros  data time of the last record sent, or -1 when none was
 */
public record ReplayResult(long sent, long skipped, long rejected, long failed, String firstFailure, long elapsedMillis,
                           long firstEpochMicros, long lastEpochMicros) {
    /** {@code sent=N rejected=M} (and {@code skipped=K} after a resume): the last line {@code urbanflow replay} prints. */
    public String summaryLine() {
        return "sent=" + sent + " rejected=" + rejected + (skipped > 0 ? " skipped=" + skipped : "");
    }

    /** This result with another count of rejected lines (those a resumed replay quarantined itself). */
    public ReplayResult withRejected(long count) {
        return new ReplayResult(sent, skipped, count, failed, firstFailure, elapsedMillis, firstEpochMicros, lastEpochMicros);
    }

    public double recordsPerSecond() {
        return elapsedMillis == 0 ? 0 : sent * 1000.0 / elapsedMillis;
    }
}
