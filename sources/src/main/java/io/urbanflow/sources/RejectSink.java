package io.urbanflow.sources;

/**
 * Receives the lines a source rejects. Implementations decide the policy: keep them in a quarantine file and go on,
 * or stop ({@code --strict}) by throwing {@link MalformedInputException}.
 */
@FunctionalInterface
public interface RejectSink {
    void reject(Reject reject);

    /** Stops at the first bad line with its file, line number and reason. */
    static RejectSink strict() {
        return reject -> {
            throw new MalformedInputException(reject);
        };
    }
}
