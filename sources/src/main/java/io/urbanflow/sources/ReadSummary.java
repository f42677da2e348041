package io.urbanflow.sources;

/** What a {@link PointSource#read} accepted and rejected. Immutable. */
public record ReadSummary(long accepted, long rejected) {
    public ReadSummary plus(ReadSummary other) {
        return new ReadSummary(accepted + other.accepted, rejected + other.rejected);
    }
}
