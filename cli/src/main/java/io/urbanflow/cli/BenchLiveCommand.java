package io.urbanflow.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow bench live}: send-to-browser latency of the live map at a fixed point rate. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Measure send-to-browser latency of the live map: an embedded broker, a producer at a fixed rate,"
                + " the live aggregator and WebSocket server, and a Java WebSocket client in one process.",
                "Last line: live_p50_ms=... live_p99_ms=..."})
public final class BenchLiveCommand implements Callable<Integer> {
    @Option(names = "--rate", paramLabel = "POINTS_PER_S", defaultValue = "50000", description = "Points sent per second. Default: ${DEFAULT-VALUE}.")
    private int rate;

    @Option(names = "--vehicles", paramLabel = "N", defaultValue = "1000", description = "Vehicles the points are spread over. Default: ${DEFAULT-VALUE}.")
    private int vehicles;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", description = "How long to measure (after the warm-up). Default: ${DEFAULT-VALUE}.")
    private String duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", description = "Sending before measuring starts. Default: ${DEFAULT-VALUE}.")
    private String warmup;

    @Option(names = "--update-interval", paramLabel = "DURATION", defaultValue = "250ms", description = "Time between live updates. Default: ${DEFAULT-VALUE}.")
    private String updateInterval;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LiveBenchmark.Options options = new LiveBenchmark.Options(rate, vehicles,
                io.urbanflow.model.Settings.parseDuration("--warmup", warmup),
                io.urbanflow.model.Settings.parseDuration("--duration", duration),
                io.urbanflow.model.Settings.parseDuration("--update-interval", updateInterval));
        new LiveBenchmark(Clock.systemUTC()).run(options, spec.commandLine().getOut());
        return 0;
    }
}
