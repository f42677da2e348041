package io.urbanflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlShellTest {
    @TempDir
    Path dataDir;

    @Test
    void statements_span_lines_until_a_semicolon_errors_print_one_line_and_the_shell_goes_on() throws IOException {
        String typed = "SELECT count(*) AS points\n  FROM raw.gps_points\n;\n"
                + "SELECT nope FROM raw.gps_points;\n"
                + "COPY raw.gps_points TO '/tmp/x.csv';\n"
                + ".format csv\n"
                + "SELECT 'a;b' AS text;\n"
                + ".tables\n"
                + ".quit\n"
                + "SELECT 'never run';\n";
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Path history = dataDir.resolve(".sql_history");
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Terminal terminal = new DumbTerminal("test", "dumb",
                     new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), output, StandardCharsets.UTF_8)) {
            LakeFixture.appendPoints(lake, LakeFixture.DAY_ONE, 12, 0);
            new SqlShell(lake, engine, SnapshotSelector.current(), QueryResultFormat.TABLE).run(terminal, history);
        }
        String text = output.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Tables: raw.gps_points, raw.gps_points_rejected.")
                .contains("points\n------\n    12\n(1 row)")
                .contains("Cannot run query: Binder Error: Referenced column \"nope\" not found")
                .contains("Cannot run query: the lake is read-only here: COPY is not allowed")
                .contains("text\na;b\n")
                .contains("raw.gps_points          |   12 |     1 |")
                .doesNotContain("never run");
        assertThat(Files.readString(history)).contains("SELECT count(*) AS points").contains(".format csv");
    }

    @Test
    void a_script_runs_statement_by_statement_and_stops_at_the_first_error() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (Lake lake = LakeFixture.open(dataDir); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            SqlShell shell = new SqlShell(lake, engine, SnapshotSelector.current(), QueryResultFormat.CSV);
            boolean ok = shell.runScript("SELECT 1 AS a; -- one\nSELECT 'x;y' AS b;\nSELECT * FROM nowhere; SELECT 3 AS c;",
                    new PrintWriter(out), new PrintWriter(err));
            assertThat(ok).isFalse();
        }
        assertThat(out.toString()).isEqualTo("a\n1\nb\nx;y\n");
        assertThat(err.toString()).startsWith("Cannot run query: there is no table nowhere; lake tables: raw.gps_points")
                .hasLineCount(1);
    }

    @Test
    void completeness_and_splitting_ignore_semicolons_in_strings_and_comments() {
        assertThat(SqlShell.isComplete("SELECT 1")).isFalse();
        assertThat(SqlShell.isComplete("SELECT ';'")).isFalse();
        assertThat(SqlShell.isComplete("SELECT 1; -- done")).isTrue();
        assertThat(SqlShell.isComplete("SELECT 'open;")).isFalse();
        assertThat(SqlShell.isComplete(".tables")).isTrue();
        assertThat(SqlShell.statements("SELECT 1; SELECT ';' ;; /* ; */ SELECT 2"))
                .containsExactly("SELECT 1", "SELECT ';'", "/* ; */ SELECT 2");
    }
}
