package io.urbanflow.lake.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteManifests;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites a table's data manifests when they multiply (fast appends add one per commit): when there are more than
 * {@code max-manifests}, or at least {@link #MIN_SMALL_MANIFESTS} small ones (under 1/8 of the table's target
 * manifest size) making over half of all. Entries are clustered by partition into manifests of the target size, or,
 * when the table has more partitions than half of {@code max-manifests}, by partition spec only. Delete manifests are
 * kept as they are. Committed with {@link SnapshotCommits}; stateless.
 */
final class ManifestRewrite {
    static final int MIN_SMALL_MANIFESTS = 10;

    private ManifestRewrite() {
    }

    static StepOutcome run(Table table, MaintenanceConfig config, MaintenanceOptions.Mode mode) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return StepOutcome.skipped("no snapshot");
        }
        List<ManifestFile> manifests = current.dataManifests(table.io());
        long targetBytes = PropertyUtil.propertyAsLong(table.properties(), TableProperties.MANIFEST_TARGET_SIZE_BYTES,
                TableProperties.MANIFEST_TARGET_SIZE_BYTES_DEFAULT);
        int small = 0;
        for (ManifestFile manifest : manifests) {
            if (manifest.length() < targetBytes / 8) {
                small++;
            }
        }
        boolean tooMany = manifests.size() > config.maxManifests();
        boolean manySmall = small >= MIN_SMALL_MANIFESTS && small * 2 > manifests.size();
        if (!tooMany && !manySmall) {
            return StepOutcome.skipped(manifests.size() + " manifests, " + small + " small: nothing to gain");
        }
        if (mode == MaintenanceOptions.Mode.DRY_RUN) {
            return new StepOutcome(manifests.size(), 0, 0, 0, 0, 0, 0, 0, "");
        }
        boolean byPartition = partitions(table, manifests, config.maxManifests() / 2 + 1) <= config.maxManifests() / 2;
        int conflicts = SnapshotCommits.commit(table, "rewrite manifests of", base -> {
            RewriteManifests rewrite = table.rewriteManifests()
                    .rewriteIf(manifest -> manifest.content() == ManifestContent.DATA);
            return byPartition
                    ? rewrite.clusterBy(file -> file.specId() + "/" + table.specs().get(file.specId()).partitionToPath(file.partition()))
                    : rewrite.clusterBy(DataFile::specId);
        });
        table.refresh();
        int after = table.currentSnapshot().dataManifests(table.io()).size();
        return new StepOutcome(manifests.size(), after, 0, 1, conflicts, 0, 0, 0, "");
    }

    /** Distinct partitions in the manifests' live entries, counting up to {@code enough}. */
    private static int partitions(Table table, List<ManifestFile> manifests, int enough) {
        Set<String> partitions = new HashSet<>();
        for (ManifestFile manifest : manifests) {
            try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), table.specs())) {
                for (DataFile file : reader) {
                    partitions.add(file.specId() + "/" + table.specs().get(file.specId()).partitionToPath(file.partition()));
                    if (partitions.size() >= enough) {
                        return partitions.size();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return partitions.size();
    }
}
