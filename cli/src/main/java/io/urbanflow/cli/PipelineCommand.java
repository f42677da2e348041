package io.urbanflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow pipeline}: the DAG of loads, models, data tests and maintenance: list it, run a selection, backfill. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"The pipeline as a DAG: each domain's load, its models (in the order their inputs imply) with their data"
                + " tests, and the lake's maintenance.",
                "Runs are recorded in the catalog database: see urbanflow runs, and the Runs page of urbanflow serve."},
        subcommands = {PipelineListCommand.class, PipelineRunCommand.class, PipelineBackfillCommand.class})
public final class PipelineCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
