package io.urbanflow.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.urbanflow.query.internal.ValueText;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link QueryResult} is printed. Timestamps with zone print as ISO-8601 UTC ({@code 2014-02-01T07:00:03.250Z}),
 * BLOBs as base64. Stateless and thread-safe.
 */
public enum QueryResultFormat {
    /**
     * An aligned text table for people: header, separator, rows (numbers right-aligned, NULL for nulls, long text cut
     * at {@value #MAX_CELL_WIDTH} characters, line breaks shown as {@code \n}), and a footer with the row count.
     */
    TABLE {
        @Override
        public void write(QueryResult result, Writer out) throws IOException {
            writeTable(result, out);
        }
    },
    /**
     * RFC 4180 CSV for scripts: one header line and one line per row, nothing else. Fields holding a comma, a quote,
     * a line break or leading/trailing spaces are quoted, quotes doubled; a null is an empty field and an empty
     * string is {@code ""}. Lines end with {@code \n}.
     */
    CSV {
        @Override
        public void write(QueryResult result, Writer out) throws IOException {
            writeCsvLine(new ArrayList<>(result.columns()), out);
            for (List<Object> row : result.rows()) {
                List<String> fields = new ArrayList<>(row.size());
                for (Object value : row) {
                    fields.add(ValueText.of(value));
                }
                writeCsvLine(fields, out);
            }
        }
    },
    /**
     * A JSON array of objects, one object per row keyed by column name, one row per line. Numbers are JSON numbers
     * (NaN and infinities are strings), lists arrays, structs and maps objects, other values strings.
     */
    JSON {
        @Override
        public void write(QueryResult result, Writer out) throws IOException {
            JsonGenerator json = JSON_FACTORY.createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            out.write("[");
            boolean first = true;
            for (List<Object> row : result.rows()) {
                out.write(first ? "\n" : ",\n");
                first = false;
                json.writeStartObject();
                for (int column = 0; column < row.size(); column++) {
                    json.writeFieldName(result.columns().get(column));
                    writeJsonValue(json, row.get(column));
                }
                json.writeEndObject();
                json.flush();
            }
            out.write(first ? "]\n" : "\n]\n");
            out.flush();
        }
    };

    /** Longest cell the TABLE format shows before cutting it with an ellipsis. */
    public static final int MAX_CELL_WIDTH = 60;

    // rows are separated by the format itself, not by Jackson's root-value separator
    private static final JsonFactory JSON_FACTORY = new JsonFactory().setRootValueSeparator(null);
    private static final Set<String> NUMERIC_TYPES = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE");

    /** Writes the result; the caller closes {@code out}. */
    public abstract void write(QueryResult result, Writer out) throws IOException;

    private static void writeTable(QueryResult result, Writer out) throws IOException {
        int columns = result.columns().size();
        List<String[]> cells = new ArrayList<>(result.rowCount());
        int[] widths = new int[columns];
        boolean[] rightAligned = new boolean[columns];
        for (int column = 0; column < columns; column++) {
            widths[column] = result.columns().get(column).length();
            String type = result.types().get(column);
            rightAligned[column] = NUMERIC_TYPES.contains(type) || type.startsWith("DECIMAL");
        }
        for (List<Object> row : result.rows()) {
            String[] line = new String[columns];
            for (int column = 0; column < columns; column++) {
                Object value = row.get(column);
                line[column] = value == null ? "NULL" : cell(ValueText.of(value));
                widths[column] = Math.max(widths[column], line[column].length());
            }
            cells.add(line);
        }
        StringBuilder text = new StringBuilder();
        if (columns > 0) {
            for (int column = 0; column < columns; column++) {
                pad(text.append(column == 0 ? "" : " | "), cell(result.columns().get(column)), widths[column], rightAligned[column]);
            }
            trimEnd(text).append('\n');
            for (int column = 0; column < columns; column++) {
                text.append(column == 0 ? "" : "-+-").append("-".repeat(widths[column]));
            }
            text.append('\n');
            for (String[] line : cells) {
                for (int column = 0; column < columns; column++) {
                    pad(text.append(column == 0 ? "" : " | "), line[column], widths[column], rightAligned[column]);
                }
                trimEnd(text).append('\n');
            }
        }
        int rows = result.rowCount();
        text.append('(').append(rows).append(rows == 1 ? " row" : " rows");
        if (result.truncated()) {
            text.append(", cut at the row limit: more rows were not read");
        }
        text.append(")\n");
        out.write(text.toString());
        out.flush();
    }

    private static String cell(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ");
        return oneLine.length() <= MAX_CELL_WIDTH ? oneLine : oneLine.substring(0, MAX_CELL_WIDTH - 1) + "…";
    }

    private static void pad(StringBuilder text, String value, int width, boolean right) {
        if (right) {
            text.append(" ".repeat(width - value.length())).append(value);
        } else {
            text.append(value).append(" ".repeat(width - value.length()));
        }
    }

    private static StringBuilder trimEnd(StringBuilder text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        text.setLength(end);
        return text;
    }

    private static void writeCsvLine(List<String> fields, Writer out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int index = 0; index < fields.size(); index++) {
            if (index > 0) {
                line.append(',');
            }
            String field = fields.get(index);
            if (field == null) {
                continue;
            }
            if (field.isEmpty() || needsQuotes(field)) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        out.write(line.append('\n').toString());
    }

    private static boolean needsQuotes(String field) {
        return field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0
                || Character.isWhitespace(field.charAt(0)) || Character.isWhitespace(field.charAt(field.length() - 1));
    }

    private static void writeJsonValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            json.writeNumber(number);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                json.writeNumber(value instanceof Float ? Float.toString((Float) value) : Double.toString(number));
            } else {
                json.writeString(Double.toString(number));
            }
        } else if (value instanceof byte[] bytes) {
            json.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeJsonValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeJsonValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            json.writeString(ValueText.of(value));
        }
    }
}
