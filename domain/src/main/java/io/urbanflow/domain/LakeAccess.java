package io.urbanflow.domain;

import io.urbanflow.query.QueryResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard reads from the lake: table metadata and read-only SQL. Implementations are thread-safe.
 */
public interface LakeAccess extends AutoCloseable {

    /** Every table of the lake with its current figures, by name. */
    List<TableSummary> tables();

    /** One table's schema and snapshots, or empty when there is no such table. */
    Optional<TableDetail> table(String qualifiedName);

    default boolean exists(String qualifiedName) {
        return table(qualifiedName).isPresent();
    }

    /**
     * Runs read-only SQL over the lake's current snapshots, as {@code urbanflow sql} does: guarded (no writes, no
     * file access, no ATTACH/INSTALL/LOAD), with the time and row limits of the implementation.
     *
     * @throws io.urbanflow.model.UrbanFlowException with a message for the user when the query is refused, fails
     *                                               or runs too long
     */
    QueryResult query(String sql);

    /**
     * Runs the dashboard's own read-only SQL (traffic charts, replays): the same guard as {@link #query}, with room
     * for larger results. Never given a user's text.
     */
    default QueryResult internalQuery(String sql) {
        return query(sql);
    }

    @Override
    void close();

    /** A table's current figures; {@code lastCommit} is null for a table without snapshots. Immutable. */
    record TableSummary(String name, long rows, long files, long bytes, Instant lastCommit, int snapshots) {
    }

    /** A column of a table. Immutable. */
    record Column(int id, String name, String type, boolean required) {
    }

    /** One snapshot (commit) of a table. Immutable. */
    record Snapshot(long id, Long parentId, Instant committedAt, String operation, long addedRows, long totalRows) {
    }

    /** A table's schema, partitioning and snapshots, newest snapshot first. Immutable. */
    record TableDetail(TableSummary summary, List<Column> columns, String partitioning, List<Snapshot> snapshots) {
        public TableDetail {
            columns = List.copyOf(columns);
            snapshots = List.copyOf(snapshots);
        }
    }
}
