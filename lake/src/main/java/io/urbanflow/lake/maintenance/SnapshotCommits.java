package io.urbanflow.lake.maintenance;

import io.urbanflow.lake.CommitOutcomes;
import io.urbanflow.model.UrbanFlowException;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;

/**
 * Commits a maintenance change beside other writers (the ingest, models, other maintenance): each attempt refreshes
 * the table, builds the update on its current snapshot, copies the {@link CarriedSummary} of that snapshot into the
 * update and validates that the commit lands exactly on it. A concurrent commit in between (Iceberg's own retry is
 * off for raw tables) makes the attempt fail and the next one start over on the new snapshot. Any other validation
 * failure (files to replace are gone, the starting snapshot expired) is thrown to the caller, who re-plans.
 * Stateless and thread-safe.
 */
final class SnapshotCommits {
    static final int MAX_ATTEMPTS = 30;

    private SnapshotCommits() {
    }

    /**
     * @param verb  for the message, e.g. "compact"
     * @param build makes a fresh update on the given current snapshot (null for an empty table)
     * @return the number of attempts that conflicted before the one that committed
     * @throws ValidationException when the update's own validation failed: the caller's plan is out of date
     * @throws UrbanFlowException  when every attempt met a concurrent commit
     * @throws io.urbanflow.lake.CommitOutcomeUnknownException when a commit's outcome is open and cannot be looked up:
     *                             its files must not be deleted
     * @throws RuntimeException    another error of the commit, once a lookup proved that it did not land
     */
    static int commit(Table table, String verb, Function<Snapshot, SnapshotUpdate<?>> build) {
        int conflicts = 0;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            table.refresh();
            Snapshot base = table.currentSnapshot();
            SnapshotUpdate<?> update = build.apply(base);
            CarriedSummary.carry(table, base, update);
            ParentIs parent = new ParentIs(base == null ? null : base.snapshotId());
            update.validateWith(parent);
            String commitId = CommitOutcomes.newCommitId();
            update.set(CommitOutcomes.COMMIT_ID, commitId);
            try {
                update.commit();
                return conflicts;
            } catch (CommitFailedException e) {
                conflicts++;
            } catch (ValidationException e) {
                if (!parent.rejected) {
                    throw e;
                }
                conflicts++;
            } catch (RuntimeException e) {
                // the outcome is open: look the commit up (CommitOutcomeUnknownException when that fails too)
                if (CommitOutcomes.landedAfter(table, commitId, e)) {
                    return conflicts;
                }
                throw e;
            }
            backOff(attempt);
        }
        throw new UrbanFlowException("Cannot " + verb + " table " + table.name() + ": " + MAX_ATTEMPTS
                + " attempts met concurrent commits");
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 10L + 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot finish a maintenance commit: interrupted");
        }
    }

    /** Accepts a commit only on top of the expected parent snapshot (null: an empty table); remembers a refusal. */
    static final class ParentIs implements SnapshotAncestryValidator {
        private final Long snapshotId;
        volatile boolean rejected;

        ParentIs(Long snapshotId) {
            this.snapshotId = snapshotId;
        }

        @Override
        public boolean validate(Iterable<Snapshot> ancestors) {
            Iterator<Snapshot> iterator = ancestors.iterator();
            Long parent = iterator.hasNext() ? iterator.next().snapshotId() : null;
            boolean valid = Objects.equals(parent, snapshotId);
            rejected = !valid;
            return valid;
        }

        @Override
        public String errorMessage() {
            return "the table changed since the carried summary was read";
        }
    }
}
