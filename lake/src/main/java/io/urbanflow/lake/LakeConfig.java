package io.urbanflow.lake;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the lake lives: the Iceberg catalog's JDBC URL and the warehouse location. Immutable.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code lake.catalog-url} — {@code jdbc:sqlite:DATA/catalog.db}; any JDBC URL, e.g. {@code jdbc:postgresql://host/db}</li>
 *   <li>{@code lake.warehouse} — {@code DATA/warehouse}; a local folder (S3 later, behind the same seam)</li>
 *   <li>{@code lake.jdbc-user}, {@code lake.jdbc-password} — credentials for server databases, none by default</li>
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
        String user = settings.string(JDBC_USER, null);
        if (user != null) {
            properties.put("jdbc.user", user);
        }
        String password = settings.string(JDBC_PASSWORD, null);
        if (password != null) {
            properties.put("jdbc.password", password);
        }
        return new LakeConfig(settings.string(CATALOG_URL, defaults.catalogUrl()),
                settings.string(WAREHOUSE, defaults.warehouse()), properties,
                Durability.parse(DURABILITY, settings.string(DURABILITY, Durability.POWER_LOSS.key())));
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

    /** The URL with a password, if any, left out: for messages and logs. */
    @Override
    public String toString() {
        return "LakeConfig[catalogUrl=" + catalogUrl + ", warehouse=" + warehouse + ", catalogProperties="
                + catalogProperties.keySet() + ", durability=" + durability.key() + "]";
    }
}
