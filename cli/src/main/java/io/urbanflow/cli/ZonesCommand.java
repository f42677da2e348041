package io.urbanflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow zones}: zone sets (districts, neighbourhoods) that points and trips are aggregated by. */
@Command(name = "zones", mixinStandardHelpOptions = true,
        description = "Load and list zone sets (GeoJSON polygons) for aggregating points and trips by zone.",
        subcommands = {
            ZonesLoadCommand.class,
            ZonesListCommand.class,
        })
public final class ZonesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
