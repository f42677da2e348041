package io.urbanflow.cli;

import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.FileLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code urbanflow load}: the batch road into the lake: files (or a generator's output) straight into their raw
 * tables, through the same decoders as the ingest, each file once.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Load files into the lake without Kafka: each record lands in the raw table its topic is bound to (GPS points"
                    + " into raw.gps_points, clickstream events into raw.*_events), decoded as the ingest decodes them,"
                    + " with rejects in the rejected tables.",
            "Each file is loaded once: the lake records its SHA-256 in the same commit as its rows, so loading it again"
                    + " (or a folder after new files arrived) adds only what is new. Bad lines go to"
                    + " DATA/quarantine/load-*.jsonl (or stop the load with --strict).",
            "The last line printed is loaded=N rejected=M skipped=K (rows, rejected rows, files already loaded)."})
public final class LoadCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH",
            description = "Files, .gz or .zip files, folders, or generators (synthetic:...).")
    private List<String> paths;

    @Option(names = "--format", defaultValue = SourceOptions.AUTO, paramLabel = "FORMAT",
            description = "The input format (see 'urbanflow formats'); auto detects each file's (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of timestamps without an offset, e.g. Europe/Rome (default: the data set's own).")
    private String zone;

    @Option(names = "--strict", description = "Stop at the first bad input line instead of quarantining it.")
    private boolean strict;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ZoneId zoneId = zone == null ? null : SourceOptions.parseZone(zone);
        SourceOptions options = new SourceOptions(format, zoneId, null);
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        Domains domains = UrbanFlowCommand.domains();
        Sources sources = domains.sources();
        PrintWriter out = spec.commandLine().getOut();
        long[] tally = new long[3]; // rows, rejected, skipped
        java.util.function.BiConsumer<String, FileLoader.Result> loaded = (name, result) -> {
            print(out, name, result);
            tally[0] += result.rows();
            tally[1] += result.rejected();
            tally[2] += result.skipped() ? 1 : 0;
        };
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir)); Quarantine quarantine = Quarantine.open(dataDir, "load")) {
            FileLoader loader = new FileLoader(lake, domains.bindings(), Clock.systemUTC());
            RejectSink lines = strict ? RejectSink.strict() : quarantine;
            for (String path : paths) {
                if (sources.isGenerator(path)) {
                    loaded.accept(path, loader.load(sources.open(path, options), FileLoader.fingerprint(path), lines));
                } else {
                    loader.loadFiles(sources, Path.of(path), options, lines, (file, result) -> loaded.accept(file.toString(), result));
                }
            }
            quarantine.flush();
            if (quarantine.count() > 0) {
                out.println("rejected lines are in " + quarantine.path());
            }
        } catch (UrbanFlowException e) {
            out.flush();
            throw e;
        }
        out.println("loaded=" + tally[0] + " rejected=" + tally[1] + " skipped=" + tally[2]);
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, String name, FileLoader.Result result) {
        out.println(String.format(Locale.ROOT, "%s: %s", name, result.summary()));
        out.flush();
    }
}
