package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryConfig;
import io.urbanflow.query.QueryResult;
import io.urbanflow.query.QueryResultFormat;
import io.urbanflow.query.SnapshotSelector;
import io.urbanflow.query.SqlGuard;
import io.urbanflow.query.SqlShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code urbanflow sql}: read-only DuckDB SQL over the lake. With a query, prints its result and exits; without, opens
 * the interactive shell on a terminal, or runs the statements read from standard input otherwise.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {
            "Run read-only SQL (DuckDB) over the lake: every table by its name, e.g. raw.gps_points.",
            "Without a query: an interactive shell (history, multi-line statements ending with ';', .tables, .quit),"
                + " or the statements piped on standard input.",
        })
public final class SqlCommand implements Callable<Integer> {
    /** How results print. */
    enum Format { TABLE, CSV, JSON }

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The query, e.g. \"SELECT count(*) FROM raw.gps_points\".")
    private String query;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, with a row count), csv (a header line and rows, nothing else) or json (an array of"
                    + " objects). Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Option(names = "--as-of", paramLabel = "TIME",
            description = "Read every table as it was at TIME (ISO-8601: 2014-02-01T08:00:00Z, 2014-02-01T09:00+01:00;"
                    + " without an offset: UTC).")
    private String asOf;

    @Option(names = "--snapshot", paramLabel = "ID",
            description = "Read the table that has Iceberg snapshot ID at it, the other tables as of its commit time.")
    private Long snapshot;

    @Option(names = "--max-rows", paramLabel = "N",
            description = "Print at most N rows (default: query.max-rows, 100000); more are cut with a note on stderr.")
    private Integer maxRows;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Cancel a query running longer (default: query.timeout, 60s), e.g. 30s, 5m.")
    private String timeout;

    @picocli.CommandLine.Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SnapshotSelector at = selector();
        if (query != null) {
            SqlGuard.check(query); // refuse before opening the lake
        }
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        QueryConfig config = QueryConfig.from(settings);
        if (maxRows != null) {
            config = config.withMaxRows(maxRows);
        }
        if (timeout != null) {
            config = config.withTimeout(Settings.parseDuration("--timeout", timeout));
        }
        QueryResultFormat resultFormat = QueryResultFormat.valueOf(format.name());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Lake lake = UrbanFlowCommand.openLake(LakeConfig.from(settings, dataDir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake, config)) {
            if (query != null) {
                QueryResult result = engine.query(query, at);
                resultFormat.write(result, out);
                out.flush();
                if (result.truncated() && resultFormat != QueryResultFormat.TABLE) {
                    err.println("urbanflow: printed the first " + result.rowCount() + " rows only; raise --max-rows to see more");
                    err.flush();
                }
                return 0;
            }
            SqlShell shell = new SqlShell(lake, engine, at, resultFormat);
            if (System.console() == null) {
                String script = readStandardInput();
                return shell.runScript(script, out, err) ? 0 : UrbanFlowCommand.EXIT_FAILURE;
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                shell.run(terminal, dataDir.resolve(".sql_history"));
            }
            return 0;
        }
    }

    private SnapshotSelector selector() {
        if (asOf != null && snapshot != null) {
            throw new UrbanFlowException("Cannot run query: give --as-of or --snapshot, not both");
        }
        if (snapshot != null) {
            return SnapshotSelector.snapshot(snapshot);
        }
        return asOf == null ? SnapshotSelector.current() : SnapshotSelector.asOf(parseTime(asOf));
    }

    /**
     * An instant from ISO-8601 text: with {@code Z} or an offset, a date-time without one (UTC), or a date (its start,
     * UTC); a space may stand for the {@code T}.
     *
     * @throws UrbanFlowException when the text is none of these
     */
    static Instant parseTime(String text) {
        String value = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new UrbanFlowException("Cannot read --as-of '" + text + "': expected an ISO-8601 time such as "
                            + "2014-02-01T08:00:00Z or 2014-02-01T09:00:00+01:00");
                }
            }
        }
    }

    private static String readStandardInput() throws IOException {
        InputStream in = System.in;
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
