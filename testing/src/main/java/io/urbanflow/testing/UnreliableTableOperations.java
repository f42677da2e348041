package io.urbanflow.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/**
 * A catalog that loses the answer to one commit: the {@code failingCommit}-th commit through it lands in the real
 * catalog ({@link Outcome#LANDED}) or does not ({@link Outcome#NOT_LANDED}), and either way the caller gets
 * {@code error} (by default Iceberg's {@link CommitStateUnknownException}), as when the connection breaks while the
 * catalog commits. With {@link #unreachableAfterFailure()} every later read or commit fails too, until
 * {@link #reachable()}. Every other call goes to the real table's operations. Thread-safe.
 */
public final class UnreliableTableOperations implements TableOperations {
    /** Whether the failing commit changed the catalog before the error. */
    public enum Outcome { LANDED, NOT_LANDED }

    private final TableOperations delegate;
    private final int failingCommit;
    private final Outcome outcome;
    private final Supplier<RuntimeException> error;
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicBoolean failed = new AtomicBoolean();
    private final AtomicBoolean unreachableAfterFailure = new AtomicBoolean();
    private final AtomicBoolean unreachable = new AtomicBoolean();

    private UnreliableTableOperations(TableOperations delegate, int failingCommit, Outcome outcome, Supplier<RuntimeException> error) {
        this.delegate = delegate;
        this.failingCommit = failingCommit;
        this.outcome = outcome;
        this.error = error;
    }

    /** The operations of {@code table} with its {@code failingCommit}-th commit (from 1) failing as described. */
    public static UnreliableTableOperations of(Table table, int failingCommit, Outcome outcome, Supplier<RuntimeException> error) {
        return new UnreliableTableOperations(((HasTableOperations) table).operations(), failingCommit, outcome, error);
    }

    /** As {@link #of(Table, int, Outcome, Supplier)} with Iceberg's {@link CommitStateUnknownException}. */
    public static UnreliableTableOperations of(Table table, int failingCommit, Outcome outcome) {
        return of(table, failingCommit, outcome, () -> new CommitStateUnknownException(
                new java.sql.SQLTransientConnectionException("connection reset while committing (test)")));
    }

    /** After the failing commit, every read and commit fails as well (an unreachable catalog). */
    public UnreliableTableOperations unreachableAfterFailure() {
        unreachableAfterFailure.set(true);
        return this;
    }

    /** The catalog answers again. */
    public void reachable() {
        unreachable.set(false);
    }

    /** A table over these operations, named as the real one. */
    public Table table(String name) {
        return new BaseTable(this, name);
    }

    /** Whether the failing commit happened. */
    public boolean failed() {
        return failed.get();
    }

    @Override
    public TableMetadata current() {
        checkReachable();
        return delegate.current();
    }

    @Override
    public TableMetadata refresh() {
        checkReachable();
        return delegate.refresh();
    }

    @Override
    public void commit(TableMetadata base, TableMetadata metadata) {
        checkReachable();
        if (commits.incrementAndGet() != failingCommit) {
            delegate.commit(base, metadata);
            return;
        }
        if (outcome == Outcome.LANDED) {
            delegate.commit(base, metadata);
        }
        failed.set(true);
        if (unreachableAfterFailure.get()) {
            unreachable.set(true);
        }
        throw error.get();
    }

    private void checkReachable() {
        if (unreachable.get()) {
            throw new java.io.UncheckedIOException(new java.net.ConnectException("catalog unreachable (test)"));
        }
    }

    @Override
    public FileIO io() {
        return delegate.io();
    }

    @Override
    public EncryptionManager encryption() {
        return delegate.encryption();
    }

    @Override
    public String metadataFileLocation(String fileName) {
        return delegate.metadataFileLocation(fileName);
    }

    @Override
    public LocationProvider locationProvider() {
        return delegate.locationProvider();
    }

    @Override
    public long newSnapshotId() {
        return delegate.newSnapshotId();
    }
}
