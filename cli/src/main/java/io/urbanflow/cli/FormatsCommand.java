package io.urbanflow.cli;

import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.mobility.sources.GpsFormats;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow formats}: the input formats, with a description and an example line each. */
@Command(name = "formats", mixinStandardHelpOptions = true,
        description = "List the GPS file formats UrbanFlow reads (--format NAME), with an example line each.")
public final class FormatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = 0;
        for (GpsFormat format : GpsFormats.all()) {
            width = Math.max(width, format.name().length());
        }
        String indent = " ".repeat(width + 2);
        for (GpsFormat format : GpsFormats.all()) {
            out.println(format.name() + " ".repeat(width + 2 - format.name().length()) + format.description());
            out.println(indent + "e.g. " + format.exampleLine());
        }
        out.println("auto" + " ".repeat(width - 2) + "(default) detect the format from the first lines; .gz files and "
                + "directories of files are read directly");
        out.flush();
        return 0;
    }
}
