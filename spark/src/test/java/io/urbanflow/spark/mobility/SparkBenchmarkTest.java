package io.urbanflow.spark.mobility;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.spark.SparkDomains;
import io.urbanflow.spark.SparkMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code urbanflow bench spark} on a small table: four engines agree, the last line is key=value. */
class SparkBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void the_four_aggregations_agree_and_the_last_line_has_every_figure() {
        CommandLine commandLine = SparkMain.commandLine(SparkDomains.load());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));

        int code = commandLine.execute("--data-dir", dir.toString(), "bench", "--points", "30000");

        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("rows=30000 duckdb_s=\\d+\\.\\d\\d spark_sql_s=\\d+\\.\\d\\d"
                + " spark_rdd_reduce_s=\\d+\\.\\d\\d spark_rdd_group_s=\\d+\\.\\d\\d");
        assertThat(out.toString()).contains("generated in");

        StringWriter again = new StringWriter();
        commandLine.setOut(new PrintWriter(again, true));
        assertThat(commandLine.execute("--data-dir", dir.toString(), "bench", "--points", "30000")).isZero();
        assertThat(again.toString()).contains("(kept from an earlier run)");
    }
}
