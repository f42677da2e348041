package io.urbanflow.lake.maintenance;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of lake maintenance ({@code urbanflow maintain}, the daily maintenance task). Immutable; validated on
 * construction.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code maintenance.target-file-size} — {@code 128MB}: compaction writes files of about this size; files under
 *       75 % of it are small</li>
 *   <li>{@code maintenance.min-input-files} — {@code 2}: a partition is compacted only when it has at least this many
 *       small files</li>
 *   <li>{@code maintenance.max-commit-size} — {@code 4GB}: input bytes rewritten per commit at most (a partition with
 *       more is committed in several steps)</li>
 *   <li>{@code maintenance.max-manifests} — {@code 100}: manifests are rewritten when a table has more, or when at
 *       least 10 of them are small (under 1/8 of Iceberg's target manifest size) and they are over half of all</li>
 *   <li>{@code maintenance.snapshot-retention} — {@code 1d}: older snapshots are expired, except the last
 *       {@code retain-last} and those that models' states point to (and every snapshot after those)</li>
 *   <li>{@code maintenance.retain-last} — {@code 10}: snapshots kept whatever their age</li>
 *   <li>{@code maintenance.orphan-age} — {@code 3d}: files that no snapshot references are deleted only when older
 *       than this; it must be longer than any write and commit takes (a writer's files are unreferenced until its
 *       commit lands)</li>
 *   <li>{@code maintenance.raw-retention} — {@code off}: when set (e.g. {@code 90d}), whole time partitions of
 *       {@code raw} tables older than this are deleted</li>
 *   <li>{@code maintenance.raw-retention-column} — none: the timestamp column retention reads; by default the source
 *       column of the table's time partitioning ({@code day(ts)} gives {@code ts})</li>
 *   <li>{@code maintenance.parallelism} — {@code 2}: compaction writes this many files at once (each also has a
 *       reader thread ahead of it)</li>
 * </ul>
 *
 * @param rawRetention       null when off
 * @param rawRetentionColumn null for the time partitioning's source column
 */
public record MaintenanceConfig(long targetFileSizeBytes, int minInputFiles, long maxCommitBytes, int maxManifests,
        Duration snapshotRetention, int retainLast, Duration orphanAge, Duration rawRetention, String rawRetentionColumn,
        int parallelism) {
    public static final String TARGET_FILE_SIZE = "maintenance.target-file-size";
    public static final String MIN_INPUT_FILES = "maintenance.min-input-files";
    public static final String MAX_COMMIT_SIZE = "maintenance.max-commit-size";
    public static final String MAX_MANIFESTS = "maintenance.max-manifests";
    public static final String SNAPSHOT_RETENTION = "maintenance.snapshot-retention";
    public static final String RETAIN_LAST = "maintenance.retain-last";
    public static final String ORPHAN_AGE = "maintenance.orphan-age";
    public static final String RAW_RETENTION = "maintenance.raw-retention";
    public static final String RAW_RETENTION_COLUMN = "maintenance.raw-retention-column";
    public static final String PARALLELISM = "maintenance.parallelism";

    public static final long DEFAULT_TARGET_FILE_SIZE_BYTES = 128L * 1024 * 1024;
    public static final int DEFAULT_MIN_INPUT_FILES = 2;
    public static final long DEFAULT_MAX_COMMIT_BYTES = 4L * 1024 * 1024 * 1024;
    public static final int DEFAULT_MAX_MANIFESTS = 100;
    public static final Duration DEFAULT_SNAPSHOT_RETENTION = Duration.ofDays(1);
    public static final int DEFAULT_RETAIN_LAST = 10;
    public static final Duration DEFAULT_ORPHAN_AGE = Duration.ofDays(3);
    public static final int DEFAULT_PARALLELISM = 2;

    public MaintenanceConfig {
        require(targetFileSizeBytes >= 1024, TARGET_FILE_SIZE, targetFileSizeBytes, "a size of at least 1KB, e.g. 128MB");
        require(minInputFiles >= 2, MIN_INPUT_FILES, minInputFiles, "a whole number of at least 2");
        require(maxCommitBytes >= targetFileSizeBytes, MAX_COMMIT_SIZE, maxCommitBytes,
                "a size of at least " + TARGET_FILE_SIZE + " (" + targetFileSizeBytes + " bytes)");
        require(maxManifests >= 1, MAX_MANIFESTS, maxManifests, "a whole number of at least 1");
        require(snapshotRetention != null && !snapshotRetention.isNegative(), SNAPSHOT_RETENTION, snapshotRetention,
                "a duration of 0 or more");
        require(retainLast >= 1, RETAIN_LAST, retainLast, "a whole number of at least 1");
        require(orphanAge != null && !orphanAge.isNegative(), ORPHAN_AGE, orphanAge, "a duration of 0 or more");
        require(rawRetention == null || rawRetention.toMillis() > 0, RAW_RETENTION, rawRetention, "off or a positive duration");
        require(parallelism >= 1 && parallelism <= 64, PARALLELISM, parallelism, "a whole number from 1 to 64");
        if (rawRetentionColumn != null && rawRetentionColumn.isBlank()) {
            rawRetentionColumn = null;
        }
    }

    public static MaintenanceConfig defaults() {
        return new MaintenanceConfig(DEFAULT_TARGET_FILE_SIZE_BYTES, DEFAULT_MIN_INPUT_FILES, DEFAULT_MAX_COMMIT_BYTES,
                DEFAULT_MAX_MANIFESTS, DEFAULT_SNAPSHOT_RETENTION, DEFAULT_RETAIN_LAST, DEFAULT_ORPHAN_AGE, null, null,
                DEFAULT_PARALLELISM);
    }

    /** Reads the {@code maintenance.*} keys, each falling back to its default. */
    public static MaintenanceConfig from(Settings settings) {
        String rawRetention = settings.string(RAW_RETENTION, "off").trim();
        return new MaintenanceConfig(
                size(settings, TARGET_FILE_SIZE, DEFAULT_TARGET_FILE_SIZE_BYTES),
                settings.integer(MIN_INPUT_FILES, DEFAULT_MIN_INPUT_FILES),
                size(settings, MAX_COMMIT_SIZE, DEFAULT_MAX_COMMIT_BYTES),
                settings.integer(MAX_MANIFESTS, DEFAULT_MAX_MANIFESTS),
                settings.duration(SNAPSHOT_RETENTION, DEFAULT_SNAPSHOT_RETENTION),
                settings.integer(RETAIN_LAST, DEFAULT_RETAIN_LAST),
                settings.duration(ORPHAN_AGE, DEFAULT_ORPHAN_AGE),
                rawRetention.equalsIgnoreCase("off") || rawRetention.isEmpty() ? null
                        : Settings.parseDuration(RAW_RETENTION, rawRetention),
                settings.string(RAW_RETENTION_COLUMN, null),
                settings.integer(PARALLELISM, DEFAULT_PARALLELISM));
    }

    public Optional<Duration> rawRetentionIfSet() {
        return Optional.ofNullable(rawRetention);
    }

    public Optional<String> rawRetentionColumnIfSet() {
        return Optional.ofNullable(rawRetentionColumn);
    }

    /** Files under this size are small: 75 % of the target, as Iceberg's bin-pack planner has it. */
    public long smallFileBytes() {
        return targetFileSizeBytes / 4 * 3;
    }

    public MaintenanceConfig withTargetFileSizeBytes(long bytes) {
        return new MaintenanceConfig(bytes, minInputFiles, Math.max(maxCommitBytes, bytes), maxManifests, snapshotRetention,
                retainLast, orphanAge, rawRetention, rawRetentionColumn, parallelism);
    }

    public MaintenanceConfig withMaxManifests(int manifests) {
        return new MaintenanceConfig(targetFileSizeBytes, minInputFiles, maxCommitBytes, manifests, snapshotRetention,
                retainLast, orphanAge, rawRetention, rawRetentionColumn, parallelism);
    }

    public MaintenanceConfig withSnapshotRetention(Duration retention, int last) {
        return new MaintenanceConfig(targetFileSizeBytes, minInputFiles, maxCommitBytes, maxManifests, retention,
                last, orphanAge, rawRetention, rawRetentionColumn, parallelism);
    }

    public MaintenanceConfig withOrphanAge(Duration age) {
        return new MaintenanceConfig(targetFileSizeBytes, minInputFiles, maxCommitBytes, maxManifests, snapshotRetention,
                retainLast, age, rawRetention, rawRetentionColumn, parallelism);
    }

    public MaintenanceConfig withRawRetention(Duration retention) {
        return new MaintenanceConfig(targetFileSizeBytes, minInputFiles, maxCommitBytes, maxManifests, snapshotRetention,
                retainLast, orphanAge, retention, rawRetentionColumn, parallelism);
    }

    /**
     * Parses {@code 134217728}, {@code 512KB}, {@code 128MB}, {@code 1GB} (also {@code k}, {@code m}, {@code g},
     * {@code KiB}...; powers of 1024).
     *
     * @throws UrbanFlowException naming the key when the text is none of these
     */
    public static long parseSize(String key, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        int unitStart = value.length();
        while (unitStart > 0 && Character.isLetter(value.charAt(unitStart - 1))) {
            unitStart--;
        }
        String unit = value.substring(unitStart);
        long multiplier = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "g", "gb", "gib" -> 1024L * 1024 * 1024;
            case "t", "tb", "tib" -> 1024L * 1024 * 1024 * 1024;
            default -> -1L;
        };
        try {
            if (multiplier > 0) {
                return Math.multiplyExact(Long.parseLong(value.substring(0, unitStart).trim()), multiplier);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // falls through to the one message below
        }
        throw new UrbanFlowException("Cannot read setting " + key + "='" + text + "': expected a size such as 128MB, 512KB or 1GB");
    }

    private static long size(Settings settings, String key, long defaultValue) {
        String value = settings.string(key, null);
        return value == null ? defaultValue : parseSize(key, value);
    }

    private static void require(boolean condition, String key, Object value, String expected) {
        if (!condition) {
            throw new UrbanFlowException("Cannot read setting " + key + "='" + value + "': expected " + expected);
        }
    }
}
