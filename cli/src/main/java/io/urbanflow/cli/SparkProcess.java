package io.urbanflow.cli;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the Spark program ({@code io.urbanflow.spark.SparkMain} of the spark module) in a child JVM: Spark and its
 * dependencies are on no class path of this program, so the first {@code urbanflow demo} neither builds nor loads
 * them. The launcher {@code ./urbanflow} builds the spark module the first time a {@code spark} command runs and
 * names its class path in {@value #CLASS_PATH_VARIABLE}. The child shares this process's terminal; its exit code is
 * the command's.
 */
final class SparkProcess {
    static final String CLASS_PATH_VARIABLE = "URBANFLOW_SPARK_CLASSPATH";
    static final String JAVA_OPTIONS_VARIABLE = "URBANFLOW_SPARK_JAVA_OPTS";
    static final String MAIN_CLASS = "io.urbanflow.spark.SparkMain";
    /** Spark on Java 17 reaches into the JDK; Iceberg's readers need java.nio. */
    static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
            "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs",
            "sun.security.action", "sun.util.calendar");

    private SparkProcess() {
    }

    /**
     * Runs {@code urbanflow spark ARGS} in a child JVM and waits for it.
     *
     * @throws UrbanFlowException when the spark module is not built, or the child cannot start
     */
    static int run(CommandLine.Model.CommandSpec spec, List<String> args) {
        UrbanFlowCommand root = UrbanFlowCommand.of(spec);
        List<String> command = command(System.getenv(), root.dataDir(), verbose(spec.root().commandLine().getParseResult()), args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Spark's JVM: " + e.getMessage(), e);
        }
        Thread stopChild = new Thread(child::destroy, "stop-spark");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return UrbanFlowCommand.EXIT_FAILURE;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs
            }
        }
    }

    /** The child's command line: java, its options, the spark module's class path, SparkMain and the arguments. */
    static List<String> command(Map<String, String> environment, Path dataDir, boolean verbose, List<String> args) {
        String classPath = environment.get(CLASS_PATH_VARIABLE);
        if (classPath == null || classPath.isBlank()) {
            throw new UrbanFlowException("Cannot run Spark: the spark module is not built for this installation; run the command"
                    + " through ./urbanflow, which builds it on first use (" + CLASS_PATH_VARIABLE + " names its class path)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String options = environment.getOrDefault(JAVA_OPTIONS_VARIABLE, "-Xmx2g");
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        OPENS.forEach(name -> command.add("--add-opens=java.base/" + name + "=ALL-UNNAMED"));
        command.addAll(List.of("-cp", classPath, MAIN_CLASS, "--data-dir", dataDir.toString()));
        if (verbose) {
            command.add("--verbose");
        }
        command.addAll(args);
        return command;
    }

    private static boolean verbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult level = result; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
