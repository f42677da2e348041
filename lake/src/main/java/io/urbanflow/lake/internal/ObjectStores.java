package io.urbanflow.lake.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open lakes' object stores by bucket ({@code s3://bucket/}), so that code holding only a table file's location
 * (DuckDB's SQL is built from locations) reaches the FileIO and cache that serve it. Thread-safe.
 */
public final class ObjectStores {
    private static final Map<String, CachingS3FileIO> BY_BUCKET = new ConcurrentHashMap<>();

    private ObjectStores() {
    }

    static void register(String warehouse, CachingS3FileIO io) {
        BY_BUCKET.put(bucketOf(warehouse), io);
    }

    static void unregister(CachingS3FileIO io) {
        BY_BUCKET.values().removeIf(registered -> registered == io);
    }

    /** The open store of the bucket {@code location} lies in. */
    public static Optional<CachingS3FileIO> forLocation(String location) {
        return Optional.ofNullable(BY_BUCKET.get(bucketOf(location)));
    }

    /** {@code s3://bucket/} of {@code s3://bucket/a/b} (and of {@code s3a://bucket/...}: the same bucket). */
    static String bucketOf(String location) {
        int schemeEnd = location.indexOf("://");
        String rest = location.substring(schemeEnd + 3);
        int slash = rest.indexOf('/');
        return "s3://" + (slash < 0 ? rest : rest.substring(0, slash)) + "/";
    }
}
