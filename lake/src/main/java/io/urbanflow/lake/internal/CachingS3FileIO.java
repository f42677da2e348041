package io.urbanflow.lake.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Map;
import org.apache.iceberg.aws.s3.S3FileIO;

/**
 * Iceberg's {@link S3FileIO} with a {@link ReadThroughCache} of the files it serves, registered by bucket while open
 * so that DuckDB code holding only a file's location finds a local copy ({@code io.urbanflow.lake.LocalCopies}).
 * Deleting a file through it drops its copy. Thread-safe.
 */
public final class CachingS3FileIO extends S3FileIO {
    private static final long serialVersionUID = 1L;
    /** Catalog properties (set by LakeConfig) naming the cache folder and its bound. */
    public static final String CACHE_DIR = "urbanflow.cache-dir";
    public static final String CACHE_MAX_BYTES = "urbanflow.cache-max-bytes";
    static final long DEFAULT_CACHE_MAX_BYTES = 2L * 1024 * 1024 * 1024;

    private transient ReadThroughCache cache;
    private transient String warehouse;

    /** For {@code io-impl}; {@link #initialize} configures it. */
    public CachingS3FileIO() {
    }

    /** Binds the IO to the warehouse it serves ({@code s3://bucket/prefix}) before {@link #initialize}. */
    CachingS3FileIO(String warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public void initialize(Map<String, String> properties) {
        super.initialize(properties);
        String dir = properties.getOrDefault(CACHE_DIR, Paths.get(System.getProperty("java.io.tmpdir"), "urbanflow-cache").toString());
        long maxBytes = Long.parseLong(properties.getOrDefault(CACHE_MAX_BYTES, Long.toString(DEFAULT_CACHE_MAX_BYTES)));
        cache = new ReadThroughCache(Path.of(dir), maxBytes, Clock.systemUTC());
        if (warehouse != null) {
            ObjectStores.register(warehouse, this);
        }
    }

    public ReadThroughCache cache() {
        return cache;
    }

    @Override
    public void deleteFile(String path) {
        super.deleteFile(path);
        if (cache != null) {
            cache.forget(path);
        }
    }

    @Override
    public void close() {
        ObjectStores.unregister(this);
        super.close();
    }
}
