package io.urbanflow.query.internal;

/** Quoting of identifiers and string literals for generated DuckDB SQL. Stateless. */
public final class SqlText {
    private SqlText() {
    }

    /** {@code "name"}, with embedded quotes doubled. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code 'text'}, with embedded quotes doubled. */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
