package io.urbanflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow bench}: the group of benchmark commands. */
@Command(name = "bench",
        description = "Benchmarks on this machine: each prints its figures, the last line as key=value pairs.",
        subcommands = {
            BenchReplayCommand.class,
            BenchIngestCommand.class,
        })
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
