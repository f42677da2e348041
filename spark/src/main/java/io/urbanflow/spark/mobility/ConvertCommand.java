package io.urbanflow.spark.mobility;

import io.urbanflow.sources.SourceOptions;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.SparkMain;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code urbanflow spark convert PATH}: GPS files to Parquet to {@code raw.gps_points}, in parallel ({@link ConvertJob}). */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert GPS files (any of the formats of 'urbanflow formats') to Parquet and append them to raw.gps_points,",
            "one Spark task per file; bad lines go to DATA/quarantine/spark-convert-*.jsonl (or stop with --strict)."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", description = "A file or a folder of files (.gz and .zip too).")
    Path path;

    @Option(names = "--format", defaultValue = SourceOptions.AUTO, paramLabel = "FORMAT",
            description = "The input format; auto detects each file's (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of timestamps without an offset (default: the data set's own).")
    String zone;

    @Option(names = "--strict", description = "Stop at the first bad input line; nothing is written.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SparkMain main = SparkMain.of(spec);
        SourceOptions options = new SourceOptions(format, zone == null ? null : SourceOptions.parseZone(zone), null);
        try (SparkLake lake = main.open("convert")) {
            ConvertJob.Result result = ConvertJob.run(lake, path, options,
                    strict ? ConvertJob.RejectPolicy.STRICT : ConvertJob.RejectPolicy.QUARANTINE, main.dataDir(), Clock.systemUTC());
            var out = main.out();
            result.sources().forEach(line -> out.println("  " + line));
            result.quarantine().ifPresent(file -> out.println("rejected lines are in " + file));
            out.printf("parquet: %s%n", result.parquet());
            out.printf("files=%d points=%d rejected=%d seconds=%.1f%n", result.files(), result.points(), result.rejected(),
                    result.took().toMillis() / 1000.0);
        }
        return 0;
    }
}
