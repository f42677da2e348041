package io.urbanflow.query;

import io.urbanflow.lake.LocalCopies;
import io.urbanflow.query.internal.SqlText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How DuckDB reads a table file. Local files are read in place. Files in an object store are read over S3 by
 * DuckDB's httpfs extension when {@code LOAD httpfs} succeeds (it is never downloaded: extension installs are
 * disabled), and otherwise (the JDBC driver here bundles only parquet, json and icu) from a verified local copy in
 * the lake's read-through cache ({@link LocalCopies}). Which path runs is decided when a query engine opens over an
 * object-store lake, once per process, and printed by {@code urbanflow sql}. Thread-safe.
 */
public final class DuckDbFiles {
    private static final AtomicBoolean HTTPFS = new AtomicBoolean();

    private DuckDbFiles() {
    }

    /**
     * The path or URL DuckDB reads for {@code location}.
     *
     * @param length the file's length from Iceberg's metadata, or -1 when unknown
     */
    public static String path(String location, long length) {
        if (LocalCopies.isLocal(location) || !HTTPFS.get()) {
            return LocalCopies.readablePath(location, length);
        }
        return location.replaceFirst("^s3[an]?://", "s3://");
    }

    /** True once httpfs serves object-store reads in this process. */
    public static boolean httpfs() {
        return HTTPFS.get();
    }

    /** "httpfs" or "cache": for messages. */
    public static String readPath() {
        return HTTPFS.get() ? "httpfs" : "cache";
    }

    /**
     * Loads httpfs into {@code duckdb} and gives it the lake's S3 settings as a secret; false (nothing changed) when
     * the extension cannot be loaded.
     *
     * @param s3 the lake's catalog properties ({@code s3.endpoint}, {@code s3.access-key-id}, ...)
     */
    static boolean tryHttpfs(Connection duckdb, Map<String, String> s3) {
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("LOAD httpfs");
        } catch (SQLException e) {
            return false;
        }
        StringBuilder secret = new StringBuilder("CREATE OR REPLACE SECRET urbanflow_s3 (TYPE s3");
        if (s3.containsKey("s3.access-key-id")) {
            secret.append(", KEY_ID ").append(SqlText.literal(s3.get("s3.access-key-id")))
                    .append(", SECRET ").append(SqlText.literal(s3.get("s3.secret-access-key")));
        } else {
            secret.append(", PROVIDER credential_chain");
        }
        if (s3.containsKey("client.region")) {
            secret.append(", REGION ").append(SqlText.literal(s3.get("client.region")));
        }
        String endpoint = s3.get("s3.endpoint");
        if (endpoint != null) {
            boolean tls = endpoint.startsWith("https://");
            secret.append(", ENDPOINT ").append(SqlText.literal(endpoint.replaceFirst("^https?://", "")))
                    .append(", USE_SSL ").append(tls);
        }
        if ("true".equals(s3.get("s3.path-style-access"))) {
            secret.append(", URL_STYLE 'path'");
        }
        secret.append(")");
        try (Statement statement = duckdb.createStatement()) {
            statement.execute(secret.toString());
        } catch (SQLException e) {
            return false;
        }
        HTTPFS.set(true);
        return true;
    }
}
