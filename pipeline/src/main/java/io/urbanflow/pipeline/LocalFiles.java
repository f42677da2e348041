package io.urbanflow.pipeline;

import io.urbanflow.lake.LocalCopies;
import io.urbanflow.query.DuckDbFiles;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where DuckDB finds a table file: a local path for local storage; for an object store, the {@code s3://} location
 * itself when DuckDB's httpfs extension is loaded, else a verified copy in the lake's read-through cache
 * ({@link DuckDbFiles}).
 */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** The path DuckDB reads for an Iceberg location ({@code file:/x}, {@code file:///x}, {@code /x} or {@code s3://...}). */
    public static String localPath(String location) {
        return DuckDbFiles.path(location, -1);
    }

    /** The local path of a local location. */
    public static Path path(String location) {
        if (!LocalCopies.isLocal(location)) {
            throw new IllegalArgumentException("Cannot use " + location + " as a local path: it is in an object store");
        }
        return Paths.get(LocalCopies.readablePath(location, -1));
    }
}
