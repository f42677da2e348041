package io.urbanflow.pipeline;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * DuckDB reads and writes local files only (no httpfs here), so table locations must be local: this is the one
 * seam to widen when object storage arrives.
 */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** The local file system path of an Iceberg location ({@code file:/x}, {@code file:///x} or {@code /x}). */
    public static String localPath(String location) {
        if (location.startsWith("file:")) {
            return Paths.get(URI.create(location.startsWith("file://") ? location : "file://" + location.substring("file:".length()))).toString();
        }
        if (location.contains("://")) {
            throw new IllegalArgumentException("Cannot read " + location + " with DuckDB: only local table locations are supported");
        }
        return location;
    }

    public static Path path(String location) {
        return Paths.get(localPath(location));
    }
}
