package io.urbanflow.cli;

import io.urbanflow.clickstream.ClickstreamBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow bench clickstream}: generate, replay and ingest the four clickstream topics exactly once, then build
 * the stage and the marts, in one process on an embedded broker and a temporary lake.
 */
@Command(name = "clickstream", mixinStandardHelpOptions = true,
        description = "Generate a synthetic shop's events, replay them to the four clickstream topics, ingest them exactly"
                + " once and build stage.clickstream_events and the marts, in a temporary broker and lake.")
public final class BenchClickstreamCommand implements Callable<Integer> {
    @Option(names = "--events", description = "About how many events (all four kinds; default: ${DEFAULT-VALUE}).",
            defaultValue = "2000000")
    private long events;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        new ClickstreamBenchmark(Clock.systemUTC()).run(ClickstreamBenchmark.Options.defaults(work).withEvents(events), out);
        out.flush();
        return 0;
    }
}
