package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM raw.gps_points",
        "select count(*) from raw.gps_points where vehicle_id = 'x; DROP TABLE y'",
        "WITH recent AS (SELECT * FROM raw.gps_points WHERE ts > now() - INTERVAL 1 HOUR) SELECT count(*) FROM recent",
        "VALUES (1, 'a'), (2, 'b')",
        "FROM raw.gps_points LIMIT 3",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "EXPLAIN SELECT * FROM raw.gps_points",
        "EXPLAIN ANALYZE SELECT count(*) FROM raw.gps_points",
        "DESCRIBE raw.gps_points",
        "SHOW TABLES",
        "SHOW ALL TABLES",
        "SUMMARIZE raw.gps_points",
        "SELECT * FROM range(10)",
        "SELECT * FROM duckdb_tables()",
        "SELECT unnest([1, 2, 3])",
        "SELECT 1;",
        "SELECT 1; ;  -- trailing comment",
        "SELECT 'it''s' AS text, $$dollar; quoted$$ AS other, \"odd;name\".x FROM (SELECT 1 AS x) \"odd;name\"",
        "/* a comment: COPY x TO 'y' */ SELECT 1",
        "SELECT load, \"update\" FROM (SELECT 1 AS load, 2 AS \"update\")",
        "SELECT vehicle_id, count(*) FROM raw.gps_points GROUP BY ALL QUALIFY count(*) > 1",
    })
    void read_only_queries_pass(String sql) {
        assertThatCode(() -> SqlGuard.check(sql)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "COPY raw.gps_points TO '/tmp/x.csv'                      | COPY is not allowed",
        "copy (SELECT 1) TO '/tmp/x.parquet' (FORMAT parquet)    | COPY is not allowed",
        "ATTACH '/tmp/other.db' AS other                          | ATTACH is not allowed",
        "DETACH other                                             | DETACH is not allowed",
        "INSTALL httpfs                                           | INSTALL is not allowed",
        "FORCE INSTALL httpfs                                     | FORCE INSTALL is not allowed",
        "LOAD httpfs                                              | LOAD is not allowed",
        "CREATE TABLE t AS SELECT 1                               | CREATE is not allowed",
        "CREATE OR REPLACE VIEW raw.gps_points AS SELECT 1        | CREATE is not allowed",
        "INSERT INTO t VALUES (1)                                 | INSERT is not allowed",
        "UPDATE t SET a = 1                                       | UPDATE is not allowed",
        "DELETE FROM t                                            | DELETE is not allowed",
        "DROP VIEW raw.gps_points                                 | DROP is not allowed",
        "ALTER TABLE t ADD COLUMN b INT                           | ALTER is not allowed",
        "SET enable_external_access = true                        | SET is not allowed",
        "RESET threads                                            | RESET is not allowed",
        "PRAGMA enable_profiling                                  | PRAGMA is not allowed",
        "CALL pragma_version()                                    | CALL is not allowed",
        "EXPORT DATABASE '/tmp/dump'                              | EXPORT is not allowed",
        "IMPORT DATABASE '/tmp/dump'                              | IMPORT is not allowed",
        "EXPLAIN COPY t TO 'x'                                    | COPY is not allowed",
        "  -- sneaky\\n  /* nested /* comment */ */ DROP TABLE t   | DROP is not allowed",
        "SELECT 1; DROP TABLE t                                   | one statement at a time, found 2",
        "SELECT 1; SELECT 2                                       | one statement at a time, found 2",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x        | only queries are allowed",
        "VACUUM                                                   | VACUUM is not allowed",
        "CHECKPOINT                                               | CHECKPOINT is not allowed",
        "USE memory                                               | USE is not allowed",
        "BEGIN TRANSACTION                                        | BEGIN is not allowed",
        "GRANT ALL ON t TO u                                      | only queries (SELECT",
    })
    void writes_and_settings_are_refused_by_name(String sql, String reason) {
        assertThatThrownBy(() -> SqlGuard.check(sql.replace("\\n", "\n")))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("Cannot run query: the lake is read-only here: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv_auto('/etc/passwd')",
        "SELECT * FROM READ_PARQUET('/tmp/*.parquet')",
        "SELECT * FROM read_json_auto('/tmp/x.json')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM parquet_scan('/tmp/x.parquet')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM parquet_metadata('/tmp/x.parquet')",
        "SELECT * FROM query('SELECT 1')",
        "FROM '/etc/passwd'",
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM raw.gps_points JOIN 'data.csv' USING (vehicle_id)",
        "SELECT * FROM raw.gps_points, '/tmp/x.parquet'",
        "SELECT * FROM \"/etc/passwd\"",
        "SELECT * FROM \"data.csv\"",
        "SELECT (SELECT count(*) FROM read_csv ('/etc/passwd'))",
        "WITH f AS (SELECT * FROM \"read_csv\"('/etc/passwd')) SELECT * FROM f",
        "SUMMARIZE SELECT * FROM \"glob\"('/etc/*')",
        "EXPLAIN SELECT * FROM \"read_text\"('/etc/hostname')",
        "SELECT * FROM some_unknown_table_function('x')",
    })
    void reading_files_is_refused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("Cannot run query: only lake tables can be read here: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT current_setting('temp_directory')",
        "SELECT current_setting('home_directory')",
        "SELECT current_setting('allowed_directories')",
        "SELECT pg_catalog.current_setting('secret_directory')",
        "SELECT \"CURRENT_SETTING\"('memory_limit')",
        "SELECT upper(current_setting ('temp_directory'))",
        "SELECT getenv('HOME')",
        "SELECT * FROM duckdb_settings()",
        "SELECT value FROM duckdb_settings() WHERE name = 'temp_directory'",
        "FROM duckdb_settings",
        "SELECT * FROM duckdb_databases()",
        "SELECT path FROM duckdb_databases",
        "SELECT * FROM duckdb_extensions()",
        "SELECT * FROM duckdb_temporary_files()",
        "SELECT * FROM duckdb_external_file_cache()",
        "SELECT * FROM pragma_database_list",
        "SELECT * FROM pragma_database_list()",
        "SELECT sql FROM duckdb_views()",
        "SELECT sql FROM duckdb_views",
        "SELECT sql FROM sqlite_master",
        "SELECT * FROM main.sqlite_schema",
        "SELECT view_definition FROM information_schema.views",
        "SELECT definition FROM pg_catalog.pg_views",
        "SELECT * FROM pg_settings",
        "SELECT pg_get_viewdef(view_oid) FROM duckdb_tables()",
        "SUMMARIZE sqlite_master",
        "WITH s AS (SELECT * FROM sqlite_temp_master) SELECT sql FROM s",
        "SELECT (SELECT max(sql) FROM sqlite_master)",
        "EXPLAIN SELECT current_setting('temp_directory')",
    })
    void settings_and_paths_of_the_engine_are_refused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("Cannot run query: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET memory_limit = '100GB'",
        "SET threads = 64",
        "SET max_temp_directory_size = '1TB'",
        "SET temp_directory = '/'",
        "RESET memory_limit",
        "RESET ALL",
        "PRAGMA memory_limit = '100GB'",
        "PRAGMA threads = 64",
        "PRAGMA database_list",
        "CALL pragma_database_list()",
        "SET GLOBAL threads = 64",
        "SET SESSION memory_limit = '100GB'",
    })
    void limits_cannot_be_raised_nor_paths_listed_with_set_reset_or_pragma(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql))
                .isInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("Cannot run query: the lake is read-only here: ");
    }

    @Test
    void empty_and_unparsable_queries_are_errors_not_refusals() {
        assertThatThrownBy(() -> SqlGuard.check("  ")).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot run query: the query is empty");
        assertThatThrownBy(() -> SqlGuard.check(" ; ;")).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot run query: the query is empty");
        assertThatThrownBy(() -> SqlGuard.check("SELECT FROM WHERE")).isNotInstanceOf(QueryRefusedException.class)
                .hasMessageStartingWith("Cannot run query: syntax error at or near");
        assertThatThrownBy(() -> SqlGuard.check("SELECT 'unterminated")).isNotInstanceOf(QueryRefusedException.class)
                .hasMessage("Cannot run query: syntax error: unterminated string");
    }
}
