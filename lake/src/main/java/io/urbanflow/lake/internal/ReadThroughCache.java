package io.urbanflow.lake.internal;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;

/**
 * Local copies of an object store's table files, for readers that read local files only (DuckDB without httpfs).
 * Iceberg never rewrites a data file in place, so a copy whose length equals the file's length (from Iceberg's
 * metadata, or asked of the store) is the file. A copy is downloaded through the table's {@link FileIO} to a
 * temporary name and moved into place whole; a download whose length differs is discarded and reported.
 *
 * <p>Bounded: when the copies exceed {@code maxBytes}, the least recently used are deleted, except those used within
 * the last {@link #IN_USE_MILLIS} (a running query may be reading them), so the bound may be exceeded while one
 * query needs more. Several processes may share a cache folder: names are unique and moves atomic.
 *
 * <p>Thread-safe.
 */
public final class ReadThroughCache {
    /** Copies used this recently are never evicted. */
    static final long IN_USE_MILLIS = 60_000;

    private final Path root;
    private final long maxBytes;
    private final Clock clock;
    private final AtomicLong bytes = new AtomicLong(-1);
    /** Locations whose copy was checked against the store's length by this process (files never change). */
    private final java.util.Set<String> verified = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ReadThroughCache(Path root, long maxBytes, Clock clock) {
        if (maxBytes <= 0) {
            throw new UrbanFlowException("Cannot use a read cache of " + maxBytes + " bytes: expected a positive size");
        }
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Where the copy of {@code location} ({@code s3://bucket/key}) lives, whether or not it is there. */
    public Path pathOf(String location) {
        int schemeEnd = location.indexOf("://");
        String scheme = schemeEnd < 0 ? "file" : location.substring(0, schemeEnd);
        String rest = schemeEnd < 0 ? location : location.substring(schemeEnd + 3);
        Path path = root.resolve(scheme);
        for (String part : rest.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                continue;
            }
            path = path.resolve(part);
        }
        return path;
    }

    /**
     * The local copy of {@code location}, downloaded through {@code io} when missing or of another length.
     *
     * @param length the file's length from Iceberg's metadata, or -1 to ask the store
     * @throws UrbanFlowException when the file cannot be read or its download has the wrong length
     */
    public Path localCopy(FileIO io, String location, long length) {
        Path target = pathOf(location);
        if (length < 0 && verified.contains(location) && Files.isRegularFile(target)) {
            touch(target);
            return target;
        }
        InputFile input = length >= 0 ? io.newInputFile(location, length) : io.newInputFile(location);
        long expected = length >= 0 ? length : input.getLength();
        try {
            if (Files.isRegularFile(target) && Files.size(target) == expected) {
                touch(target);
                verified.add(location);
                return target;
            }
        } catch (NoSuchFileException e) {
            // evicted meanwhile: download below
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check cached copy " + target, e);
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".part-" + UUID.randomUUID());
        try {
            Files.createDirectories(target.getParent());
            long copied;
            try (InputStream in = input.newStream(); OutputStream out = Files.newOutputStream(temporary)) {
                copied = in.transferTo(out);
            }
            if (copied != expected) {
                throw new UrbanFlowException("Cannot cache " + location + ": downloaded " + copied + " bytes, but the file has "
                        + expected + " (changed or truncated in the store)");
            }
            moveIntoPlace(temporary, target);
            verified.add(location);
            added(copied);
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw new UrbanFlowException("Cannot cache " + location + " in " + root + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Takes a file just written locally (and uploaded to {@code location}) as its cached copy. */
    public void adopt(Path written, String location) {
        Path target = pathOf(location);
        try {
            Files.createDirectories(target.getParent());
            long size = Files.size(written);
            moveIntoPlace(written, target);
            verified.add(location);
            added(size);
        } catch (IOException e) {
            deleteQuietly(written); // a cache miss later, nothing worse
        }
    }

    /** Drops the copy of a deleted file. */
    public void forget(String location) {
        Path target = pathOf(location);
        try {
            long size = Files.size(target);
            if (Files.deleteIfExists(target)) {
                bytes.getAndUpdate(total -> total < 0 ? total : total - size);
            }
        } catch (IOException e) {
            // not cached
        }
    }

    /** A fresh folder under the cache for files written locally before their upload. */
    public Path stagingDirectory() {
        Path directory = root.resolve("staging").resolve("run-" + UUID.randomUUID());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create staging folder " + directory + ": " + e.getMessage(), e);
        }
        return directory;
    }

    /** The bytes the copies take now (walks the folder). */
    public long sizeBytes() {
        long total = 0;
        for (Copy copy : copies()) {
            total += copy.size();
        }
        return total;
    }

    private void moveIntoPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // another process cached it meanwhile
        }
        touch(to);
    }

    private void touch(Path path) {
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(clock.millis()));
        } catch (IOException e) {
            // evicted meanwhile: the next use downloads it again
        }
    }

    private void added(long size) {
        if (bytes.get() < 0) {
            bytes.compareAndSet(-1, sizeBytes());
        } else {
            bytes.addAndGet(size);
        }
        if (bytes.get() > maxBytes) {
            evict();
        }
    }

    /** Deletes the least recently used copies, oldest first, until the copies fit; recent ones are kept. */
    synchronized void evict() {
        List<Copy> all = copies();
        long total = 0;
        for (Copy copy : all) {
            total += copy.size();
        }
        all.sort(Comparator.comparingLong(Copy::lastUsedMillis));
        long keepAfter = clock.millis() - IN_USE_MILLIS;
        for (Copy copy : all) {
            if (total <= maxBytes || copy.lastUsedMillis() > keepAfter) {
                break;
            }
            try {
                if (Files.deleteIfExists(copy.path())) {
                    total -= copy.size();
                }
            } catch (IOException e) {
                // in use by another process's reader on a system that forbids deleting open files: next time
            }
        }
        bytes.set(total);
    }

    private record Copy(Path path, long size, long lastUsedMillis) {
    }

    private List<Copy> copies() {
        List<Copy> copies = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return copies;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(path -> !path.startsWith(root.resolve("staging")) && !path.getFileName().toString().contains(".part-"))
                    .forEach(path -> {
                        try {
                            if (Files.isRegularFile(path)) {
                                copies.add(new Copy(path, Files.size(path), Files.getLastModifiedTime(path).toMillis()));
                            }
                        } catch (IOException e) {
                            // deleted while walking
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // a concurrent deletion: the next eviction walks again
        }
        return copies;
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a stray temporary file, ignored by the cache
        }
    }
}
