package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;

/** A bad line under {@code --strict}: the message names the file, the line number and the reason. */
public final class MalformedInputException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;
    private final transient Reject reject;

    public MalformedInputException(Reject reject) {
        super(reject.describe());
        this.reject = reject;
    }

    public Reject reject() {
        return reject;
    }
}
