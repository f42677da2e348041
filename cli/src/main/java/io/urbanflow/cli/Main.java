package io.urbanflow.cli;

import picocli.CommandLine;

/** The only {@code main}: runs one command and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line as {@code urbanflow ARGS} would, without exiting: for tests. */
    public static int run(String... args) {
        return UrbanFlowCommand.commandLine().execute(args);
    }
}
