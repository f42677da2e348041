package io.urbanflow.lake;

import io.urbanflow.model.UrbanFlowException;

/**
 * The catalog did not say whether a commit landed, and looking it up failed too. Files that commit may reference were
 * not deleted (orphan cleanup, {@link io.urbanflow.lake.maintenance.OrphanFiles}, removes them if it did not land).
 * The caller can run again once the catalog answers: ingest resumes from the offsets the lake holds and models from
 * the input snapshots their tables record, whichever way the commit went.
 */
public final class CommitOutcomeUnknownException extends UrbanFlowException {
    private static final long serialVersionUID = 1L;

    /**
     * @param unknown the commit's error
     * @param lookup  the error of looking the commit up, or null when the lookup was not possible at all
     */
    public CommitOutcomeUnknownException(String table, Throwable unknown, Throwable lookup) {
        super("Cannot establish whether a commit to " + table + " landed: " + message(unknown)
                + (lookup == null ? "" : "; looking it up failed: " + message(lookup))
                + ". No file was deleted (orphan cleanup removes them if it did not land); run again once the catalog"
                + " answers: the lake's own state says where to continue",
                unknown);
    }

    private static String message(Throwable error) {
        return error == null ? "unknown" : error.getMessage() == null ? error.toString() : error.getMessage();
    }
}
