package io.urbanflow.model;

/**
 * A GPS point failed validation or could not be decoded. {@link #reason()} is the short reason kept in quarantine
 * files and rejected tables. Carries no stack trace: rejects are data, not bugs, and can be frequent.
 */
public final class InvalidPointException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public InvalidPointException(String reason) {
        super("Cannot accept point: " + reason, null);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
