package io.urbanflow.cli;

import io.urbanflow.domain.Domains;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.KafkaClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code urbanflow}: the top-level command. Holds the global options, which every subcommand accepts before or
 * after its name, and turns a user's mistake into one line on stderr and a non-zero exit.
 */
@Command(name = "urbanflow",
        mixinStandardHelpOptions = true,
        versionProvider = UrbanFlowCommand.Version.class,
        description = "Streaming lakehouse for urban mobility and other event domains: events through Kafka into Iceberg, queried with DuckDB.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            FormatsCommand.class,
            GenerateCommand.class,
            BrokerCommand.class,
            PostgresCommand.class,
            S3Command.class,
            ReplayCommand.class,
            IngestCommand.class,
            LoadCommand.class,
            SqlCommand.class,
            TablesCommand.class,
            AggregateCommand.class,
            AnalyzeCommand.class,
            MaintainCommand.class,
            PipelineCommand.class,
            SchedulerCommand.class,
            RunsCommand.class,
            ZonesCommand.class,
            PlotCommand.class,
            ForecastCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            SparkCommand.class,
            ResetCommand.class,
        })
public final class UrbanFlowCommand implements Runnable {
    /** Exit code for a user's mistake in the input or the environment (bad file, no broker). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code for a command line that does not parse. */
    public static final int EXIT_USAGE = 2;
    private static final Map<ClassLoader, Domains> DOMAINS = new WeakHashMap<>();

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where the lake, catalog, broker data and quarantine live (default: $URBANFLOW_DATA_DIR or ./urbanflow-data).")
    private Path dataDir;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    private boolean verbose;

    @Option(names = "--kafka-properties", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS ...) for every Kafka client, e.g. security.protocol=SASL_SSL "
                    + "(setting kafka.client-properties, URBANFLOW_KAFKA_CLIENT_PROPERTIES; default: plain connections).")
    private Path kafkaProperties;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The data dir: {@code --data-dir}, else {@code URBANFLOW_DATA_DIR}, else {@code ./urbanflow-data}. */
    public Path dataDir() {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize();
        }
        String fromEnvironment = System.getenv("URBANFLOW_DATA_DIR");
        return Paths.get(fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : "urbanflow-data")
                .toAbsolutePath().normalize();
    }

    /**
     * The registered domains: those {@link Domains#load(ClassLoader)} finds through the thread's context class loader
     * (the class path, or a loader that adds a domain's jar), loaded and checked once per loader.
     *
     * @throws UrbanFlowException when none is found or they fail a check
     */
    public static synchronized Domains domains() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = UrbanFlowCommand.class.getClassLoader();
        }
        return DOMAINS.computeIfAbsent(loader, Domains::load);
    }

    /**
     * Opens the lake and creates the registered domains' raw tables when missing, so that a lake lists them (and SQL
     * finds them) from the first command on.
     *
     * @throws UrbanFlowException when the catalog or the warehouse cannot be reached
     */
    public static Lake openLake(LakeConfig config) {
        Lake lake = Lake.open(config);
        try {
            for (TopicBinding binding : domains().bindings()) {
                lake.create(binding.table());
                lake.create(binding.rejected());
            }
            return lake;
        } catch (RuntimeException e) {
            lake.close();
            throw e;
        }
    }

    /** The root command of whatever (sub)command {@code spec} belongs to, for its global options. */
    public static UrbanFlowCommand of(CommandLine.Model.CommandSpec spec) {
        return (UrbanFlowCommand) spec.root().userObject();
    }

    /**
     * Gives every Kafka client of this process the properties file that {@code --kafka-properties} or the setting
     * {@code kafka.client-properties} names, if any.
     */
    void useKafkaClientProperties() {
        Path file = kafkaProperties;
        if (file == null) {
            String setting = Settings.load(dataDir().resolve("urbanflow.properties"), System.getenv(), Map.of())
                    .string(KafkaClients.CLIENT_PROPERTIES, null);
            file = setting == null || setting.isBlank() ? null : Paths.get(setting.trim());
        }
        KafkaClients.use(file == null ? Map.of() : KafkaClients.load(file));
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new UrbanFlowCommand());
        commandLine.setExecutionStrategy(parseResult -> {
            try {
                ((UrbanFlowCommand) parseResult.commandSpec().userObject()).useKafkaClientProperties();
            } catch (UrbanFlowException e) {
                throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setParameterExceptionHandler(UrbanFlowCommand::onParameterError);
        commandLine.setExecutionExceptionHandler(UrbanFlowCommand::onExecutionError);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // everything after 'spark JOB' belongs to the Spark program (its own --help included)
        commandLine.getSubcommands().get("spark").setStopAtPositional(true);
        return commandLine;
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
        }
        boolean verbose = parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--verbose"));
        err.println("urbanflow: unexpected error: " + error + (verbose ? "" : " (run again with --verbose for details)"));
        if (verbose) {
            error.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    /** The version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = UrbanFlowCommand.class.getResourceAsStream("/urbanflow-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // the version line below says "unknown"
            }
            return new String[] {
                "urbanflow " + properties.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            };
        }
    }
}
