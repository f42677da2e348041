package io.urbanflow.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a query, materialised. Immutable (rows may hold nulls).
 *
 * <p>Values are Java objects: {@code Boolean}, {@code Byte}/{@code Short}/{@code Integer}/{@code Long}/
 * {@code BigInteger}, {@code Float}/{@code Double}/{@code BigDecimal}, {@code String}, {@code java.time.Instant}
 * for TIMESTAMPTZ (UTC), {@code LocalDateTime} for TIMESTAMP, {@code LocalDate}, {@code LocalTime},
 * {@code java.util.UUID}, {@code byte[]} for BLOB, {@code List} for LIST/ARRAY, {@code Map<String, Object>} for
 * STRUCT and MAP (keys as text), and {@code String} for anything else (INTERVAL ...).
 *
 * @param columns   column names, in order
 * @param types     DuckDB type names of the columns ({@code VARCHAR}, {@code TIMESTAMP WITH TIME ZONE}, ...)
 * @param rows      the rows, each as long as {@code columns}
 * @param truncated true when the query had more rows than the row limit and only the first ones are here
 */
public record QueryResult(List<String> columns, List<String> types, List<List<Object>> rows, boolean truncated) {
    public QueryResult {
        columns = List.copyOf(columns);
        types = List.copyOf(types);
        if (columns.size() != types.size()) {
            throw new IllegalArgumentException("columns and types differ in length: " + columns + " " + types);
        }
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    public int rowCount() {
        return rows.size();
    }

    /** The value in row {@code row} (0-based) of the named column. */
    public Object value(int row, String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.get(row).get(index);
    }
}
