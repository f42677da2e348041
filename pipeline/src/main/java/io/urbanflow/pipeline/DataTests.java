package io.urbanflow.pipeline;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Evaluates {@link DataTest}s with DuckDB over the tables' current snapshots (their Parquet files, as the models read
 * them). Stateless and thread-safe; each call uses the context's own DuckDB connection.
 */
public final class DataTests {
    /** Offending rows kept with a failure. */
    public static final int SAMPLE_ROWS = 5;

    private DataTests() {
    }

    /**
     * Runs {@code test} once.
     *
     * @throws UrbanFlowException when a table it reads does not exist or the query fails (a broken test, not a failed one)
     */
    public static DataTestResult evaluate(DataTest test, ModelContext context) {
        long started = System.nanoTime();
        String relation = relation(context, test.table(), test);
        DataTest.Check check = test.check();
        try (Statement statement = context.duckdb().createStatement()) {
            if (check instanceof DataTest.RowCount rowCount) {
                long rows = single(statement, "SELECT count(*) FROM " + relation);
                DataTestResult.Level level = rows < rowCount.errorBelow() ? DataTestResult.Level.ERROR
                        : rows < rowCount.warnBelow() ? DataTestResult.Level.WARN : DataTestResult.Level.PASS;
                long threshold = level == DataTestResult.Level.ERROR ? rowCount.errorBelow() : rowCount.warnBelow();
                String message = level == DataTestResult.Level.PASS ? rows + " rows"
                        : rows + " rows, fewer than " + threshold;
                return result(test, cap(level, test), level == DataTestResult.Level.PASS ? 0 : threshold - rows, message, List.of(), started);
            }
            if (check instanceof DataTest.Freshness freshness) {
                String column = SqlText.quoteIdentifier(freshness.column());
                long newestMicros;
                try (ResultSet result = statement.executeQuery("SELECT epoch_us(max(" + column + ")) FROM " + relation)) {
                    result.next();
                    newestMicros = result.getLong(1);
                    if (result.wasNull()) {
                        return result(test, cap(DataTestResult.Level.ERROR, test), 1, "no rows: " + freshness.column() + " has no newest value",
                                List.of(), started);
                    }
                }
                Instant newest = MicrosRange.instant(newestMicros);
                Duration age = Duration.between(newest, context.clock().instant());
                DataTestResult.Level level = age.compareTo(freshness.errorAfter()) > 0 ? DataTestResult.Level.ERROR
                        : age.compareTo(freshness.warnAfter()) > 0 ? DataTestResult.Level.WARN : DataTestResult.Level.PASS;
                String message = "newest " + freshness.column() + " " + newest + ", " + age.toSeconds() + " s old"
                        + (level == DataTestResult.Level.ERROR ? " (error after " + freshness.errorAfter().toSeconds() + " s)"
                        : level == DataTestResult.Level.WARN ? " (warning after " + freshness.warnAfter().toSeconds() + " s)" : "");
                return result(test, cap(level, test), level == DataTestResult.Level.PASS ? 0 : age.toSeconds(), message, List.of(), started);
            }
            String offending = offendingSql(test, relation, context);
            long failures = single(statement, "SELECT count(*) FROM (" + offending + ")");
            List<String> samples = failures == 0 ? List.of() : samples(statement, offending);
            DataTestResult.Level level = failures == 0 ? DataTestResult.Level.PASS
                    : test.severity() == DataTest.Severity.ERROR ? DataTestResult.Level.ERROR : DataTestResult.Level.WARN;
            return result(test, level, failures, failures == 0 ? "no offending rows" : failures + " " + what(check), samples, started);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot run data test " + test.name() + ": " + e.getMessage(), e);
        }
    }

    /** The query returning the offending rows (or keys) of a row-level check. */
    static String offendingSql(DataTest test, String relation, ModelContext context) {
        DataTest.Check check = test.check();
        if (check instanceof DataTest.Unique unique) {
            String columns = quoted(unique.columns());
            return "SELECT " + columns + ", count(*) AS duplicates FROM " + relation + " GROUP BY " + columns + " HAVING count(*) > 1";
        }
        if (check instanceof DataTest.NotNull notNull) {
            StringJoiner any = new StringJoiner(" OR ");
            notNull.columns().forEach(column -> any.add(SqlText.quoteIdentifier(column) + " IS NULL"));
            return "SELECT * FROM " + relation + " WHERE " + any;
        }
        if (check instanceof DataTest.AcceptedValues accepted) {
            StringJoiner values = new StringJoiner(", ", "(", ")");
            accepted.values().forEach(value -> values.add(SqlText.quoteString(value)));
            String column = SqlText.quoteIdentifier(accepted.column());
            return "SELECT " + column + ", count(*) AS rows FROM " + relation + " WHERE " + column + " IS NOT NULL AND CAST(" + column
                    + " AS VARCHAR) NOT IN " + values + " GROUP BY " + column;
        }
        if (check instanceof DataTest.Relationship relationship) {
            String other = relation(context, relationship.toTable(), test);
            String column = SqlText.quoteIdentifier(relationship.column());
            return "SELECT " + column + ", count(*) AS rows FROM " + relation + " AS child WHERE " + column + " IS NOT NULL AND NOT EXISTS"
                    + " (SELECT 1 FROM " + other + " AS parent WHERE parent." + SqlText.quoteIdentifier(relationship.toColumn())
                    + " = child." + column + ") GROUP BY " + column;
        }
        throw new IllegalArgumentException("Cannot query offending rows of " + check.kind());
    }

    private static String what(DataTest.Check check) {
        return switch (check.kind()) {
            case "unique" -> "duplicate keys";
            case "not_null" -> "rows with NULLs";
            case "accepted_values" -> "values not accepted";
            case "relationships" -> "values without a match in " + ((DataTest.Relationship) check).toTable();
            default -> "failures";
        };
    }

    private static DataTestResult.Level cap(DataTestResult.Level level, DataTest test) {
        return level == DataTestResult.Level.ERROR && test.severity() == DataTest.Severity.WARN ? DataTestResult.Level.WARN : level;
    }

    private static DataTestResult result(DataTest test, DataTestResult.Level level, long failures, String message, List<String> samples,
                                         long startedNanos) {
        return new DataTestResult(test, level, failures, message, samples, Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> samples(Statement statement, String offending) throws SQLException {
        List<String> samples = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM (" + offending + ") LIMIT " + SAMPLE_ROWS)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                StringJoiner row = new StringJoiner(", ");
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.add(meta.getColumnLabel(column) + "=" + result.getString(column));
                }
                samples.add(row.toString());
            }
        }
        return samples;
    }

    /** The table's current snapshot as a DuckDB relation over its data files. */
    private static String relation(ModelContext context, String name, DataTest test) {
        Table table = context.findTable(name).orElseThrow(() -> new UrbanFlowException("Cannot run data test " + test.name()
                + ": table " + name + " does not exist yet"));
        table.refresh();
        List<String> paths = new ArrayList<>();
        if (table.currentSnapshot() != null) {
            try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                for (FileScanTask task : tasks) {
                    if (!task.deletes().isEmpty()) {
                        throw new UrbanFlowException("Cannot run data test " + test.name() + ": " + name + " has row-level deletes");
                    }
                    paths.add(task.file().location());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return SqlText.scan(table.schema(), paths);
    }

    private static String quoted(List<String> columns) {
        StringJoiner joiner = new StringJoiner(", ");
        columns.forEach(column -> joiner.add(SqlText.quoteIdentifier(column)));
        return joiner.toString();
    }

    /** {@code unique(vehicle_id, ts) on stage.gps_points}: for logs. */
    public static String describe(DataTest test) {
        return String.format(Locale.ROOT, "%s(%s) on %s [%s%s]", test.check().kind(), test.check().argument(), test.table(),
                test.severity().label(), test.isBlocking() ? ", blocking" : "");
    }
}
