package io.urbanflow.lake;

import io.urbanflow.lake.internal.CachingS3FileIO;
import io.urbanflow.lake.internal.ObjectStores;
import io.urbanflow.lake.internal.Storage;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.OutputFile;

/**
 * Table files as local files, for engines that read and write local files only (DuckDB without its httpfs
 * extension). A file on local storage is itself. A file in an object store ({@code s3://...}) is read through the
 * read-through cache of the open lake whose warehouse is in that bucket ({@code lake.cache-dir}, bounded by
 * {@code lake.cache-max-mb}; a copy is verified by its length), and written by writing it locally first and uploading
 * it through the lake's FileIO ({@link #stagingDirectory}, {@link #upload}). Thread-safe and stateless apart from
 * the open lakes it finds.
 */
public final class LocalCopies {
    private LocalCopies() {
    }

    /** True for plain paths and {@code file:} URIs. */
    public static boolean isLocal(String location) {
        return Storage.isLocal(location);
    }

    /**
     * A local path holding the file at {@code location}.
     *
     * @param length the file's length in bytes from Iceberg's metadata, or -1 when unknown (the store is asked)
     * @throws UrbanFlowException when no open lake stores that bucket or the file cannot be cached
     */
    public static String readablePath(String location, long length) {
        if (isLocal(location)) {
            return Storage.localPath(location).toString();
        }
        return store(location).cache().localCopy(store(location), location, length).toString();
    }

    /** A local folder for files to be written for {@code tableLocation}: under the table for local tables. */
    public static Path stagingDirectory(String tableLocation) {
        if (isLocal(tableLocation)) {
            return Storage.localPath(tableLocation).resolve("data");
        }
        return store(tableLocation).cache().stagingDirectory();
    }

    /**
     * Puts a locally written file at {@code location}: for a local location, the file must already be there; for an
     * object store it is uploaded (a new object, never overwriting) and kept as the cached copy.
     *
     * @throws UrbanFlowException when the upload fails
     */
    public static void upload(Path written, String location) {
        if (isLocal(location)) {
            return;
        }
        CachingS3FileIO io = store(location);
        OutputFile output = io.newOutputFile(location);
        try (InputStream in = Files.newInputStream(written); OutputStream out = output.create()) {
            in.transferTo(out);
        } catch (IOException | UncheckedIOException e) {
            throw new UrbanFlowException("Cannot upload " + location + ": " + e.getMessage(), e);
        }
        io.cache().adopt(written, location);
    }

    /** Deletes a table file that was never committed; failures leave an orphan for maintenance. */
    public static void deleteQuietly(String location) {
        try {
            if (isLocal(location)) {
                Files.deleteIfExists(Storage.localPath(location));
            } else {
                store(location).deleteFile(location);
            }
        } catch (IOException | RuntimeException e) {
            // an orphan: never referenced by a snapshot, removed by orphan-file cleanup
        }
    }

    private static CachingS3FileIO store(String location) {
        return ObjectStores.forLocation(location).orElseThrow(() -> new UrbanFlowException("Cannot read " + location
                + ": no open lake has its warehouse in that bucket"));
    }
}
