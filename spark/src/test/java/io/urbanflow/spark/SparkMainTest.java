package io.urbanflow.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.model.LocalPorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code urbanflow spark}'s command line: a user's mistake is one line naming what to fix, and exit code 1. */
class SparkMainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String... args) {
        CommandLine commandLine = SparkMain.commandLine(SparkDomains.load());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return new Run(commandLine.execute(all), out.toString(), err.toString());
    }

    @Test
    void a_master_that_does_not_answer_is_one_line_naming_the_master_flag() throws IOException {
        int port = LocalPorts.free("127.0.0.1");
        Run run = run("run", "mart.traffic_10min", "--master", "spark://127.0.0.1:" + port);
        assertThat(run.code()).isEqualTo(SparkMain.EXIT_FAILURE);
        assertThat(run.err().lines()).containsExactly("urbanflow: Cannot reach Spark master spark://127.0.0.1:" + port
                + " (--master): Connection refused");
    }

    @Test
    void a_master_url_of_another_kind_is_one_line() {
        Run run = run("cells", "--master", "yarn");
        assertThat(run.code()).isEqualTo(SparkMain.EXIT_FAILURE);
        assertThat(run.err().lines()).containsExactly("urbanflow: Cannot use Spark master 'yarn' (--master): expected local[*], local[N] or spark://HOST:PORT");
    }

    @Test
    void an_unknown_model_lists_the_known_ones() {
        Run run = run("run", "mart.nothing");
        assertThat(run.code()).isEqualTo(SparkMain.EXIT_FAILURE);
        assertThat(run.err().lines()).containsExactly("urbanflow: Cannot run model 'mart.nothing' on Spark: known models are "
                + "mart.sessions, mart.purchases, mart.purchase_items, mart.funnel_daily, mart.traffic_10min, mart.cell_traffic_10min");
    }

    @Test
    void run_lists_the_models_and_the_domains_add_their_jobs() {
        Run run = run("run", "--list");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("mart.traffic_10min", "mart.cell_traffic_10min", "mart.sessions", "mart.purchases",
                "mart.purchase_items", "mart.funnel_daily");
        assertThat(SparkMain.commandLine(SparkDomains.load()).getSubcommands()).containsKeys("run", "cells", "convert", "bench");
    }

    @Test
    void a_model_whose_input_is_missing_is_one_line() {
        Run run = run("run", "mart.traffic_10min", "--master", TestSpark.MASTER);
        assertThat(run.code()).isEqualTo(SparkMain.EXIT_FAILURE);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).startsWith("urbanflow: Cannot run mart.traffic_10min on Spark: [TABLE_OR_VIEW_NOT_FOUND]");
    }
}
