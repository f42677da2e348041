package io.urbanflow.spark;

import io.urbanflow.lake.LakeConfig;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One Spark context for every test of a JVM (starting one costs seconds): {@link #lake} opens a new session on it with
 * the catalog of a test's own temp-dir lake, which {@link SparkLake#close()} leaves running.
 */
public final class TestSpark {
    public static final String MASTER = "local[2]";

    private TestSpark() {
    }

    /** A session on {@code dir}'s lake, on the shared local[2] context. */
    public static synchronized SparkLake lake(Path dir) {
        if (SparkSession.getDefaultSession().isEmpty() || SparkSession.getDefaultSession().get().sparkContext().isStopped()) {
            SparkSession.builder().master(MASTER).appName("urbanflow tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return SparkLake.open(LakeConfig.defaults(dir), SparkConfig.defaults().withMaster(MASTER), "test");
    }
}
