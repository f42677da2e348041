package io.urbanflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow bench}: the benchmarks, one subcommand each; each prints figures and a last key=value line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput and latency; each benchmark's last line is key=value pairs.",
        subcommands = {
            BenchReplayCommand.class,
            BenchIngestCommand.class,
            BenchAnalyticsCommand.class,
            BenchLiveCommand.class,
            BenchStageCommand.class,
            BenchMaintenanceCommand.class,
            BenchClickstreamCommand.class,
            BenchSparkCommand.class,
            BenchForecastCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
