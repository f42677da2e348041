package io.urbanflow.lake;

import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CleanableFailure;

/**
 * What a failed Iceberg commit means for the files it would have added. Iceberg proves that a commit did not land
 * only when it fails with a {@link CleanableFailure} (a conflict, a failed validation). Any other error of
 * {@code commit()} — {@link org.apache.iceberg.exceptions.CommitStateUnknownException}, a JDBC connection that broke
 * ({@code UncheckedSQLException}), an I/O error — may come after the catalog recorded the new snapshot, which then
 * references the files. So a writer names each commit ({@link #COMMIT_ID} in the snapshot summary) and, after such
 * an error, looks for it ({@link #landedAfter}) before it deletes anything; when even the lookup fails it deletes
 * nothing and stops ({@link CommitOutcomeUnknownException}), leaving the files to orphan cleanup.
 *
 * <p>Stateless and thread-safe.
 */
public final class CommitOutcomes {
    /** Snapshot summary key naming a commit, to recognise it after an unknown outcome. */
    public static final String COMMIT_ID = "urbanflow.commit-id";
    /** Lookups before the outcome is declared unknown; the catalog may be back after a moment. */
    private static final int LOOKUP_ATTEMPTS = 3;

    private CommitOutcomes() {
    }

    /** A fresh id for {@link #COMMIT_ID}. */
    public static String newCommitId() {
        return UUID.randomUUID().toString();
    }

    /** Whether the commit that failed with {@code error} certainly did not land (its files may be deleted). */
    public static boolean certainlyNotCommitted(RuntimeException error) {
        return error instanceof CleanableFailure;
    }

    /**
     * Whether the commit named {@code commitId}, which failed with {@code error}, landed: false at once for an error
     * that proves it did not, else the table is refreshed and its current snapshot and their ancestors searched.
     *
     * @throws CommitOutcomeUnknownException when the table cannot be read (after a few attempts)
     */
    public static boolean landedAfter(Table table, String commitId, RuntimeException error) {
        if (certainlyNotCommitted(error)) {
            return false;
        }
        RuntimeException lookup = null;
        for (int attempt = 1; attempt <= LOOKUP_ATTEMPTS; attempt++) {
            try {
                table.refresh();
                return committed(table, commitId);
            } catch (RuntimeException e) {
                lookup = e;
                sleep(100L * attempt * attempt);
            }
        }
        throw new CommitOutcomeUnknownException(table.name(), error, lookup);
    }

    /** Whether the table as last refreshed has a snapshot named {@code commitId} in its current history. */
    public static boolean committed(Table table, String commitId) {
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null; ) {
            if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
                return true;
            }
            Long parent = snapshot.parentId();
            snapshot = parent == null ? null : table.snapshot(parent);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
