package io.urbanflow.spark;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code urbanflow spark}: the Spark program, run in its own JVM with this module's class path (the {@code cli}
 * never loads Spark). Holds the options every job shares, which may stand before or after the job's name, and adds
 * the domains' jobs ({@link SparkDomain#commands()}) beside the platform's {@code run}. A user's mistake is one line on
 * stderr and exit code 1.
 */
@Command(name = "urbanflow spark", mixinStandardHelpOptions = true,
        description = "Run models and jobs on Apache Spark over the same Iceberg catalog and tables.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class})
public final class SparkMain implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where the lake lives (default: $URBANFLOW_DATA_DIR or ./urbanflow-data).")
    Path dataDir;

    @Option(names = "--master", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Spark master: local[*] (default), local[N] or spark://HOST:PORT (setting spark.master).")
    String master;

    @Option(names = "--conf", scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE",
            description = "A Spark property, e.g. --conf spark.executor.memory=2g (setting spark.conf.NAME).")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--catalog-url", scope = ScopeType.INHERIT, paramLabel = "JDBC_URL",
            description = "Iceberg catalog database (default: jdbc:sqlite:DATA/catalog.db).")
    String catalogUrl;

    @Option(names = "--warehouse", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Where table files live (default: DATA/warehouse).")
    String warehouse;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, String> environment = System.getenv();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line as {@code urbanflow spark ARGS} would, without exiting. */
    public static int run(String... args) {
        return commandLine(SparkDomains.load()).execute(args);
    }

    /** The command line with the domains' jobs added. */
    public static CommandLine commandLine(SparkDomains domains) {
        CommandLine commandLine = new CommandLine(new SparkMain());
        for (SparkDomain domain : domains.domains()) {
            for (Object command : domain.commands()) {
                String name = new CommandLine(command).getCommandName();
                if (commandLine.getSubcommands().containsKey(name)) {
                    throw new UrbanFlowException("Cannot add Spark job '" + name + "' of " + domain.name() + ": another job has that name");
                }
                commandLine.addSubcommand(command);
            }
        }
        // the cli passes --data-dir first; one the user gave after the job's name comes later and wins
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler(SparkMain::onParameterError);
        commandLine.setExecutionExceptionHandler(SparkMain::onExecutionError);
        return commandLine;
    }

    /** The root command of whatever job {@code spec} belongs to. */
    public static SparkMain of(CommandLine.Model.CommandSpec spec) {
        return (SparkMain) spec.root().userObject();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The data dir: {@code --data-dir}, else {@code URBANFLOW_DATA_DIR}, else {@code ./urbanflow-data}. */
    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        String fromEnvironment = environment.get("URBANFLOW_DATA_DIR");
        return Paths.get(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : "urbanflow-data")
                .toAbsolutePath().normalize();
    }

    /** {@code DATA/urbanflow.properties} &lt; {@code URBANFLOW_*} variables &lt; flags. */
    public Settings settings() {
        Map<String, String> flags = new HashMap<>();
        if (catalogUrl != null) {
            flags.put(LakeConfig.CATALOG_URL, catalogUrl);
        }
        if (warehouse != null) {
            flags.put(LakeConfig.WAREHOUSE, warehouse);
        }
        if (master != null) {
            flags.put(SparkConfig.MASTER, master);
        }
        conf.forEach((name, value) -> flags.put(SparkConfig.PROPERTY_PREFIX + name, value));
        return Settings.load(dataDir().resolve("urbanflow.properties"), environment, flags);
    }

    public LakeConfig lakeConfig() {
        return LakeConfig.from(settings(), dataDir());
    }

    public SparkConfig sparkConfig() {
        return SparkConfig.from(settings());
    }

    /** Opens a Spark session on the lake for job {@code name}. */
    public SparkLake open(String name) {
        return SparkLake.open(lakeConfig(), sparkConfig(), "urbanflow " + name);
    }

    /** As {@link #open(String)}, on {@code defaultMaster} unless {@code --master} or {@code spark.master} says otherwise. */
    public SparkLake open(String name, String defaultMaster) {
        Settings settings = settings();
        SparkConfig config = SparkConfig.from(settings);
        if (settings.string(SparkConfig.MASTER, null) == null) {
            config = config.withMaster(defaultMaster);
        }
        return SparkLake.open(lakeConfig(), config, "urbanflow " + name);
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static int onParameterError(CommandLine.ParameterException error, String[] args) {
        PrintWriter err = error.getCommandLine().getErr();
        err.println("urbanflow: " + error.getMessage());
        err.println("Try '" + error.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        return EXIT_USAGE;
    }

    private static int onExecutionError(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UrbanFlowException) {
                err.println("urbanflow: " + cause.getMessage());
                return EXIT_FAILURE;
            }
            if (cause instanceof org.apache.spark.sql.AnalysisException analysis) {
                // a missing table or column: the lake lacks what the job reads (e.g. the pipeline has not run yet)
                err.println("urbanflow: Cannot run " + commandLine.getCommandName() + " on Spark: " + analysis.getSimpleMessage().lines().findFirst().orElse(""));
                return EXIT_FAILURE;
            }
        }
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--verbose"));
        err.println("urbanflow: unexpected error: " + error + (verbose ? "" : " (run again with --verbose for details)"));
        if (verbose) {
            error.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }
}
