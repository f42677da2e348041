package io.urbanflow.lake;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where the lake lives: the Iceberg catalog's JDBC URL and the warehouse location. Immutable.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code lake.catalog-url} — {@code jdbc:sqlite:DATA/catalog.db}; any JDBC URL, e.g. {@code jdbc:postgresql://host/db}</li>
 *   <li>{@code lake.warehouse} — {@code DATA/warehouse}; a local folder or {@code s3://BUCKET/PREFIX}</li>
 *   <li>{@code lake.jdbc-user}, {@code lake.jdbc-password} — credentials for server databases, none by default</li>
 *   <li>{@code lake.jdbc-credentials-file} — none; a properties file with {@code user} and {@code password} (what
 *       {@code urbanflow postgres} writes); the two keys above win over it</li>
 *   <li>{@code lake.s3-endpoint} — none (AWS S3); e.g. {@code http://127.0.0.1:9000} for MinIO or {@code urbanflow s3}</li>
 *   <li>{@code lake.s3-region} — the AWS SDK's (environment, profile); {@code us-east-1} when an endpoint is set</li>
 *   <li>{@code lake.s3-path-style-access} — {@code false}; {@code true} for MinIO and most S3-compatible servers</li>
 *   <li>{@code lake.s3-access-key-id}, {@code lake.s3-secret-access-key} — none: the AWS SDK's default chain
 *       (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, {@code ~/.aws/credentials}, instance roles)</li>
 *   <li>{@code lake.s3-credentials-file} — none; a properties file with {@code access-key-id} and
 *       {@code secret-access-key} (what {@code urbanflow s3} writes); the two keys above win over it</li>
 *   <li>{@code lake.cache-dir} — {@code DATA/cache}: local copies of object-store files for DuckDB</li>
 *   <li>{@code lake.cache-max-mb} — {@code 2048}: the copies' bound; least recently used copies are evicted</li>
 *   <li>{@code lake.catalog.NAME} — any other Iceberg catalog property, passed through as {@code NAME}
 *       (e.g. {@code lake.catalog.jdbc.ssl=true})</li>
 *   <li>{@code lake.durability} — {@code power-loss}: fsync files before the commits that reference them and commit
 *       the SQLite catalog with {@code synchronous=FULL}; or {@code process-crash} ({@link Durability})</li>
 * </ul>
 *
 * @param catalogUrl        JDBC URL of the Iceberg JdbcCatalog
 * @param warehouse         root location of table data and metadata: an absolute path or a URI
 * @param catalogProperties extra Iceberg catalog properties ({@code jdbc.user}, {@code jdbc.password}, ...)
 * @param durability        what a commit survives; null means {@link Durability#POWER_LOSS}
 */
public record LakeConfig(String catalogUrl, String warehouse, Map<String, String> catalogProperties, Durability durability) {
    public static final String CATALOG_URL = "lake.catalog-url";
    public static final String WAREHOUSE = "lake.warehouse";
    public static final String JDBC_USER = "lake.jdbc-user";
    public static final String JDBC_PASSWORD = "lake.jdbc-password";
    public static final String CATALOG_PROPERTY_PREFIX = "lake.catalog.";
    public static final String JDBC_CREDENTIALS_FILE = "lake.jdbc-credentials-file";
    public static final String S3_ENDPOINT = "lake.s3-endpoint";
    public static final String S3_REGION = "lake.s3-region";
    public static final String S3_PATH_STYLE_ACCESS = "lake.s3-path-style-access";
    public static final String S3_ACCESS_KEY_ID = "lake.s3-access-key-id";
    public static final String S3_SECRET_ACCESS_KEY = "lake.s3-secret-access-key";
    public static final String S3_CREDENTIALS_FILE = "lake.s3-credentials-file";
    public static final String CACHE_DIR = "lake.cache-dir";
    public static final String CACHE_MAX_MB = "lake.cache-max-mb";
    public static final int DEFAULT_CACHE_MAX_MB = 2048;
    /** The region signed for when an endpoint is set and no region is: S3-compatible servers accept any. */
    public static final String DEFAULT_S3_REGION = "us-east-1";
    public static final String DURABILITY = "lake.durability";

    public LakeConfig {
        if (catalogUrl == null || !catalogUrl.startsWith("jdbc:")) {
            throw new UrbanFlowException("Cannot use catalog URL '" + catalogUrl + "': expected a JDBC URL such as "
                    + "jdbc:sqlite:/path/catalog.db or jdbc:postgresql://host:5432/db");
        }
        if (warehouse == null || warehouse.isBlank()) {
            throw new UrbanFlowException("Cannot use an empty warehouse location");
        }
        catalogProperties = Map.copyOf(catalogProperties == null ? Map.of() : catalogProperties);
        durability = durability == null ? Durability.POWER_LOSS : durability;
    }

    /** A configuration that survives power loss ({@link Durability#POWER_LOSS}). */
    public LakeConfig(String catalogUrl, String warehouse, Map<String, String> catalogProperties) {
        this(catalogUrl, warehouse, catalogProperties, Durability.POWER_LOSS);
    }

    /** {@code jdbc:sqlite:DATA/catalog.db} and {@code DATA/warehouse}. */
    public static LakeConfig defaults(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return new LakeConfig("jdbc:sqlite:" + dir.resolve("catalog.db"), dir.resolve("warehouse").toString(), Map.of());
    }

    /** Reads the {@code lake.*} keys, falling back to {@link #defaults(Path)}. */
    public static LakeConfig from(Settings settings, Path dataDir) {
        LakeConfig defaults = defaults(dataDir);
        Map<String, String> properties = new TreeMap<>();
        settings.asMap().forEach((key, value) -> {
            if (key.startsWith(CATALOG_PROPERTY_PREFIX)) {
                properties.put(key.substring(CATALOG_PROPERTY_PREFIX.length()), value);
            }
        });
        Map<String, String> jdbcFile = credentialsFile(settings, JDBC_CREDENTIALS_FILE);
        String user = settings.string(JDBC_USER, jdbcFile.get("user"));
        if (user != null) {
            properties.put("jdbc.user", user);
        }
        String password = settings.string(JDBC_PASSWORD, jdbcFile.get("password"));
        if (password != null) {
            properties.put("jdbc.password", password);
        }
        String warehouse = settings.string(WAREHOUSE, defaults.warehouse());
        if (isS3(warehouse)) {
            properties.putAll(s3Properties(settings, dataDir));
        }
        return new LakeConfig(settings.string(CATALOG_URL, defaults.catalogUrl()), warehouse, properties,
                Durability.parse(DURABILITY, settings.string(DURABILITY, Durability.POWER_LOSS.key())));
    }

    /** Iceberg's S3FileIO properties (and the read cache's) from the {@code lake.s3-*} and {@code lake.cache-*} keys. */
    static Map<String, String> s3Properties(Settings settings, Path dataDir) {
        Map<String, String> properties = new TreeMap<>();
        Map<String, String> file = credentialsFile(settings, S3_CREDENTIALS_FILE);
        String endpoint = settings.string(S3_ENDPOINT, null);
        if (endpoint != null && !endpoint.isBlank()) {
            properties.put("s3.endpoint", endpoint.trim());
        }
        String region = settings.string(S3_REGION, endpoint != null ? DEFAULT_S3_REGION : null);
        if (region != null && !region.isBlank()) {
            properties.put("client.region", region.trim());
        }
        String pathStyle = settings.string(S3_PATH_STYLE_ACCESS, "false").trim().toLowerCase(Locale.ROOT);
        if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
            throw new UrbanFlowException("Cannot use " + S3_PATH_STYLE_ACCESS + "=" + pathStyle + ": expected true or false");
        }
        properties.put("s3.path-style-access", pathStyle);
        String accessKeyId = settings.string(S3_ACCESS_KEY_ID, file.get("access-key-id"));
        String secretAccessKey = settings.string(S3_SECRET_ACCESS_KEY, file.get("secret-access-key"));
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new UrbanFlowException("Cannot use S3 credentials: set both " + S3_ACCESS_KEY_ID + " and " + S3_SECRET_ACCESS_KEY + ", or neither");
        }
        if (accessKeyId != null) {
            properties.put("s3.access-key-id", accessKeyId);
            properties.put("s3.secret-access-key", secretAccessKey);
        }
        // the JDK's HTTP client: the SDK's Apache and Netty clients are not on the class path
        properties.put("http-client.type", "urlconnection");
        properties.put("urbanflow.cache-dir", settings.string(CACHE_DIR, dataDir.toAbsolutePath().normalize().resolve("cache").toString()));
        int maxMb = settings.integer(CACHE_MAX_MB, DEFAULT_CACHE_MAX_MB);
        if (maxMb < 1) {
            throw new UrbanFlowException("Cannot use " + CACHE_MAX_MB + "=" + maxMb + ": expected a positive number of megabytes");
        }
        properties.put("urbanflow.cache-max-bytes", Long.toString(maxMb * 1024L * 1024L));
        return properties;
    }

    /**
     * The values of the credentials file a setting names, or none when it names none.
     *
     * @throws UrbanFlowException naming the setting when the file is missing or unreadable
     */
    static Map<String, String> credentialsFile(Settings settings, String key) {
        String name = settings.string(key, null);
        if (name == null || name.isBlank()) {
            return Map.of();
        }
        Path file = Paths.get(name.trim());
        if (!Files.isRegularFile(file)) {
            throw new UrbanFlowException("Cannot read credentials file " + file + ": no such file (" + key + ")");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read credentials file " + file + " (" + key + "): " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(property -> values.put(property, properties.getProperty(property).trim()));
        return values;
    }

    static boolean isS3(String location) {
        String lower = location.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("s3://") || lower.startsWith("s3a://") || lower.startsWith("s3n://");
    }

    /** True when table files live in an object store rather than a local folder. */
    public boolean isObjectStore() {
        return isS3(warehouse);
    }

    /** True when the catalog is a PostgreSQL database. */
    public boolean isPostgres() {
        return catalogUrl.startsWith("jdbc:postgresql:");
    }

    public LakeConfig withCatalogUrl(String url) {
        return new LakeConfig(url, warehouse, catalogProperties, durability);
    }

    public LakeConfig withWarehouse(String location) {
        return new LakeConfig(catalogUrl, location, catalogProperties, durability);
    }

    public LakeConfig withDurability(Durability newDurability) {
        return new LakeConfig(catalogUrl, warehouse, catalogProperties, newDurability);
    }

    public boolean isSqlite() {
        return catalogUrl.startsWith("jdbc:sqlite:");
    }

    /**
     * The file of a SQLite catalog; empty for another database and for a SQLite URL that names no plain file (in
     * memory, a {@code file:} URI).
     */
    public Optional<Path> sqliteFile() {
        if (!isSqlite()) {
            return Optional.empty();
        }
        String file = catalogUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        file = query >= 0 ? file.substring(0, query) : file;
        return file.isEmpty() || file.startsWith(":") || file.startsWith("file:") ? Optional.empty() : Optional.of(Path.of(file));
    }

    /** The URL with a password, if any, left out: for messages and logs. */
    @Override
    public String toString() {
        return "LakeConfig[catalogUrl=" + catalogUrl + ", warehouse=" + warehouse + ", catalogProperties="
                + catalogProperties.keySet() + ", durability=" + durability.key() + "]";
    }
}
