package io.urbanflow.model;

/**
 * A record (a GPS point, an event) failed validation or could not be decoded. {@link #reason()} is the short reason kept in quarantine
 * files and rejected tables. Carries no stack trace: rejects are data, not bugs, and can be frequent.
 */
public final class InvalidRecordException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public InvalidRecordException(String reason) {
        super("Cannot accept record: " + reason, null);
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
