package io.urbanflow.spark.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a standalone cluster's executors need beyond Spark's own: UrbanFlow's modules, Iceberg's Spark runtime and
 * the few libraries the jobs call inside tasks (H3, JTS, the JDBC drivers). Served by the driver through
 * {@code spark.jars}; everything else a task uses ships with Spark.
 */
public final class ShippedJars {
    static final List<String> PREFIXES = List.of("urbanflow-", "iceberg-spark-runtime-", "h3-", "jts-core-", "sqlite-jdbc-",
            "postgresql-", "commons-math3-");

    private ShippedJars() {
    }

    /** The jar files of {@code classPath} (a path-separator list) to ship, in class path order. */
    public static List<String> fromClassPath(String classPath) {
        List<String> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.endsWith(".jar") && PREFIXES.stream().anyMatch(name::startsWith) && new File(entry).isFile()) {
                jars.add(new File(entry).getAbsolutePath());
            }
        }
        return jars;
    }
}
