package io.urbanflow.cli;

import io.urbanflow.model.Settings;
import io.urbanflow.orchestration.Dag;
import io.urbanflow.orchestration.Selection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow pipeline list}: the DAG by levels, each task with its kind, what it is, and what it runs after. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Print the DAG by levels: each task, its kind (load, model, test, maintenance), what it reads or checks,"
                + " and the tasks it runs after. Nothing is opened or run.")
public final class PipelineListCommand implements Callable<Integer> {
    @Option(names = "--select", paramLabel = "SELECTION", description = "Only these tasks: NAME, +NAME (and upstream), NAME+ (and"
            + " downstream), kind:KIND, globs (mart.*); several separated by spaces or commas.")
    private String select;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = Settings.load(dataDir.resolve("urbanflow.properties"), System.getenv(), Map.of());
        Dag dag = Orchestration.dag(UrbanFlowCommand.domains().all(), settings, dataDir);
        if (select != null) {
            dag = dag.select(Selection.parse(select), Selection.Tests.ATTACHED);
        }
        PrintWriter out = spec.commandLine().getOut();
        dag.listing().forEach(out::println);
        out.flush();
        return 0;
    }
}
