package io.urbanflow.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A data test a model declares on its table, as dbt's generic tests: {@link Unique}, {@link NotNull},
 * {@link AcceptedValues}, {@link Relationship} (every value has a match in another table), {@link RowCount} and
 * {@link Freshness} thresholds. It runs after its model (and, for a relationship, after the model of the other table);
 * a failure is recorded with sample rows. Its {@link Severity} says whether a failure is an error or a warning; a
 * {@link Blocking#BLOCKING} test that errs stops the tasks downstream of its model, a non-blocking one (the default)
 * only reports. Declared in a model's {@link Model#tests()}:
 *
 * <pre>{@code
 * public List<DataTest> tests() {
 *     return List.of(DataTest.unique(name(), "vehicle_id", "ts").blocking(),
 *                    DataTest.relationship(name(), "session_id", "mart.sessions", "session_id"));
 * }
 * }</pre>
 *
 * Immutable.
 *
 * @param table      the table tested (the declaring model's)
 * @param downstream whether an error stops the tasks downstream of the model
 */
public record DataTest(String table, Check check, Severity severity, Blocking downstream) {
    /** What a failing test is. */
    public enum Severity {
        WARN, ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a failing test (at error level) stops what runs downstream of its model. */
    public enum Blocking {
        BLOCKING, NON_BLOCKING
    }

    /** What a test checks. */
    public sealed interface Check permits Unique, NotNull, AcceptedValues, Relationship, RowCount, Freshness {
        /** {@code unique}, {@code not_null}, ...: as dbt names them. */
        String kind();

        /** {@code vehicle_id,ts}: what distinguishes two tests of one kind on one table. */
        String argument();
    }

    /** No two rows share the values of {@code columns}. */
    public record Unique(List<String> columns) implements Check {
        public Unique {
            columns = names(columns, "unique");
        }

        @Override
        public String kind() {
            return "unique";
        }

        @Override
        public String argument() {
            return String.join(",", columns);
        }
    }

    /** No row has a NULL in any of {@code columns}. */
    public record NotNull(List<String> columns) implements Check {
        public NotNull {
            columns = names(columns, "not_null");
        }

        @Override
        public String kind() {
            return "not_null";
        }

        @Override
        public String argument() {
            return String.join(",", columns);
        }
    }

    /** Every non-NULL value of {@code column}, as text, is one of {@code values}. */
    public record AcceptedValues(String column, List<String> values) implements Check {
        public AcceptedValues {
            column = names(List.of(column), "accepted_values").get(0);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("Cannot declare accepted_values on " + column + ": no values");
            }
            values = List.copyOf(values);
        }

        @Override
        public String kind() {
            return "accepted_values";
        }

        @Override
        public String argument() {
            return column;
        }
    }

    /** Every non-NULL value of {@code column} appears in {@code toColumn} of {@code toTable}. */
    public record Relationship(String column, String toTable, String toColumn) implements Check {
        public Relationship {
            column = names(List.of(column), "relationships").get(0);
            toColumn = names(List.of(toColumn), "relationships").get(0);
            if (toTable == null || !toTable.contains(".")) {
                throw new IllegalArgumentException("Cannot declare relationships to '" + toTable + "': expected namespace.table");
            }
        }

        @Override
        public String kind() {
            return "relationships";
        }

        @Override
        public String argument() {
            return column + "->" + toTable + "." + toColumn;
        }
    }

    /** The table has at least {@code errorBelow} rows (else an error) and at least {@code warnBelow} (else a warning). */
    public record RowCount(long errorBelow, long warnBelow) implements Check {
        public RowCount {
            if (errorBelow < 0 || warnBelow < errorBelow) {
                throw new IllegalArgumentException("Cannot declare row_count with error below " + errorBelow + " and warning below "
                        + warnBelow + ": expected 0 <= error threshold <= warning threshold");
            }
        }

        @Override
        public String kind() {
            return "row_count";
        }

        @Override
        public String argument() {
            return "min=" + errorBelow + (warnBelow > errorBelow ? ",warn=" + warnBelow : "");
        }
    }

    /** The newest {@code column} (a timestamp) is at most {@code warnAfter} old (else a warning), {@code errorAfter} (else an error). */
    public record Freshness(String column, Duration warnAfter, Duration errorAfter) implements Check {
        public Freshness {
            column = names(List.of(column), "freshness").get(0);
            if (warnAfter == null || errorAfter == null || warnAfter.isNegative() || errorAfter.compareTo(warnAfter) < 0) {
                throw new IllegalArgumentException("Cannot declare freshness of " + column + " with warning after " + warnAfter
                        + " and error after " + errorAfter + ": expected 0 <= warning <= error");
            }
        }

        @Override
        public String kind() {
            return "freshness";
        }

        @Override
        public String argument() {
            return column;
        }
    }

    public DataTest {
        if (table == null || !table.contains(".")) {
            throw new IllegalArgumentException("Cannot declare a data test on '" + table + "': expected namespace.table");
        }
        if (check == null) {
            throw new IllegalArgumentException("Cannot declare a data test on " + table + " without a check");
        }
        severity = severity == null ? Severity.ERROR : severity;
        downstream = downstream == null ? Blocking.NON_BLOCKING : downstream;
    }

    public static DataTest unique(String table, String... columns) {
        return new DataTest(table, new Unique(List.of(columns)), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    public static DataTest notNull(String table, String... columns) {
        return new DataTest(table, new NotNull(List.of(columns)), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    public static DataTest acceptedValues(String table, String column, String... values) {
        return new DataTest(table, new AcceptedValues(column, List.of(values)), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    public static DataTest relationship(String table, String column, String toTable, String toColumn) {
        return new DataTest(table, new Relationship(column, toTable, toColumn), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    /** At least {@code minRows} rows, else an error. */
    public static DataTest rowCount(String table, long minRows) {
        return new DataTest(table, new RowCount(minRows, minRows), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    /** At least {@code errorBelow} rows, else an error, and at least {@code warnBelow}, else a warning. */
    public static DataTest rowCount(String table, long errorBelow, long warnBelow) {
        return new DataTest(table, new RowCount(errorBelow, warnBelow), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    public static DataTest freshness(String table, String column, Duration warnAfter, Duration errorAfter) {
        return new DataTest(table, new Freshness(column, warnAfter, errorAfter), Severity.ERROR, Blocking.NON_BLOCKING);
    }

    /** This test, its failures being warnings. */
    public DataTest warnOnly() {
        return new DataTest(table, check, Severity.WARN, downstream);
    }

    /** This test, an error stopping the tasks downstream of its model. */
    public DataTest blocking() {
        return new DataTest(table, check, severity, Blocking.BLOCKING);
    }

    public boolean isBlocking() {
        return downstream == Blocking.BLOCKING;
    }

    /** {@code stage.gps_points.unique_vehicle_id_ts}: unique among a model's tests, and the name of its task less the prefix. */
    public String name() {
        return table + "." + check.kind() + "_" + check.argument().replaceAll("[^A-Za-z0-9_]+", "_");
    }

    /** The tables the test reads: its own, and for a relationship the other one. */
    public List<String> reads() {
        List<String> tables = new ArrayList<>();
        tables.add(table);
        if (check instanceof Relationship relationship && !relationship.toTable().equals(table)) {
            tables.add(relationship.toTable());
        }
        return List.copyOf(tables);
    }

    private static List<String> names(List<String> columns, String kind) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("Cannot declare " + kind + " without a column");
        }
        for (String column : columns) {
            if (column == null || !column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("Cannot declare " + kind + " on column '" + column + "': not a plain column name");
            }
        }
        return List.copyOf(columns);
    }
}
