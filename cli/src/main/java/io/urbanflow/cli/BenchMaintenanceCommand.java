package io.urbanflow.cli;

import io.urbanflow.query.MaintenanceBenchmark;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow bench maintenance}: queries on a table of many one-second commits, before and after
 * {@code maintain}, beside the same points written as one batch; optionally how query time grows with commits.
 */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = "Write points as many small commits (one second each) into a temporary lake, time a count, a"
                + " 10-minute aggregate and one vehicle's track before and after maintenance and on the same points"
                + " written as one batch.")
public final class BenchMaintenanceCommand implements Callable<Integer> {
    @Option(names = "--points", description = "Points written (default: ${DEFAULT-VALUE}).", defaultValue = "2000000")
    private long points;

    @Option(names = "--points-per-commit", description = "Points per commit (default: ${DEFAULT-VALUE}: one second at 1,000 points/s).",
            defaultValue = "1000")
    private int pointsPerCommit;

    @Option(names = "--growth", description = "Also time the queries on tables of 1,000, 5,000 and 20,000 commits, before and after"
            + " maintenance, and their compaction.")
    private boolean growth;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        MaintenanceBenchmark.Options options = MaintenanceBenchmark.Options.defaults().withPoints(points)
                .withPointsPerCommit(pointsPerCommit);
        if (growth) {
            options = options.withGrowth(List.of(1_000, 5_000, 20_000));
        }
        MaintenanceBenchmark.run(options, out);
        return 0;
    }
}
