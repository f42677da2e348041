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
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.FileIO;

/**
 * The one seam between the lake and its storage: which {@link FileIO} reads and writes table files for a
 * warehouse location. Local folders use Hadoop's raw local file system (no {@code .crc} side files); object
 * stores (S3) are not built in yet and are refused here, the only place that will have to change.
 */
public final class Storage {
    private Storage() {
    }

    /** A FileIO for the warehouse; {@code properties} are the catalog's, for stores that need credentials. */
    public static FileIO fileIo(String warehouse, Map<String, String> properties) {
        String scheme = scheme(warehouse);
        if (scheme.equals("file")) {
            HadoopFileIO io = new HadoopFileIO(hadoopConfiguration());
            io.initialize(properties);
            return io;
        }
        throw new UrbanFlowException("Cannot use warehouse " + warehouse + ": storage scheme '" + scheme
                + "' is not supported yet (use a local folder)");
    }

    /** Creates a local warehouse folder; a no-op for other stores. */
    public static void prepare(String warehouse) {
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
