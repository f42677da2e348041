package io.urbanflow.lake.maintenance;

/** The steps of maintenance, in the order they run on each table. */
public enum MaintenanceStep {
    /** Deletes whole time partitions of raw tables older than {@code maintenance.raw-retention} (off by default). */
    RAW_RETENTION("retention"),
    /** Rewrites the manifests when they multiply; first, so that compaction plans and commits over few
     * manifests instead of reading each of thousands twice. */
    REWRITE_MANIFESTS("manifests"),
    /** Bin-packs small data files per partition into files near the target size. */
    COMPACT("compact"),
    /** Expires old snapshots, keeping those that models' states point to. */
    EXPIRE_SNAPSHOTS("expire"),
    /** Deletes old files that no snapshot references. */
    REMOVE_ORPHANS("orphans");

    private final String label;

    MaintenanceStep(String label) {
        this.label = label;
    }

    /** The short name in reports: {@code compact}, {@code expire}, ... */
    public String label() {
        return label;
    }
}
