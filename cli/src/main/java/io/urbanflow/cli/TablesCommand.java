package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.query.LakeTableSummary;
import io.urbanflow.query.QueryResultFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow tables}: the lake's tables with their size, from Iceberg metadata (no data scan). */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = "List the lake's tables with rows, data files, bytes and the last snapshot's time and id"
                + " (from Iceberg metadata, no data is read).")
public final class TablesCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json. Default: ${DEFAULT-VALUE}.")
    private SqlCommand.Format format;

    @picocli.CommandLine.Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        LakeConfig config = LakeConfig.from(settings, dataDir);
        PrintWriter out = spec.commandLine().getOut();
        boolean table = format == SqlCommand.Format.TABLE;
        if (config.sqliteFile().filter(file -> !Files.exists(file)).isPresent()) {
            if (table) {
                out.println("The lake in " + dataDir + " is empty: there is no catalog yet. Fill it with: urbanflow demo");
            } else {
                QueryResultFormat.valueOf(format.name()).write(LakeTableSummary.asResult(List.of()), out);
            }
            out.flush();
            return 0;
        }
        try (Lake lake = UrbanFlowCommand.openLake(config)) {
            List<LakeTableSummary> summaries = LakeTableSummary.of(lake);
            QueryResultFormat.valueOf(format.name()).write(LakeTableSummary.asResult(summaries), out);
            if (table && summaries.stream().allMatch(summary -> summary.rows() == 0)) {
                out.println("The lake holds no rows yet. Fill it with: urbanflow demo");
            }
            out.flush();
        }
        return 0;
    }
}
