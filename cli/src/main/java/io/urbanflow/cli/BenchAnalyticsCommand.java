package io.urbanflow.cli;

import io.urbanflow.mobility.analytics.AnalyticsBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow bench analytics}: synthetic points into a temp lake, then stage, trips (and the other analytics
 * tables) and k-means, timed; the last line is {@code stage_points_per_s=... trips_points_per_s=... kmeans_points_per_s=...}.
 */
@Command(name = "analytics", mixinStandardHelpOptions = true,
        description = "Time building stage.gps_points, the trajectory tables and k-means on synthetic Rome taxis in a temp lake.")
public final class BenchAnalyticsCommand implements Callable<Integer> {
    @Option(names = "--points", paramLabel = "N", defaultValue = "2000000", description = "Raw points to generate (default: ${DEFAULT-VALUE}).")
    private int points;

    @Option(names = "--keep", description = "Keep the temp lake and print its folder (default: delete it).")
    private boolean keep;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("urbanflow-bench-analytics-");
        try {
            AnalyticsBenchmark.Figures figures = AnalyticsBenchmark.run(dir, points, Clock.systemUTC(), line -> {
                out.println(line);
                out.flush();
            });
            if (keep) {
                out.println("lake kept in " + dir);
            }
            out.println(figures.keyValues());
            out.flush();
            return 0;
        } finally {
            if (!keep) {
                deleteRecursively(dir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is no failure of the benchmark
        }
    }
}
