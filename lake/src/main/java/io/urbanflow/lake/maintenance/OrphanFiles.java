package io.urbanflow.lake.maintenance;

import io.urbanflow.lake.internal.Storage;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Finds and deletes orphan files: files under a table's location (and its data and metadata paths, when set
 * elsewhere) that no snapshot in the table's metadata references and that are older than the orphan age — files of
 * writers that crashed or failed before their commit, or that a failed cleanup left.
 *
 * <p>Referenced are: the current metadata file and those of its metadata log, every snapshot's manifest list, every
 * manifest of every snapshot, every data and delete file live in those manifests, and the statistics files. The
 * files are listed <em>before</em> the metadata is read, so a file committed meanwhile is found referenced; a file
 * written meanwhile is not listed. The age protects writes in flight: a writer's files are unreferenced until its
 * commit lands. Listing uses the table's {@link FileIO} when it supports prefix operations, else {@code java.nio}
 * for local paths. Stateless.
 */
final class OrphanFiles {
    private OrphanFiles() {
    }

    /** The files that would be deleted, or were. */
    record Found(List<String> orphans, long deleted) {
    }

    static Found remove(Table table, Duration age, Clock clock, MaintenanceOptions.Mode mode) {
        long olderThanMillis = clock.millis() - age.toMillis();
        List<FileInfo> listed = new ArrayList<>();
        for (String root : roots(table)) {
            listed.addAll(list(table.io(), root));
        }
        table.refresh();
        Set<String> referenced = referenced(table);
        List<String> orphans = new ArrayList<>();
        for (FileInfo file : listed) {
            if (file.createdAtMillis() <= olderThanMillis && !referenced.contains(normalize(file.location()))) {
                orphans.add(file.location());
            }
        }
        long deleted = 0;
        if (mode == MaintenanceOptions.Mode.APPLY) {
            for (String orphan : orphans) {
                try {
                    table.io().deleteFile(orphan);
                    deleted++;
                } catch (RuntimeException e) {
                    // another run deleted it, or it cannot be deleted now: found again next time
                }
            }
        }
        return new Found(List.copyOf(orphans), deleted);
    }

    /** The table's location and, when set outside it, its data and metadata paths; each ending in "/". */
    static Set<String> roots(Table table) {
        Set<String> roots = new LinkedHashSet<>();
        roots.add(withSlash(table.location()));
        String data = table.properties().get(TableProperties.WRITE_DATA_LOCATION);
        String metadata = table.properties().get(TableProperties.WRITE_METADATA_LOCATION);
        for (String path : new String[] {data, metadata}) {
            if (path != null && !withSlash(path).startsWith(withSlash(table.location()))) {
                roots.add(withSlash(path));
            }
        }
        return roots;
    }

    private static List<FileInfo> list(FileIO io, String root) {
        if (io instanceof SupportsPrefixOperations prefixes) {
            List<FileInfo> files = new ArrayList<>();
            for (FileInfo file : prefixes.listPrefix(root)) {
                files.add(file);
            }
            return files;
        }
        if (!root.startsWith("/") && !root.startsWith("file:")) {
            throw new UrbanFlowException("Cannot list the files of " + root + ": its storage cannot list files, so orphans cannot be found");
        }
        Path path = Storage.localPath(root);
        List<FileInfo> files = new ArrayList<>();
        if (!Files.isDirectory(path)) {
            return files;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(new FileInfo(file.toString(), attributes.size(), attributes.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted while listing
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        return files;
    }

    /** Every file the table's metadata references, normalized with {@link #normalize}. */
    static Set<String> referenced(Table table) {
        Set<String> referenced = new HashSet<>();
        FileIO io = table.io();
        if (table instanceof HasTableOperations operations) {
            TableOperations ops = operations.operations();
            TableMetadata metadata = ops.current();
            referenced.add(normalize(metadata.metadataFileLocation()));
            for (TableMetadata.MetadataLogEntry entry : metadata.previousFiles()) {
                referenced.add(normalize(entry.file()));
            }
        }
        for (StatisticsFile statistics : table.statisticsFiles()) {
            referenced.add(normalize(statistics.path()));
        }
        for (PartitionStatisticsFile statistics : table.partitionStatisticsFiles()) {
            referenced.add(normalize(statistics.path()));
        }
        Set<String> manifestsRead = new HashSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            if (snapshot.manifestListLocation() != null) {
                referenced.add(normalize(snapshot.manifestListLocation()));
            }
            for (ManifestFile manifest : snapshot.allManifests(io)) {
                String path = normalize(manifest.path());
                referenced.add(path);
                if (manifestsRead.add(path)) {
                    addContents(table, manifest, referenced);
                }
            }
        }
        return referenced;
    }

    private static void addContents(Table table, ManifestFile manifest, Set<String> referenced) {
        try {
            if (manifest.content() == ManifestContent.DATA) {
                try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io(), table.specs())) {
                    for (String path : paths) {
                        referenced.add(normalize(path));
                    }
                }
            } else {
                try (ManifestReader<DeleteFile> deletes = ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                    for (DeleteFile file : deletes) {
                        referenced.add(normalize(file.location()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + manifest.path(), e);
        }
    }

    /** One spelling per file: {@code file:/x} and {@code file:///x} are {@code /x}. */
    static String normalize(String location) {
        return location.startsWith("file:") ? Storage.localPath(location).toString() : location;
    }

    private static String withSlash(String location) {
        return location.endsWith("/") ? location : location + "/";
    }
}
