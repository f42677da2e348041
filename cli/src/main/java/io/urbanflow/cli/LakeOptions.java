package io.urbanflow.cli;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of commands that open the lake ({@code @Mixin LakeOptions lake;}): where the catalog and the warehouse
 * are, over the {@code lake.*} settings from {@code DATA/urbanflow.properties} and {@code URBANFLOW_LAKE_*}.
 */
public final class LakeOptions {
    @Option(names = "--catalog-url", paramLabel = "JDBC_URL",
            description = "Iceberg catalog database (default: jdbc:sqlite:DATA/catalog.db), e.g. jdbc:postgresql://host:5432/lake.")
    String catalogUrl;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "Where table files live (default: DATA/warehouse).")
    String warehouse;

    /** The layered settings (file < environment < {@code overrides} < these options). */
    Settings settings(Path dataDir, Map<String, String> overrides) {
        Map<String, String> flags = new HashMap<>(overrides);
        GivenFlags.putIfGiven(flags, LakeConfig.CATALOG_URL, catalogUrl);
        GivenFlags.putIfGiven(flags, LakeConfig.WAREHOUSE, warehouse);
        return Settings.load(dataDir.resolve("urbanflow.properties"), System.getenv(), flags);
    }

    LakeConfig config(Settings settings, Path dataDir) {
        return LakeConfig.from(settings, dataDir);
    }
}
