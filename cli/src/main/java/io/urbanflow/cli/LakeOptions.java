package io.urbanflow.cli;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of commands that open the lake ({@code @Mixin LakeOptions lake;}): where the catalog and the warehouse
 * are and how to reach them, over the {@code lake.*} settings from {@code DATA/urbanflow.properties} and
 * {@code URBANFLOW_LAKE_*}. Secrets are never options: passwords and keys come from the environment or from the
 * owner-only files {@code urbanflow postgres} and {@code urbanflow s3} write, named by {@code --catalog-credentials}
 * and {@code --s3-credentials}.
 */
public final class LakeOptions {
    @Option(names = "--catalog-url", paramLabel = "JDBC_URL",
            description = "Iceberg catalog database (default: jdbc:sqlite:DATA/catalog.db), e.g. jdbc:postgresql://host:5432/lake.")
    String catalogUrl;

    @Option(names = "--catalog-credentials", paramLabel = "FILE",
            description = "Properties file with user= and password= for the catalog database (setting lake.jdbc-credentials-file; "
                    + "or URBANFLOW_LAKE_JDBC_USER/URBANFLOW_LAKE_JDBC_PASSWORD), e.g. DATA/postgres/credentials.properties.")
    String catalogCredentials;

    @Option(names = "--warehouse", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Where table files live (default: DATA/warehouse): a folder or an S3 location.")
    String warehouse;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 for MinIO (setting lake.s3-endpoint; default: AWS S3).")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "S3 region (setting lake.s3-region; default: the AWS SDK's, or us-east-1 with --s3-endpoint).")
    String s3Region;

    @Option(names = "--s3-path-style", paramLabel = "true|false",
            description = "Path-style bucket addressing, as MinIO and most S3-compatible servers need (setting lake.s3-path-style-access; default: false).")
    String s3PathStyle;

    @Option(names = "--s3-credentials", paramLabel = "FILE",
            description = "Properties file with access-key-id= and secret-access-key= (setting lake.s3-credentials-file; or "
                    + "URBANFLOW_LAKE_S3_ACCESS_KEY_ID/URBANFLOW_LAKE_S3_SECRET_ACCESS_KEY, or the AWS SDK's environment and profile).")
    String s3Credentials;

    /** The layered settings (file < environment < {@code overrides} < these options). */
    Settings settings(Path dataDir, Map<String, String> overrides) {
        Map<String, String> flags = new HashMap<>(overrides);
        putFlags(flags);
        return Settings.load(dataDir.resolve("urbanflow.properties"), System.getenv(), flags);
    }

    /** Puts the options given under their setting keys. */
    void putFlags(Map<String, String> flags) {
        GivenFlags.putIfGiven(flags, LakeConfig.CATALOG_URL, catalogUrl);
        GivenFlags.putIfGiven(flags, LakeConfig.JDBC_CREDENTIALS_FILE, catalogCredentials);
        GivenFlags.putIfGiven(flags, LakeConfig.WAREHOUSE, warehouse);
        GivenFlags.putIfGiven(flags, LakeConfig.S3_ENDPOINT, s3Endpoint);
        GivenFlags.putIfGiven(flags, LakeConfig.S3_REGION, s3Region);
        GivenFlags.putIfGiven(flags, LakeConfig.S3_PATH_STYLE_ACCESS, s3PathStyle);
        GivenFlags.putIfGiven(flags, LakeConfig.S3_CREDENTIALS_FILE, s3Credentials);
    }

    LakeConfig config(Settings settings, Path dataDir) {
        return LakeConfig.from(settings, dataDir);
    }
}
