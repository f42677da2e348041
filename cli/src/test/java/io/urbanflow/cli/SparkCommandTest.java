package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code urbanflow spark} hands its arguments to the spark module's JVM, which the launcher builds on first use. */
class SparkCommandTest {
    @TempDir
    Path dir;

    @Test
    void without_the_spark_module_built_the_command_says_how_to_get_it() {
        assumeTrue(System.getenv(SparkProcess.CLASS_PATH_VARIABLE) == null);
        CommandRun run = CommandRun.in(dir, "spark", "run", "mart.traffic_10min");
        assertThat(run.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(run.err().lines()).containsExactly("urbanflow: Cannot run Spark: the spark module is not built for this installation;"
                + " run the command through ./urbanflow, which builds it on first use (URBANFLOW_SPARK_CLASSPATH names its class path)");
    }

    @Test
    void the_child_gets_the_data_dir_the_options_and_every_argument() {
        List<String> command = SparkProcess.command(Map.of(SparkProcess.CLASS_PATH_VARIABLE, "/opt/spark.jar:/opt/lib/*",
                SparkProcess.JAVA_OPTIONS_VARIABLE, "-Xmx3g"), dir, true, List.of("cells", "--master", "local[2]"));
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command).contains("-Xmx3g", "--add-opens=java.base/java.nio=ALL-UNNAMED");
        assertThat(command.subList(command.indexOf("-cp"), command.size())).containsExactly("-cp", "/opt/spark.jar:/opt/lib/*",
                "io.urbanflow.spark.SparkMain", "--data-dir", dir.toString(), "--verbose", "cells", "--master", "local[2]");
    }

    @Test
    void help_after_the_job_s_name_belongs_to_the_spark_program() {
        assumeTrue(System.getenv(SparkProcess.CLASS_PATH_VARIABLE) == null);
        CommandRun help = CommandRun.in(dir, "spark", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("run MODEL [--into NAMESPACE]", "cells", "convert PATH");
        // passed on to the child, which is not built here
        assertThat(CommandRun.in(dir, "spark", "run", "--help").err()).contains("Cannot run Spark: the spark module is not built");
    }

    @Test
    void without_a_class_path_no_child_starts() {
        assertThatThrownBy(() -> SparkProcess.command(Map.of(), dir, false, List.of("cells")))
                .hasMessageStartingWith("Cannot run Spark: the spark module is not built");
    }
}
