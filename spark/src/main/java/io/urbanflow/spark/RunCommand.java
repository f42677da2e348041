package io.urbanflow.spark;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code urbanflow spark run MODEL [--into NAMESPACE]}: a model rebuilt with Spark SQL beside the platform's table. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Rebuild a model with Spark SQL into a table of the same name in another namespace.")
final class RunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The model's table, e.g. mart.traffic_10min (see 'urbanflow spark run --list').",
            arity = "0..1")
    String model;

    @Option(names = "--into", paramLabel = "NAMESPACE", defaultValue = ModelRebuild.DEFAULT_NAMESPACE,
            description = "Namespace of the table written (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--list", description = "List the models Spark can run.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SparkMain main = SparkMain.of(spec);
        SparkDomains domains = SparkDomains.load();
        if (list || model == null) {
            domains.models().forEach(known -> main.out().println(known.name() + "  " + known.description()));
            return 0;
        }
        SparkModel chosen = domains.model(model);
        try (SparkLake lake = main.open("run " + chosen.name())) {
            ModelRebuild.Result result = ModelRebuild.run(lake, chosen, namespace, main.settings());
            main.out().printf("%s -> %s: %d rows in %.1f s on %s%n", result.model(), result.target(), result.rows(),
                    result.took().toMillis() / 1000.0, lake.sparkConfig().master());
        }
        return 0;
    }
}
