package io.urbanflow.query;

import io.urbanflow.model.UrbanFlowException;

/**
 * A statement the read-only query surface will not run: it would write, attach, install, change settings, or read
 * files outside the lake tables. The message says which construct was refused; the user can only rewrite the query.
 */
public final class QueryRefusedException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;

    public QueryRefusedException(String message) {
        super(message);
    }
}
