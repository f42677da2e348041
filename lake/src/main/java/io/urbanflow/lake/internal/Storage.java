package io.urbanflow.lake.internal;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.io.FileIO;

/**
 * The one seam between the lake and its storage: which {@link FileIO} reads and writes table files for a
 * warehouse location. Local folders use {@link LocalFileIO} (plain {@code java.nio}, no Hadoop FileSystem);
 * {@code s3://bucket/prefix} uses Iceberg's {@code S3FileIO} (AWS S3, MinIO, any S3-compatible store) with a read
 * cache ({@link CachingS3FileIO}). Parquet still needs Hadoop's {@link Configuration} class for its codecs, nothing
 * else of Hadoop.
 */
public final class Storage {
    private Storage() {
    }

    /** A FileIO for the warehouse; {@code properties} are the catalog's, for stores that need credentials. */
    public static FileIO fileIo(String warehouse, Map<String, String> properties) {
        String scheme = scheme(warehouse);
        if (scheme.equals("file")) {
            LocalFileIO io = new LocalFileIO();
            io.initialize(properties);
            return io;
        }
        if (isS3(scheme)) {
            CachingS3FileIO io = new CachingS3FileIO(warehouse);
            io.initialize(properties);
            return io;
        }
        throw new UrbanFlowException("Cannot use warehouse " + warehouse + ": storage scheme '" + scheme
                + "' is not supported (use a local folder or s3://bucket/prefix)");
    }

    /** True for plain paths and {@code file:} URIs. */
    public static boolean isLocal(String location) {
        return scheme(location).equals("file");
    }

    static boolean isS3(String scheme) {
        return scheme.equals("s3") || scheme.equals("s3a") || scheme.equals("s3n");
    }

    /**
     * Creates a local warehouse folder; for an object store, checks that its bucket exists and that the credentials
     * are accepted, so that a wrong setting is one clear message before anything is written.
     *
     * @throws UrbanFlowException naming the setting to fix
     */
    public static void prepare(String warehouse, Map<String, String> properties) {
        if (isS3(scheme(warehouse))) {
            S3Check.check(warehouse, properties);
            return;
        }
        if (!scheme(warehouse).equals("file")) {
            return;
        }
        Path path = localPath(warehouse);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create warehouse folder " + path + ": " + e.getMessage(), e);
        }
    }

    /** The local path of a {@code file:} location or plain path. */
    public static Path localPath(String location) {
        return location.startsWith("file:") ? Paths.get(URI.create(location)) : Paths.get(location);
    }

    /**
     * A minimal Hadoop configuration: defaults are not parsed from XML (that costs a second and an XML parser on
     * every start), the local file system is the raw one.
     */
    public static Configuration hadoopConfiguration() {
        Configuration configuration = new Configuration(false);
        configuration.set("fs.defaultFS", "file:///");
        configuration.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        configuration.setBoolean("fs.file.impl.disable.cache", true);
        return configuration;
    }

    static String scheme(String location) {
        int colon = location.indexOf(':');
        int slash = location.indexOf('/');
        if (colon > 1 && (slash < 0 || colon < slash)) {
            return location.substring(0, colon).toLowerCase(Locale.ROOT);
        }
        return "file"; // a plain path; a one-letter "scheme" would be a Windows drive
    }
}
