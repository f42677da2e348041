package io.urbanflow.query.internal;

import io.urbanflow.query.QueryResult;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBStruct;

/** Reads a JDBC result into a {@link QueryResult}, converting DuckDB's values to the types it documents. */
public final class ResultRows {
    private ResultRows() {
    }

    /** Reads at most {@code maxRows} rows; one more row marks the result truncated. */
    public static QueryResult read(ResultSet result, int maxRows) throws SQLException {
        ResultSetMetaData metadata = result.getMetaData();
        int columnCount = metadata.getColumnCount();
        List<String> columns = new ArrayList<>(columnCount);
        List<String> types = new ArrayList<>(columnCount);
        for (int column = 1; column <= columnCount; column++) {
            columns.add(metadata.getColumnLabel(column));
            types.add(metadata.getColumnTypeName(column));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (result.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(columnCount);
            for (int column = 1; column <= columnCount; column++) {
                row.add(value(result, column, types.get(column - 1)));
            }
            rows.add(row);
        }
        return new QueryResult(columns, types, rows, truncated);
    }

    private static Object value(ResultSet result, int column, String type) throws SQLException {
        if (type.equals("TIMESTAMP") || type.startsWith("TIMESTAMP_")) {
            // via java.sql.Timestamp a wall-clock time in the JVM zone's DST gap would shift by an hour
            return result.getObject(column, LocalDateTime.class);
        }
        return convert(result.getObject(column));
    }

    static Object convert(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte || value instanceof BigDecimal || value instanceof BigInteger
                || value instanceof LocalDate || value instanceof LocalTime || value instanceof LocalDateTime
                || value instanceof UUID) {
            return value;
        }
        if (value instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        if (value instanceof ZonedDateTime zonedDateTime) {
            return zonedDateTime.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime(); // a TIMESTAMP nested in a list or struct
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Array array) {
            List<Object> list = new ArrayList<>();
            for (Object element : (Object[]) array.getArray()) {
                list.add(convert(element));
            }
            return list;
        }
        if (value instanceof DuckDBStruct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Map.Entry<String, Object> field : struct.getMap().entrySet()) {
                fields.put(field.getKey(), convert(field.getValue()));
            }
            return fields;
        }
        if (value instanceof Struct struct) {
            List<Object> fields = new ArrayList<>();
            for (Object field : struct.getAttributes()) {
                fields.add(convert(field));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.put(String.valueOf(convert(entry.getKey())), convert(entry.getValue()));
            }
            return entries;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(convert(element));
            }
            return copy;
        }
        return value.toString();
    }
}
