package io.urbanflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow bench}: the group of benchmark commands; each prints its figures, last line key=value pairs. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: each prints its figures, the last line as key=value pairs.",
        subcommands = {BenchLiveCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
