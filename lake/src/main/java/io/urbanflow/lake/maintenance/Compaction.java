package io.urbanflow.lake.maintenance;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Bin-packing compaction of one table, engine-free: small data files (under 75 % of the target size) are grouped per
 * partition, in the order of their data (lower bound of the time partitioning's source column, then data sequence
 * number), into bins of at most the target size; each bin of two files or more is rewritten into one file and the
 * bins of a partition are committed together (or in groups of at most {@code max-commit-size} input bytes) with
 * {@link RewriteFiles}, validated from the snapshot the plan was made on. A bin is rewritten column by column
 * ({@link ColumnarBinRewriter}) when the table is flat and every file has the table's Parquet layout, else record by
 * record ({@link BinRewriter}, which projects files of older schemas on the current one). Both keep the rows in
 * order; given the same files they write the same bytes.
 *
 * <p>Appends by others (the ingest) do not conflict with a rewrite: only the commit attempt is repeated on the new
 * snapshot ({@link SnapshotCommits}). When a rewrite's own validation fails (another compaction replaced the same
 * files, or expiry removed the starting snapshot) its output is deleted and the table is planned again, up to
 * {@link #MAX_ROUNDS} times. Partitions with delete files are left alone (their rows need the deletes applied).
 *
 * <p>Not thread-safe; one instance per table and run. The executors belong to the caller.
 */
final class Compaction {
    static final int MAX_ROUNDS = 3;

    private final Table table;
    private final MaintenanceConfig config;
    private final ExecutorService writers;
    private final ExecutorService readers;
    private final AtomicInteger binsByColumns = new AtomicInteger();
    private final AtomicInteger binsByRecords = new AtomicInteger();

    Compaction(Table table, MaintenanceConfig config, ExecutorService writers, ExecutorService readers) {
        this.table = table;
        this.config = config;
        this.writers = writers;
        this.readers = readers;
    }

    /** Small files of one partition that become one file. */
    record Bin(PartitionSpec spec, StructLike partition, List<DataFile> files, long bytes, long rows) {
    }

    /** Bins committed together. */
    record Group(String partition, List<Bin> bins) {
    }

    /** What to rewrite, planned on one snapshot. */
    record Plan(long startingSnapshotId, List<Group> groups) {
        long files() {
            long files = 0;
            for (Group group : groups) {
                for (Bin bin : group.bins) {
                    files += bin.files.size();
                }
            }
            return files;
        }

        long bins() {
            long bins = 0;
            for (Group group : groups) {
                bins += group.bins.size();
            }
            return bins;
        }

        long rows() {
            long rows = 0;
            for (Group group : groups) {
                for (Bin bin : group.bins) {
                    rows += bin.rows;
                }
            }
            return rows;
        }
    }

    StepOutcome run(MaintenanceOptions.Mode mode) {
        long planStart = System.nanoTime();
        Plan plan = plan();
        long planNanos = System.nanoTime() - planStart;
        long writeNanos = 0;
        long commitNanos = 0;
        if (plan.groups.isEmpty()) {
            return StepOutcome.skipped("nothing to gain: no partition has " + config.minInputFiles() + " small files");
        }
        if (mode == MaintenanceOptions.Mode.DRY_RUN) {
            return new StepOutcome(plan.files(), plan.bins(), plan.rows(), 0, 0, 0, 0, 0, "");
        }
        long filesIn = 0;
        long filesOut = 0;
        long rows = 0;
        int commits = 0;
        int conflicts = 0;
        for (int round = 1; round <= MAX_ROUNDS && !plan.groups.isEmpty(); round++) {
            boolean stale = false;
            Plan planned = plan;
            List<List<Future<DataFile>>> pending = submit(plan);
            for (int index = 0; index < plan.groups.size(); index++) {
                Group group = plan.groups.get(index);
                long waitStart = System.nanoTime();
                List<DataFile> written = await(pending, index);
                long commitStart = System.nanoTime();
                writeNanos += commitStart - waitStart;
                try {
                    conflicts += SnapshotCommits.commit(table, "compact", base -> rewrite(planned, group, written));
                    commitNanos += System.nanoTime() - commitStart;
                } catch (ValidationException e) {
                    deleteQuietly(written); // planned on files another commit replaced: plan again below
                    stale = true;
                    continue;
                } catch (io.urbanflow.lake.CommitOutcomeUnknownException e) {
                    abandon(pending, index + 1); // a snapshot may reference the written files: keep them
                    throw e;
                } catch (RuntimeException e) {
                    deleteQuietly(written);
                    abandon(pending, index + 1);
                    throw e;
                }
                commits++;
                filesOut += written.size();
                for (Bin bin : group.bins) {
                    filesIn += bin.files.size();
                    rows += bin.rows;
                }
            }
            if (!stale) {
                break;
            }
            planStart = System.nanoTime();
            plan = plan();
            planNanos += System.nanoTime() - planStart;
        }
        return new StepOutcome(filesIn, filesOut, rows, commits, conflicts, 0, 0, 0, String.format(java.util.Locale.ROOT,
                "planned in %.1f s, rewrote in %.1f s (bins by columns %d, by records %d), committed in %.1f s",
                planNanos / 1e9, writeNanos / 1e9, binsByColumns.get(), binsByRecords.get(), commitNanos / 1e9));
    }

    private RewriteFiles rewrite(Plan plan, Group group, List<DataFile> written) {
        // the commit reads every manifest that holds a replaced file: on the reader pool, not one by one
        RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(plan.startingSnapshotId).scanManifestsWith(readers);
        for (Bin bin : group.bins) {
            for (DataFile file : bin.files) {
                rewrite.deleteFile(file);
            }
        }
        for (DataFile file : written) {
            rewrite.addFile(file);
        }
        return rewrite;
    }

    /** Every bin of every group goes to the writers at once; a group is committed as soon as its bins are written. */
    private List<List<Future<DataFile>>> submit(Plan plan) {
        List<List<Future<DataFile>>> pending = new ArrayList<>();
        for (Group group : plan.groups) {
            List<Future<DataFile>> futures = new ArrayList<>();
            for (Bin bin : group.bins) {
                futures.add(writers.submit(() -> rewrite(bin)));
            }
            pending.add(futures);
        }
        return pending;
    }

    /** One bin into one file: column by column when every file has the table's layout, else record by record. */
    private DataFile rewrite(Bin bin) {
        try {
            DataFile written = new ColumnarBinRewriter(table, readers).rewrite(bin.files, bin.spec, bin.partition, bin.rows);
            binsByColumns.incrementAndGet();
            return written;
        } catch (ColumnarBinRewriter.IncompatibleLayoutException e) {
            // nested columns, or a file of an older schema or another writer's layout: the record rewrite projects it
        }
        DataFile written = new BinRewriter(table, readers).rewrite(bin.files, bin.spec, bin.partition, bin.rows);
        binsByRecords.incrementAndGet();
        return written;
    }

    /** The written files of group {@code index}; on a failure, every other written file is deleted too. */
    private List<DataFile> await(List<List<Future<DataFile>>> pending, int index) {
        List<DataFile> written = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<DataFile> future : pending.get(index)) {
            try {
                written.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new UrbanFlowException("Cannot compact table " + table.name() + ": interrupted");
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof RuntimeException runtime ? runtime
                        : new UrbanFlowException("Cannot compact table " + table.name() + ": " + e.getCause(), e.getCause());
            }
        }
        if (failure != null) {
            deleteQuietly(written);
            abandon(pending, index + 1);
            throw failure;
        }
        return written;
    }

    /** Waits for the groups from {@code from} on and deletes what they wrote: none of it will be committed. */
    private void abandon(List<List<Future<DataFile>>> pending, int from) {
        for (int index = from; index < pending.size(); index++) {
            for (Future<DataFile> future : pending.get(index)) {
                try {
                    deleteQuietly(List.of(future.get()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (ExecutionException e) {
                    // nothing written
                }
            }
        }
    }

    private void deleteQuietly(List<DataFile> files) {
        for (DataFile file : files) {
            try {
                table.io().deleteFile(file.location());
            } catch (RuntimeException e) {
                // left for orphan removal: no snapshot references it
            }
        }
    }

    /** Plans on the table's current snapshot. */
    Plan plan() {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return new Plan(-1, List.of());
        }
        long small = config.smallFileBytes();
        Map<String, List<Candidate>> byPartition = new LinkedHashMap<>();
        Map<String, Integer> withDeletes = new LinkedHashMap<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(current.snapshotId())
                .includeColumnStats().ignoreResiduals().planWith(readers).planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                PartitionSpec spec = table.specs().get(file.specId());
                String key = file.specId() + "/" + spec.partitionToPath(file.partition());
                if (!task.deletes().isEmpty()) {
                    withDeletes.put(key, 1);
                    continue;
                }
                if (file.fileSizeInBytes() < small) {
                    byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(new Candidate(file, spec, orderOf(spec, file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<Candidate>> entry : byPartition.entrySet()) {
            List<Candidate> candidates = entry.getValue();
            if (candidates.size() < config.minInputFiles() || withDeletes.containsKey(entry.getKey())) {
                continue;
            }
            candidates.sort(Comparator.comparingLong(Candidate::lowerBound)
                    .thenComparingLong(Candidate::sequence).thenComparing(candidate -> candidate.file.location()));
            groups.addAll(groupsOf(entry.getKey(), bins(candidates)));
        }
        return new Plan(current.snapshotId(), groups);
    }

    /** Consecutive files up to the target size; a bin of one file is no gain and is dropped. */
    private List<Bin> bins(List<Candidate> sorted) {
        List<Bin> bins = new ArrayList<>();
        List<DataFile> files = new ArrayList<>();
        long bytes = 0;
        long rows = 0;
        for (Candidate candidate : sorted) {
            long size = candidate.file.fileSizeInBytes();
            if (!files.isEmpty() && bytes + size > config.targetFileSizeBytes()) {
                addBin(bins, sorted.get(0), files, bytes, rows);
                files = new ArrayList<>();
                bytes = 0;
                rows = 0;
            }
            files.add(candidate.file);
            bytes += size;
            rows += candidate.file.recordCount();
        }
        addBin(bins, sorted.get(0), files, bytes, rows);
        return bins;
    }

    private static void addBin(List<Bin> bins, Candidate first, List<DataFile> files, long bytes, long rows) {
        if (files.size() >= 2) {
            bins.add(new Bin(first.spec, first.file.partition(), List.copyOf(files), bytes, rows));
        }
    }

    private List<Group> groupsOf(String partition, List<Bin> bins) {
        List<Group> groups = new ArrayList<>();
        List<Bin> current = new ArrayList<>();
        long bytes = 0;
        for (Bin bin : bins) {
            if (!current.isEmpty() && bytes + bin.bytes > config.maxCommitBytes()) {
                groups.add(new Group(partition, List.copyOf(current)));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(bin);
            bytes += bin.bytes;
        }
        if (!current.isEmpty()) {
            groups.add(new Group(partition, List.copyOf(current)));
        }
        return groups;
    }

    /** A small file with the keys it is ordered by. */
    private record Candidate(DataFile file, PartitionSpec spec, long lowerBound, long sequence) {
        Candidate(DataFile file, PartitionSpec spec, long lowerBound) {
            this(file, spec, lowerBound, file.dataSequenceNumber() == null ? 0 : file.dataSequenceNumber());
        }
    }

    /**
     * The lower bound of the time partitioning's source column (micros for timestamps, days for dates), or
     * {@link Long#MAX_VALUE} when the spec has no time partition or the file no bound: then the sequence orders.
     */
    private long orderOf(PartitionSpec spec, DataFile file) {
        int sourceId = timeSourceId(spec);
        if (sourceId < 0 || file.lowerBounds() == null) {
            return Long.MAX_VALUE;
        }
        ByteBuffer lower = file.lowerBounds().get(sourceId);
        if (lower == null) {
            return Long.MAX_VALUE;
        }
        Type type = spec.schema().findType(sourceId);
        Object value = Conversions.fromByteBuffer(type, lower);
        return value instanceof Number number ? number.longValue() : Long.MAX_VALUE;
    }

    /** The source column id of the spec's first year/month/day/hour field on a timestamp or date, or -1. */
    static int timeSourceId(PartitionSpec spec) {
        for (PartitionField field : spec.fields()) {
            String transform = field.transform().toString();
            if (transform.equals("year") || transform.equals("month") || transform.equals("day") || transform.equals("hour")) {
                Type type = spec.schema().findType(field.sourceId());
                if (type instanceof Types.TimestampType || type instanceof Types.DateType) {
                    return field.sourceId();
                }
            }
        }
        return -1;
    }
}
