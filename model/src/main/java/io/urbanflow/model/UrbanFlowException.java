package io.urbanflow.model;

/**
 * Base of the errors a user can act on: bad input, a broker that does not answer, a table that does not exist.
 * The command line prints {@link #getMessage()} as one line and exits non-zero; it never prints their stack
 * trace. Messages read "Cannot &lt;verb&gt; &lt;thing&gt;: &lt;reason&gt;".
 */
public class UrbanFlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UrbanFlowException(String message) {
        super(message);
    }

    public UrbanFlowException(String message, Throwable cause) {
        super(message, cause);
    }
}
