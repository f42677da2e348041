package io.urbanflow.web;

import io.urbanflow.domain.LakeAccess;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryConfig;
import io.urbanflow.query.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

/**
 * {@link LakeAccess} over an open {@link Lake}: metadata from the Iceberg catalog (always the latest commit), SQL
 * through the given guarded engine. Thread-safe as the catalog and engine are.
 */
public final class IcebergLakeAccess implements LakeAccess {
    /** Rows the dashboard's own queries may return (a replayed hour of a busy city). */
    public static final int INTERNAL_MAX_ROWS = 500_000;

    private final Lake lake;
    private final Function<String, QueryResult> sql;
    private final Function<String, QueryResult> internalSql;
    private final AutoCloseable resources;

    /**
     * @param lake      the lake to describe; closed with this
     * @param sql       runs guarded, bounded, read-only SQL (e.g. {@code DuckDbQueryEngine::query})
     * @param resources closed with this after the lake (the engine), or null
     */
    public IcebergLakeAccess(Lake lake, Function<String, QueryResult> sql, AutoCloseable resources) {
        this(lake, sql, sql, resources);
    }

    private IcebergLakeAccess(Lake lake, Function<String, QueryResult> sql, Function<String, QueryResult> internalSql,
                              AutoCloseable resources) {
        this.lake = lake;
        this.sql = sql;
        this.internalSql = internalSql;
        this.resources = resources;
    }

    /**
     * Opens the lake and two DuckDB engines over it, with the default memory, thread and spill limits; see
     * {@link #open(LakeConfig, QueryConfig)}.
     *
     * @throws io.urbanflow.model.UrbanFlowException when the catalog cannot be opened
     */
    public static IcebergLakeAccess open(LakeConfig config, Duration sqlTimeout, int sqlMaxRows) {
        return open(config, new QueryConfig(sqlTimeout, sqlMaxRows));
    }

    /**
     * Opens the lake and two DuckDB engines over it: one for users' SQL with the given limits, one for the
     * dashboard's own queries with the same memory, thread and spill limits, 120s and {@link #INTERNAL_MAX_ROWS}.
     *
     * @throws io.urbanflow.model.UrbanFlowException when the catalog cannot be opened or DuckDB cannot start
     */
    public static IcebergLakeAccess open(LakeConfig config, QueryConfig userLimits) {
        Lake lake = Lake.open(config);
        try {
            DuckDbQueryEngine user = DuckDbQueryEngine.open(lake, userLimits);
            DuckDbQueryEngine internal;
            try {
                internal = DuckDbQueryEngine.open(lake, userLimits.withTimeout(Duration.ofSeconds(120)).withMaxRows(INTERNAL_MAX_ROWS));
            } catch (RuntimeException e) {
                user.close();
                throw e;
            }
            return new IcebergLakeAccess(lake, user::query, internal::query, () -> {
                try {
                    user.close();
                } finally {
                    internal.close();
                }
            });
        } catch (RuntimeException e) {
            lake.close();
            throw e;
        }
    }

    @Override
    public List<TableSummary> tables() {
        List<TableSummary> summaries = new ArrayList<>();
        for (TableIdentifier identifier : lake.tables()) {
            lake.findTable(identifier.toString()).ifPresent(table -> summaries.add(summary(identifier.toString(), table)));
        }
        return summaries;
    }

    @Override
    public Optional<TableDetail> table(String qualifiedName) {
        Optional<Table> found;
        try {
            found = lake.findTable(Lake.identifier(qualifiedName).toString());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return found.map(table -> {
            List<Column> columns = new ArrayList<>();
            for (Types.NestedField field : table.schema().columns()) {
                columns.add(new Column(field.fieldId(), field.name(), field.type().toString(), field.isRequired()));
            }
            List<LakeAccess.Snapshot> snapshots = new ArrayList<>();
            for (org.apache.iceberg.Snapshot snapshot : table.snapshots()) {
                Map<String, String> summary = snapshot.summary();
                snapshots.add(new LakeAccess.Snapshot(snapshot.snapshotId(), snapshot.parentId(),
                        Instant.ofEpochMilli(snapshot.timestampMillis()), snapshot.operation(),
                        number(summary, "added-records"), number(summary, "total-records")));
            }
            snapshots.sort((a, b) -> b.committedAt().compareTo(a.committedAt()));
            return new TableDetail(summary(qualifiedName, table), columns, table.spec().toString(), snapshots);
        });
    }

    @Override
    public QueryResult query(String statement) {
        return sql.apply(statement);
    }

    @Override
    public QueryResult internalQuery(String statement) {
        return internalSql.apply(statement);
    }

    @Override
    public void close() {
        try {
            if (resources != null) {
                resources.close();
            }
        } catch (Exception e) {
            // closing: nothing the user can do about it
        } finally {
            lake.close();
        }
    }

    private static TableSummary summary(String name, Table table) {
        org.apache.iceberg.Snapshot current = table.currentSnapshot();
        if (current == null) {
            return new TableSummary(name, 0, 0, 0, null, 0);
        }
        Map<String, String> summary = current.summary();
        int snapshots = 0;
        for (org.apache.iceberg.Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        return new TableSummary(name, number(summary, "total-records"), number(summary, "total-data-files"),
                number(summary, "total-files-size"), Instant.ofEpochMilli(current.timestampMillis()), snapshots);
    }

    private static long number(Map<String, String> summary, String key) {
        String value = summary.get(key);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
