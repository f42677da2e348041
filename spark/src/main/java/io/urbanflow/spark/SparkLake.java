package io.urbanflow.spark;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.spark.internal.MasterCheck;
import io.urbanflow.spark.internal.ShippedJars;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session on the lake: Iceberg's {@code SparkCatalog} over the same JdbcCatalog database and warehouse as the
 * platform ({@link Lake#engineCatalogProperties}), registered under the platform's catalog name {@value #CATALOG} and
 * made the default catalog, so that {@code mart.traffic_10min} in Spark SQL is the table DuckDB reads.
 *
 * <p>Session time zone is UTC; models that align on a local clock say so in their SQL. On a {@code spark://}
 * master the session ships the application's jars to the executors ({@code spark.jars}) and returns only once an
 * executor has registered, or fails naming {@code --master}. Not thread-safe to open; the session itself is.
 */
public final class SparkLake implements AutoCloseable {
    /** The catalog's name in Spark SQL: the platform's, since the JdbcCatalog keys its tables by catalog name. */
    public static final String CATALOG = Lake.CATALOG_NAME;

    /** SQL settings of every session: instants shown in UTC; a shuffle in 16 partitions (adaptive execution merges them). */
    static final Map<String, String> SESSION_SETTINGS = Map.of(
            "spark.sql.session.timeZone", "UTC",
            "spark.sql.shuffle.partitions", "16");

    private final SparkSession session;
    private final LakeConfig lakeConfig;
    private final SparkConfig sparkConfig;
    private final boolean ownsContext;

    private SparkLake(SparkSession session, LakeConfig lakeConfig, SparkConfig sparkConfig, boolean ownsContext) {
        this.session = session;
        this.lakeConfig = lakeConfig;
        this.sparkConfig = sparkConfig;
        this.ownsContext = ownsContext;
    }

    /**
     * Opens a session on the lake. When a Spark context with the same master already runs in this JVM (tests), a new
     * session on it is returned and {@link #close()} leaves the context running.
     *
     * @throws UrbanFlowException naming {@code --master} when a standalone master cannot be reached or gives no
     *                            executor in time
     */
    public static SparkLake open(LakeConfig lakeConfig, SparkConfig sparkConfig, String applicationName) {
        Map<String, String> catalog = Lake.engineCatalogProperties(lakeConfig);
        // Creates the catalog tables and namespaces on a fresh lake, exactly as every other command does.
        Lake.open(lakeConfig).close();
        SparkSession running = SparkSession.getDefaultSession().isDefined() ? SparkSession.getDefaultSession().get() : null;
        if (running != null && !running.sparkContext().isStopped() && running.sparkContext().master().equals(sparkConfig.master())) {
            SparkSession session = running.newSession();
            SESSION_SETTINGS.forEach((key, value) -> session.conf().set(key, value));
            catalogSettings(catalog).forEach((key, value) -> session.conf().set(key, value));
            return new SparkLake(session, lakeConfig, sparkConfig, false);
        }
        if (sparkConfig.standalone()) {
            MasterCheck.reachable(sparkConfig.master());
        }
        SparkSession.Builder builder = SparkSession.builder()
                .master(sparkConfig.master())
                .appName(applicationName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false");
        SESSION_SETTINGS.forEach(builder::config);
        if (!sparkConfig.standalone() || MasterCheck.isLoopback(sparkConfig.master())) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        if (sparkConfig.standalone()) {
            builder.config("spark.jars", String.join(",", ShippedJars.fromClassPath(System.getProperty("java.class.path"))));
        }
        catalogSettings(catalog).forEach(builder::config);
        sparkConfig.properties().forEach(builder::config);
        SparkSession session;
        try {
            session = builder.getOrCreate();
        } catch (RuntimeException e) {
            throw new UrbanFlowException("Cannot start Spark on " + sparkConfig.master() + " (--master): " + e.getMessage(), e);
        }
        if (sparkConfig.standalone()) {
            try {
                MasterCheck.awaitExecutor(session.sparkContext(), sparkConfig.master(), sparkConfig.masterTimeoutMillis());
            } catch (RuntimeException e) {
                session.stop();
                throw e;
            }
        }
        return new SparkLake(session, lakeConfig, sparkConfig, true);
    }

    /** The Spark SQL settings that register the lake's catalog and make it the default one. */
    static Map<String, String> catalogSettings(Map<String, String> catalogProperties) {
        Map<String, String> settings = new java.util.TreeMap<>();
        String prefix = "spark.sql.catalog." + CATALOG;
        settings.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        settings.put(prefix + ".type", "jdbc");
        catalogProperties.forEach((key, value) -> settings.put(prefix + "." + key, value));
        settings.put("spark.sql.defaultCatalog", CATALOG);
        return settings;
    }

    public SparkSession session() {
        return session;
    }

    public LakeConfig lakeConfig() {
        return lakeConfig;
    }

    public SparkConfig sparkConfig() {
        return sparkConfig;
    }

    /** Creates the namespace in the lake's catalog unless it exists. */
    public void createNamespace(String namespace) {
        if (!namespace.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UrbanFlowException("Cannot use namespace '" + namespace + "': expected letters, digits and underscores");
        }
        session.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
    }

    /** Stops the Spark context if this lake started it. */
    @Override
    public void close() {
        if (ownsContext) {
            session.stop();
        }
    }
}
