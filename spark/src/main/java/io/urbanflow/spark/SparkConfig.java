package io.urbanflow.spark;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how Spark runs. Immutable; validated on construction.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@code spark.master}</td><td>{@code local[*]}</td><td>{@code local}, {@code local[N]}, {@code local[*]} or
 *       {@code spark://HOST:PORT} (a standalone master); flag {@code --master}, variable {@code URBANFLOW_SPARK_MASTER}</td></tr>
 *   <tr><td>{@code spark.master-timeout}</td><td>{@code 60s}</td><td>how long a standalone master has to give the
 *       application an executor before the command gives up</td></tr>
 *   <tr><td>{@code spark.conf.NAME}</td><td>none</td><td>any Spark property, passed on as {@code NAME}
 *       (e.g. {@code spark.conf.spark.executor.memory=2g}); flag {@code --conf NAME=VALUE}</td></tr>
 * </table>
 *
 * @param master             the Spark master URL
 * @param masterTimeoutMillis how long to wait for a standalone master's first executor
 * @param properties         Spark properties passed on as they are
 */
public record SparkConfig(String master, long masterTimeoutMillis, Map<String, String> properties) {
    public static final String MASTER = "spark.master";
    public static final String MASTER_TIMEOUT = "spark.master-timeout";
    public static final String PROPERTY_PREFIX = "spark.conf.";
    public static final String DEFAULT_MASTER = "local[*]";
    public static final long DEFAULT_MASTER_TIMEOUT_MILLIS = 60_000;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)])?");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^:/\\s]+:[0-9]{1,5}");

    public SparkConfig {
        if (master == null || !(LOCAL.matcher(master).matches() || STANDALONE.matcher(master).matches())) {
            throw new UrbanFlowException("Cannot use Spark master '" + master + "' (--master): expected local[*], local[N] or spark://HOST:PORT");
        }
        if (masterTimeoutMillis <= 0) {
            throw new UrbanFlowException("Cannot configure Spark: " + MASTER_TIMEOUT + " must be positive");
        }
        properties = Map.copyOf(properties == null ? Map.of() : properties);
    }

    public static SparkConfig defaults() {
        return new SparkConfig(DEFAULT_MASTER, DEFAULT_MASTER_TIMEOUT_MILLIS, Map.of());
    }

    /** Reads the keys above, with the defaults for the missing ones. */
    public static SparkConfig from(Settings settings) {
        Map<String, String> properties = new TreeMap<>();
        settings.asMap().forEach((key, value) -> {
            if (key.startsWith(PROPERTY_PREFIX)) {
                properties.put(key.substring(PROPERTY_PREFIX.length()), value);
            }
        });
        return new SparkConfig(settings.string(MASTER, DEFAULT_MASTER).trim(),
                settings.duration(MASTER_TIMEOUT, java.time.Duration.ofMillis(DEFAULT_MASTER_TIMEOUT_MILLIS)).toMillis(),
                properties);
    }

    /** True for a {@code spark://} master: executors run in other processes. */
    public boolean standalone() {
        return master.startsWith("spark://");
    }

    public SparkConfig withMaster(String newMaster) {
        return new SparkConfig(newMaster, masterTimeoutMillis, properties);
    }
}
