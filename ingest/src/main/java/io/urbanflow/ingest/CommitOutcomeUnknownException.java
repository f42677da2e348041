package io.urbanflow.ingest;

import io.urbanflow.model.UrbanFlowException;

/**
 * The catalog did not say whether a commit landed, and asking again failed too. Files that commit may reference were
 * not deleted (orphan cleanup removes them if it did not land). The caller can restart: the ingest resumes from the
 * offsets the lake holds, whichever way the commit went.
 */
public final class CommitOutcomeUnknownException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;

    public CommitOutcomeUnknownException(String table, Throwable unknown, Throwable lookup) {
        super("Cannot establish whether a commit to " + table + " landed: " + message(unknown)
                + (lookup == null ? "" : "; looking it up failed: " + message(lookup))
                + ". No file was deleted (orphan cleanup removes them if it did not land); restart to resume from the lake's offsets",
                unknown);
    }

    private static String message(Throwable error) {
        return error == null ? "unknown" : error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
