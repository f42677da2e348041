package io.urbanflow.orchestration;

import io.urbanflow.model.UrbanFlowException;

/**
 * A task attempt that failed for a reason another attempt cannot change (a data test that found offending rows): the
 * runner does not retry it. Any other exception of a task is retried while attempts are left.
 */
public class TaskFailedException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;

    public TaskFailedException(String message) {
        super(message);
    }
}
