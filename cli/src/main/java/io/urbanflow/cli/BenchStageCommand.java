package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.models.StageBenchmark;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow bench stage}: how fast stage.gps_points is built, on synthetic points in a temporary lake. */
@Command(name = "stage", mixinStandardHelpOptions = true,
        description = "Measure building stage.gps_points (dedup, outliers, speed, heading, H3) from synthetic raw points in a temporary lake.")
public final class BenchStageCommand implements Callable<Integer> {
    @Option(names = "--points", description = "Raw points (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
    private int points;

    @Option(names = "--threads", description = "Vehicle slices built at once (default: 0 = one per processor).",
            defaultValue = "0")
    private int threads;

    @Option(names = "--runs", description = "Full builds; the figures are the best run's (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    private int runs;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        int slices = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        Path directory = Files.createTempDirectory("urbanflow-bench-stage");
        try (Lake lake = Lake.open(LakeConfig.defaults(directory)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            StageBenchmark.Figures best = null;
            for (StageBenchmark.Figures figures : StageBenchmark.runs(lake, engine, points, slices, Math.max(1, runs))) {
                out.printf(Locale.ROOT, "full build of %,d points: %.2f s, %,.0f points/s, %,.0f points per CPU-second%n",
                        figures.points(), figures.result().elapsed().toNanos() / 1e9, figures.pointsPerSecond(), figures.pointsPerCpuSecond());
                out.flush();
                if (best == null || figures.pointsPerSecond() > best.pointsPerSecond()) {
                    best = figures;
                }
            }
            out.println(best.keyValues());
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return 0;
    }
}
