package io.urbanflow.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.internal.DuckDbParser;
import io.urbanflow.query.internal.SqlLexer;
import io.urbanflow.query.internal.SqlLexer.Kind;
import io.urbanflow.query.internal.SqlLexer.Token;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The read-only gate in front of user SQL (the {@code sql} command, the web SQL box): lets through one query that
 * only reads lake tables, refuses everything else with a {@link QueryRefusedException} naming what was refused.
 *
 * <p>Three layers, so that no single mistake opens the lake:
 * <ol>
 *   <li>tokens: exactly one statement, starting with SELECT, WITH, VALUES, FROM, TABLE, EXPLAIN, DESCRIBE, SHOW,
 *       SUMMARIZE, PIVOT, UNPIVOT or a parenthesis; COPY, ATTACH, INSTALL, CREATE, SET, PRAGMA, CALL ... are refused
 *       by name; a function that reads files ({@code read_csv(}, {@code glob(} ...) or a string after FROM/JOIN
 *       ({@code FROM '/etc/passwd'}) is refused;</li>
 *   <li>DuckDB's parser ({@code json_serialize_sql}): the statement must parse as a single SELECT (EXPLAIN is
 *       checked on the statement it explains), and its whole tree is walked: a table function outside a small
 *       allow-list ({@code range}, {@code generate_series}, {@code unnest}, {@code duckdb_*} listings of tables,
 *       columns and functions) or a table name that looks like a file path is refused, and so is whatever reveals
 *       the engine's settings or absolute paths: {@code current_setting}, {@code getenv}, {@code pg_get_viewdef},
 *       {@code duckdb_settings}, {@code duckdb_databases}, {@code duckdb_temporary_files}, {@code duckdb_extensions}
 *       and the catalog views that hold view definitions (which name the warehouse's files) or settings
 *       ({@code duckdb_views}, {@code sqlite_master}, {@code information_schema.views}, {@code pg_views},
 *       {@code pg_settings}, {@code pragma_database_list} ...);</li>
 *   <li>the engine's user database itself ({@link DuckDbQueryEngine}) runs with external access disabled except
 *       for the warehouse, within its memory, thread and spill limits, and its configuration locked (so no
 *       statement, guarded or not, raises a limit).</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class SqlGuard {
    private static final String READ_ONLY = "Cannot run query: the lake is read-only here: ";
    private static final String LAKE_ONLY = "Cannot run query: only lake tables can be read here: ";
    private static final String NO_SETTINGS = "Cannot run query: the engine's settings and paths are not readable here: ";

    private static final Set<String> QUERY_STARTS = Set.of(
            "SELECT", "WITH", "VALUES", "FROM", "TABLE", "EXPLAIN", "DESCRIBE", "DESC", "SHOW", "SUMMARIZE",
            "PIVOT", "UNPIVOT", "PIVOT_WIDER", "PIVOT_LONGER");

    /** Statements that write, attach, install, configure or control transactions. */
    private static final Set<String> REFUSED_STATEMENTS = Set.of(
            "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "FORCE", "CREATE", "INSERT", "UPDATE", "DELETE", "DROP",
            "ALTER", "SET", "RESET", "PRAGMA", "CALL", "EXPORT", "IMPORT", "TRUNCATE", "VACUUM", "CHECKPOINT", "USE",
            "BEGIN", "COMMIT", "ROLLBACK", "START", "ABORT", "END", "MERGE", "PREPARE", "EXECUTE", "DEALLOCATE",
            "ANALYZE", "COMMENT", "UPSERT", "REPLACE");

    /** Functions that read files, other databases, or run SQL given as text: refused wherever they appear. */
    private static final Set<String> FILE_FUNCTIONS = Set.of(
            "read_csv", "read_csv_auto", "read_parquet", "parquet_scan", "read_json", "read_json_auto",
            "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
            "read_text", "read_blob", "glob", "sniff_csv", "parquet_metadata", "parquet_schema",
            "parquet_file_metadata", "parquet_kv_metadata", "parquet_bloom_probe", "parquet_full_metadata",
            "iceberg_scan", "iceberg_metadata", "iceberg_snapshots", "delta_scan", "sqlite_scan", "sqlite_attach",
            "postgres_scan", "postgres_attach", "mysql_scan", "query", "query_table", "json_execute_serialized_sql",
            "load_aws_credentials", "checkpoint", "force_checkpoint", "read_xlsx", "st_read", "read_duckdb");

    /**
     * Functions that reveal settings (the temp directory, the allowed directories), the environment or view
     * definitions (the lake's views name absolute file paths): refused wherever they appear.
     */
    private static final Set<String> SETTINGS_FUNCTIONS = Set.of(
            "current_setting", "getenv", "pg_get_viewdef", "duckdb_settings", "duckdb_databases", "duckdb_views",
            "duckdb_temporary_files", "duckdb_extensions", "duckdb_secrets", "which_secret", "duckdb_logs",
            "duckdb_external_file_cache", "pragma_database_list", "pragma_show", "duckdb_profiling_settings");

    /**
     * DuckDB's catalog views that hold view definitions (naming the warehouse's files), settings or database paths;
     * refused by name in any schema.
     */
    private static final Set<String> SETTINGS_RELATIONS = Set.of(
            "duckdb_views", "duckdb_settings", "duckdb_databases", "duckdb_logs", "duckdb_temporary_files",
            "duckdb_extensions", "pragma_database_list", "sqlite_master", "sqlite_schema", "sqlite_temp_master",
            "sqlite_temp_schema", "pg_views", "pg_settings");

    /** Table functions a query may use: generators and DuckDB's own listings of tables, columns and functions. */
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of(
            "range", "generate_series", "unnest", "json_each", "json_tree", "duckdb_tables",
            "duckdb_columns", "duckdb_schemas", "duckdb_types", "duckdb_functions", "duckdb_keywords",
            "duckdb_constraints", "duckdb_indexes", "duckdb_sequences", "pragma_table_info", "test_all_types");

    private SqlGuard() {
    }

    /**
     * Passes when {@code sql} is a single read-only query.
     *
     * @throws QueryRefusedException when it would write, attach, install, configure, read files, or is more than
     *                               one statement; the message names what was refused
     * @throws UrbanFlowException    when it is empty or does not parse ("Cannot run query: syntax error ...")
     */
    public static void check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new UrbanFlowException("Cannot run query: the query is empty");
        }
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql);
        } catch (SqlLexer.UnterminatedException e) {
            throw new UrbanFlowException("Cannot run query: syntax error: " + e.getMessage());
        }
        List<Token> statement = singleStatement(tokens);
        int bodyStart = checkStart(statement, 0);
        checkTokens(statement);
        // a trailing semicolon is fine for the parser: more than one statement was refused above
        checkParseTree(sql.substring(statement.get(bodyStart).start()));
    }

    private static List<Token> singleStatement(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.kind() == Kind.SEMICOLON) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        if (statements.isEmpty()) {
            throw new UrbanFlowException("Cannot run query: the query is empty");
        }
        if (statements.size() > 1) {
            throw new QueryRefusedException(READ_ONLY + "one statement at a time, found " + statements.size());
        }
        return statements.get(0);
    }

    /** Checks the statement's leading keyword (and what EXPLAIN explains); returns the index of the query proper. */
    private static int checkStart(List<Token> statement, int index) {
        Token first = statement.get(index);
        if (first.isSymbol("(")) {
            return index;
        }
        String word = first.kind() == Kind.WORD ? first.text() : "";
        if (REFUSED_STATEMENTS.contains(word)) {
            String name = word.equals("FORCE") && index + 1 < statement.size() ? "FORCE " + statement.get(index + 1).text() : word;
            throw new QueryRefusedException(READ_ONLY + name + " is not allowed");
        }
        if (!QUERY_STARTS.contains(word)) {
            throw new QueryRefusedException(READ_ONLY + "only queries (SELECT, WITH, VALUES, FROM, EXPLAIN, DESCRIBE,"
                    + " SHOW, SUMMARIZE) are allowed, not '" + first.text() + "'");
        }
        if (!word.equals("EXPLAIN")) {
            return index;
        }
        int next = index + 1;
        if (next < statement.size() && statement.get(next).isWord("ANALYZE")) {
            next++;
        }
        if (next < statement.size() && statement.get(next).isSymbol("(")) {
            next = afterParentheses(statement, next);
        }
        if (next >= statement.size()) {
            throw new UrbanFlowException("Cannot run query: EXPLAIN needs a query to explain");
        }
        return checkStart(statement, next);
    }

    private static int afterParentheses(List<Token> statement, int open) {
        int depth = 0;
        for (int index = open; index < statement.size(); index++) {
            if (statement.get(index).isSymbol("(")) {
                depth++;
            } else if (statement.get(index).isSymbol(")") && --depth == 0) {
                return index + 1;
            }
        }
        return statement.size();
    }

    private static void checkTokens(List<Token> statement) {
        for (int index = 0; index < statement.size(); index++) {
            Token token = statement.get(index);
            Token next = index + 1 < statement.size() ? statement.get(index + 1) : null;
            if (token.kind() == Kind.WORD && next != null && next.isSymbol("(")
                    && FILE_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT))) {
                throw new QueryRefusedException(LAKE_ONLY + token.text().toLowerCase(Locale.ROOT)
                        + " reads files; query lake tables by name (see urbanflow tables)");
            }
            if (token.kind() == Kind.WORD && next != null && next.isSymbol("(")
                    && SETTINGS_FUNCTIONS.contains(token.text().toLowerCase(Locale.ROOT))) {
                throw settingsRefused(token.text().toLowerCase(Locale.ROOT));
            }
            if ((token.isWord("FROM") || token.isWord("JOIN")) && next != null && next.kind() == Kind.STRING) {
                throw new QueryRefusedException(LAKE_ONLY + "reading the file '" + next.text()
                        + "' is not allowed; query lake tables by name (see urbanflow tables)");
            }
        }
    }

    private static void checkParseTree(String query) {
        JsonNode tree = DuckDbParser.shared().parse(query);
        if (tree.path("error").asBoolean(false)) {
            String message = tree.path("error_message").asText("");
            if ("parser".equals(tree.path("error_type").asText())) {
                throw new UrbanFlowException("Cannot run query: " + oneLine(message));
            }
            throw new QueryRefusedException(READ_ONLY + "only queries are allowed (" + oneLine(message) + ")");
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw new QueryRefusedException(READ_ONLY + "one statement at a time, found " + statements.size());
        }
        walk(statements.get(0));
    }

    private static void walk(JsonNode node) {
        if (node.isObject()) {
            String type = node.path("type").asText("");
            if (type.equals("TABLE_FUNCTION")) {
                String name = node.path("function").path("function_name").asText("").toLowerCase(Locale.ROOT);
                if (FILE_FUNCTIONS.contains(name)) {
                    throw new QueryRefusedException(LAKE_ONLY + name + " reads files; query lake tables by name (see urbanflow tables)");
                }
                if (SETTINGS_FUNCTIONS.contains(name)) {
                    throw settingsRefused(name);
                }
                if (!ALLOWED_TABLE_FUNCTIONS.contains(name)) {
                    throw new QueryRefusedException(LAKE_ONLY + "the table function " + name
                            + " is not allowed (allowed: range, generate_series, unnest, duckdb_* listings)");
                }
            } else if (type.equals("BASE_TABLE")) {
                String table = node.path("table_name").asText("");
                if (looksLikeFile(table)) {
                    throw new QueryRefusedException(LAKE_ONLY + "reading the file '" + table
                            + "' is not allowed; query lake tables by name (see urbanflow tables)");
                }
                String lower = table.toLowerCase(Locale.ROOT);
                if (SETTINGS_RELATIONS.contains(lower)
                        || (lower.equals("views") && node.path("schema_name").asText("").equalsIgnoreCase("information_schema"))) {
                    throw settingsRefused(lower);
                }
            } else if (node.path("class").asText("").equals("FUNCTION")) {
                String name = node.path("function_name").asText("").toLowerCase(Locale.ROOT);
                if (FILE_FUNCTIONS.contains(name)) {
                    throw new QueryRefusedException(LAKE_ONLY + node.path("function_name").asText() + " is not allowed");
                }
                if (SETTINGS_FUNCTIONS.contains(name)) {
                    throw settingsRefused(name);
                }
            }
            for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
                walk(children.next());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walk(child);
            }
        }
    }

    private static QueryRefusedException settingsRefused(String name) {
        return new QueryRefusedException(NO_SETTINGS + name + " is not allowed (it shows settings or paths of the"
                + " machine); SHOW TABLES and DESCRIBE list the lake's tables and columns");
    }

    /** A table name DuckDB would resolve with a replacement scan: a path, a URL, a glob or a name with an extension. */
    private static boolean looksLikeFile(String table) {
        return table.indexOf('/') >= 0 || table.indexOf('\\') >= 0 || table.indexOf(':') >= 0
                || table.indexOf('*') >= 0 || table.indexOf('.') >= 0 || table.indexOf('~') >= 0;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s+", " ").trim();
    }
}
