package io.urbanflow.cli;

import io.urbanflow.domain.Domain;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code urbanflow formats}: every domain's input formats and generators, with a description and an example each. */
@Command(name = "formats", mixinStandardHelpOptions = true,
        description = "List the file formats (--format NAME) and generators (--source synthetic:...) of every domain,"
                + " with an example each.")
public final class FormatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int width = "auto".length();
        for (Domain domain : UrbanFlowCommand.domains().all()) {
            for (SourceFormat format : domain.formats()) {
                width = Math.max(width, format.name().length());
            }
        }
        String indent = " ".repeat(width + 2);
        for (Domain domain : UrbanFlowCommand.domains().all()) {
            out.println(domain.name() + ": " + domain.description());
            for (SourceFormat format : domain.formats()) {
                out.println("  " + format.name() + " ".repeat(width + 2 - format.name().length()) + format.description());
                out.println("  " + indent + "e.g. " + format.exampleLine());
            }
            for (SourceGenerator generator : domain.generators()) {
                out.println("  " + "synthetic" + " ".repeat(Math.max(1, width + 2 - "synthetic".length())) + generator.description());
            }
        }
        out.println("auto" + " ".repeat(width - 2) + "(default) detect each file's format from its first lines; .gz and .zip files"
                + " and folders of files are read directly (a folder holds one domain's files)");
        out.flush();
        return 0;
    }
}
