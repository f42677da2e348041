package io.urbanflow.lake;

import io.urbanflow.lake.internal.PointFileWriter;
import io.urbanflow.lake.internal.PointRow;
import io.urbanflow.lake.internal.RejectedMessages;
import io.urbanflow.model.GpsPoint;
import io.urbanflow.model.InvalidPointException;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.PointCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotAncestryValidator;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once ingest of a Kafka topic of {@link PointCodec} messages into {@code raw.gps_points}, with every
 * message that cannot be decoded or fails validation in {@code raw.gps_points_rejected}.
 *
 * <h2>Exactly once</h2>
 * The consumed offsets travel in the Iceberg commit of the rows they produced ({@link IngestOffsets}). Iceberg
 * commits one table at a time, so a batch is committed in this order, each commit atomic and carrying the batch's
 * offsets:
 * <ol>
 *   <li>the rejected rows, to {@code raw.gps_points_rejected} (only when the batch has any);</li>
 *   <li>the points, to {@code raw.gps_points} (even when there are none, to advance the offsets).</li>
 * </ol>
 * On (re)assignment of a partition the consumer seeks to the points table's stored offset, whatever the group's
 * committed offset says; a rejected message is written only when its offset is at or after the rejected table's
 * stored offset. Because of the order above, every reject before the points table's offset is already stored, so
 * a crash between the two commits neither loses nor duplicates a row. Files written but not committed (a crash,
 * a lost partition) are orphans that no snapshot references.
 *
 * <h2>Several processes in one group</h2>
 * A commit writes the offsets of its own partitions over those of the snapshot it commits on, and is validated to
 * commit on exactly that snapshot (an Iceberg append re-reads the table before committing, so without the
 * validation it could land on a newer snapshot and put back another process's older offsets). Before each attempt
 * it re-reads the table and checks that its partitions' stored offsets are exactly where the batch starts; if
 * another process moved them (it owned the partition meanwhile), the batch and every batch after it are dropped
 * and the consumer seeks to the stored offsets. A conflicting commit of another partition is simply retried on the
 * new snapshot. Iceberg's own retry is off for these tables ({@link LakeTables}): it would re-apply a stale
 * offsets summary.
 *
 * <h2>Threads</h2>
 * The calling thread polls, decodes and writes rows into the open Parquet files of the current batch; a batch is
 * sealed every commit interval (or {@code commit-rows} messages) and handed to a committer thread, which closes its
 * files and commits, in order, while the next batch fills. At most two sealed batches wait, so a slow lake slows
 * the consumer instead of filling memory. Rebalances, stops and idle exits wait for every sealed batch.
 * Offsets are also committed to the Kafka group after each lake commit, for lag monitoring only.
 *
 * <p>{@link #stop()} and {@link #statistics()} may be called from any thread; {@link #run()} once.
 */
public final class IngestJob implements AutoCloseable {
    /** Snapshot summary key naming the commit, to recognise an own commit whose outcome was unknown. */
    public static final String COMMIT_ID = "urbanflow.commit-id";
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final int MAX_COMMIT_ATTEMPTS = 50;
    private static final int MAX_SEALED_BATCHES = 2;
    private static final long EXPIRE_EVERY_COMMITS = 100;
    private static final Duration BROKER_CHECK_AFTER = Duration.ofSeconds(3);
    private static final Duration POLL_TIMEOUT_MAX = Duration.ofMillis(100);
    /** With {@code until-idle}, how long at least to wait for the group to assign partitions at all. */
    private static final Duration FIRST_ASSIGNMENT_TIMEOUT = Duration.ofSeconds(30);

    private final IngestConfig config;
    private final Clock clock;
    private final Table points;
    private final Table rejected;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String processId = UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService committer;
    private final Deque<Future<?>> sealed = new ArrayDeque<>();
    /** Set by the committer when a batch found its partitions moved; cleared by the poll thread after resync. */
    private final AtomicBoolean moved = new AtomicBoolean();
    private volatile RuntimeException committerFailure;
    /** Offsets committed to the lake, for the Kafka group commit; written by the committer. */
    private final Map<Integer, Long> lakeCommitted = new ConcurrentHashMap<>();
    private final AtomicBoolean lakeCommittedChanged = new AtomicBoolean();

    // Poll thread only
    private final Map<Integer, PartitionState> owned = new HashMap<>();
    private final Set<Integer> batchPartitions = new HashSet<>();
    private final PointRow row = new PointRow();
    private PointFileWriter pointFiles;
    private RejectedMessages rejects = new RejectedMessages();
    private long batchStartMillis = -1;
    private long batchMessages;
    private long batchNumber;
    /** Last time messages arrived or partitions were assigned: the start of an idle period. */
    private long lastActivityMillis;
    /** Whether the group ever assigned partitions to this process. */
    private boolean assigned;
    private Metric connectionCount;
    private boolean reportedUnreachable;

    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong ingested = new AtomicLong();
    private final AtomicLong rejectedCount = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong finishNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile long lag = -1;
    private volatile Instant lastCommit;

    private IngestJob(Lake lake, IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.points = LakeTables.gpsPoints(lake);
        this.rejected = LakeTables.gpsPointsRejected(lake);
        this.pointFiles = newPointFiles();
        this.consumer = new KafkaConsumer<>(consumerProperties(config, processId));
        this.committer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "urbanflow-ingest-committer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects nothing yet: {@link #run()} subscribes and polls. */
    public static IngestJob create(Lake lake, IngestConfig config, Clock clock) {
        return new IngestJob(lake, config, clock);
    }

    static Properties consumerProperties(IngestConfig config, String processId) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "urbanflow-ingest-" + processId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // messages of aborted producer transactions never reach the lake
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxPollRecords()));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis()));
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(300, config.sessionTimeout().toMillis() / 4)));
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "5000");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (config.instanceId() != null) {
            properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
        }
        return properties;
    }

    /**
     * Consumes and commits until {@link #stop()} or, with {@code until-idle}, until no message arrived for that
     * long; commits what was consumed before returning.
     *
     * @throws UrbanFlowException when the lake cannot be written, or no broker answered for {@code until-idle}
     */
    public IngestResult run() {
        long started = clock.millis();
        lastActivityMillis = started;
        long lastBrokerSeenMillis = started;
        consumer.subscribe(List.of(config.topic()), new Rebalance());
        try {
            while (!stopRequested.get()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout());
                } catch (WakeupException e) {
                    break;
                }
                boolean resynced = afterCommits();
                long now = clock.millis();
                if (!records.isEmpty() || resynced) {
                    lastActivityMillis = now;
                }
                if (!records.isEmpty() && !resynced) { // after a resync these records come again from the seek
                    if (batchStartMillis < 0) {
                        batchStartMillis = now;
                    }
                    append(records, now);
                }
                if (batchMessages > 0 && now - batchStartMillis >= config.commitInterval().toMillis()) {
                    seal();
                }
                if (brokerConnected()) {
                    lastBrokerSeenMillis = now;
                    if (reportedUnreachable) {
                        LOG.info("Kafka at {} answers again; ingesting", config.bootstrapServers());
                        reportedUnreachable = false;
                    }
                } else if (now - lastBrokerSeenMillis >= BROKER_CHECK_AFTER.toMillis() && !reportedUnreachable) {
                    LOG.warn("Cannot reach Kafka at {}: no broker answers; retrying with backoff (everything consumed so far "
                            + "is committed). Start one with: urbanflow broker", config.bootstrapServers());
                    reportedUnreachable = true;
                }
                if (config.untilIdle() != null && now - lastActivityMillis >= config.untilIdle().toMillis()) {
                    if (now - lastBrokerSeenMillis >= config.untilIdle().toMillis()) {
                        sealAndWait();
                        throw new UrbanFlowException("Cannot reach Kafka at " + config.bootstrapServers()
                                + ": no broker answered within " + config.untilIdle().toSeconds()
                                + "s. Start one with: urbanflow broker");
                    }
                    if (assigned) {
                        break;
                    }
                    // joining the group is not being idle, but a topic nobody can be assigned ends the wait too
                    long waitedMillis = now - started;
                    if (waitedMillis >= Math.max(config.untilIdle().toMillis(), FIRST_ASSIGNMENT_TIMEOUT.toMillis())) {
                        throw new UrbanFlowException("Cannot consume topic " + config.topic() + " at " + config.bootstrapServers()
                                + ": no partition was assigned within " + waitedMillis / 1000 + "s (does the topic exist?)");
                    }
                }
            }
        } catch (WakeupException e) {
            // stop() during a rebalance callback: commit below
        }
        sealAndWait();
        afterCommits();
        return new IngestResult(ingested.get(), rejectedCount.get(), commits.get(), Duration.ofMillis(clock.millis() - started));
    }

    /** Asks {@link #run()} to commit what it consumed and return. Thread-safe. */
    public void stop() {
        stopRequested.set(true);
        consumer.wakeup();
    }

    /** Counts so far. Thread-safe. */
    public IngestStatistics statistics() {
        return new IngestStatistics(ingested.get(), rejectedCount.get(), commits.get(), lag, lastCommit,
                finishNanos.get() / 1_000_000, commitNanos.get() / 1_000_000);
    }

    @Override
    public void close() {
        try {
            committer.shutdownNow();
            committer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pointFiles.abort();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private PointFileWriter newPointFiles() {
        return new PointFileWriter(points, "ingest-" + processId + "-" + batchNumber);
    }

    private Duration pollTimeout() {
        if (batchMessages == 0) {
            return POLL_TIMEOUT_MAX;
        }
        long left = config.commitInterval().toMillis() - (clock.millis() - batchStartMillis);
        return Duration.ofMillis(Math.max(0, Math.min(left, POLL_TIMEOUT_MAX.toMillis())));
    }

    /** The hot path: decode, route to the day's Parquet file, or keep as a reject. */
    private void append(ConsumerRecords<byte[], byte[]> records, long nowMillis) {
        long ingestedAtMicros = nowMillis * 1_000L;
        Instant rejectedAt = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            PartitionState state = owned.get(record.partition());
            long offset = record.offset();
            if (state == null || offset < state.position) {
                continue; // not ours any more, or before a re-seek: never stored twice
            }
            byte[] value = record.value();
            try {
                if (value == null) {
                    throw new InvalidPointException("empty message (null value)");
                }
                GpsPoint point = PointCodec.decode(value);
                row.vehicleId = point.vehicleId();
                row.epochMicros = point.epochMicros();
                row.latitude = point.latitude();
                row.longitude = point.longitude();
                row.occupancy = point.occupancy();
                row.source = point.source();
                row.kafkaPartition = record.partition();
                row.kafkaOffset = offset;
                row.ingestedAtMicros = ingestedAtMicros;
                pointFiles.add(row);
            } catch (InvalidPointException e) {
                if (offset >= state.rejectedFilter) {
                    if (rejectedAt == null) {
                        rejectedAt = Instant.ofEpochMilli(nowMillis);
                    }
                    rejects.add(record.topic(), record.partition(), offset, value, e.reason(), rejectedAt);
                }
            }
            state.position = offset + 1;
            batchPartitions.add(record.partition());
            batchMessages++;
            if (batchMessages >= config.commitRows()) {
                seal();
            }
        }
    }

    /**
     * Hands the current batch to the committer with the offsets it starts and ends at, and starts a new one. Waits
     * while {@link #MAX_SEALED_BATCHES} batches are waiting.
     */
    private void seal() {
        if (batchPartitions.isEmpty()) {
            resetBatch();
            return;
        }
        Map<Integer, Long> end = new TreeMap<>();
        Map<Integer, Long> expectedPoints = new TreeMap<>();
        Map<Integer, Long> expectedRejected = new TreeMap<>();
        boolean hasRejects = !rejects.isEmpty();
        for (int partition : batchPartitions) {
            PartitionState state = owned.get(partition);
            end.put(partition, state.position);
            expectedPoints.put(partition, state.pointsExpected);
            expectedRejected.put(partition, state.rejectedExpected);
            state.pointsExpected = state.position; // as if this batch commits; a failure resyncs everything
            if (hasRejects) {
                state.rejectedExpected = state.position;
            }
        }
        Batch batch = new Batch(processId + "-" + batchNumber, pointFiles, hasRejects ? rejects : null, end, expectedPoints,
                expectedRejected);
        batchNumber++;
        pointFiles = newPointFiles();
        rejects = new RejectedMessages();
        batchPartitions.clear();
        batchStartMillis = -1;
        batchMessages = 0;
        if (sealed.size() >= MAX_SEALED_BATCHES) {
            while (sealed.size() >= MAX_SEALED_BATCHES) {
                await(sealed.removeFirst());
            }
            lastActivityMillis = clock.millis(); // waiting for the lake is not being idle
        }
        sealed.addLast(committer.submit(() -> commit(batch)));
    }

    private void sealAndWait() {
        seal();
        while (!sealed.isEmpty()) {
            await(sealed.removeFirst());
        }
        afterCommits();
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot finish ingest commit: interrupted");
        } catch (ExecutionException e) {
            // reported through committerFailure
        }
    }

    /**
     * On the poll thread: reports committer failures, recovers from moved partitions, tells Kafka the offsets.
     *
     * @return true when the consumer was seeked back to the lake's offsets: records polled before must be dropped
     */
    private boolean afterCommits() {
        RuntimeException failure = committerFailure;
        if (failure != null) {
            throw failure;
        }
        boolean resynced = false;
        if (moved.get()) {
            while (!sealed.isEmpty()) {
                await(sealed.removeFirst());
            }
            resetBatch();
            resync(new ArrayList<>(owned.keySet()));
            moved.set(false);
            resynced = true;
        }
        if (lakeCommittedChanged.getAndSet(false)) {
            commitToKafka();
        }
        return resynced;
    }

    /** On the committer thread: one batch, rejects first, then points, each with the batch's offsets. */
    private void commit(Batch batch) {
        if (moved.get() || committerFailure != null) {
            batch.pointFiles.abort(); // an earlier batch failed: this one starts where that one did not end
            return;
        }
        long rows = batch.pointFiles.rows();
        long finishStart = System.nanoTime();
        List<DataFile> pointData = List.of();
        List<DataFile> rejectData = List.of();
        boolean rejectsCommitted = true;
        try {
            pointData = batch.pointFiles.finish();
            if (batch.rejects != null) {
                rejectData = TableWrites.write(rejected, batch.rejects.rows());
                rejectsCommitted = false;
            }
            long commitStart = System.nanoTime();
            finishNanos.addAndGet(commitStart - finishStart);
            if (batch.rejects != null) {
                commitWithOffsets(rejected, rejectData, batch.end, batch.expectedRejected, batch.id + "-rejected");
                rejectsCommitted = true;
            }
            commitWithOffsets(points, pointData, batch.end, batch.expectedPoints, batch.id);
            commitNanos.addAndGet(System.nanoTime() - commitStart);
        } catch (PartitionMovedException e) {
            LOG.warn("Dropping a batch of {} rows: {}; resuming from the lake's offsets", rows, e.getMessage());
            deleteUncommitted(pointData, rejectsCommitted ? List.of() : rejectData);
            moved.set(true);
            return;
        } catch (RuntimeException e) {
            deleteUncommitted(pointData, rejectsCommitted ? List.of() : rejectData);
            committerFailure = e instanceof UrbanFlowException ? e
                    : new UrbanFlowException("Cannot commit to the lake: " + e.getMessage(), e);
            return;
        }
        ingested.addAndGet(rows);
        rejectedCount.addAndGet(batch.rejects == null ? 0 : batch.rejects.size());
        lastCommit = clock.instant();
        lakeCommitted.putAll(batch.end);
        lakeCommittedChanged.set(true);
        if (commits.incrementAndGet() % EXPIRE_EVERY_COMMITS == 0) {
            expireSnapshots();
        }
    }

    private void deleteUncommitted(List<DataFile> pointData, List<DataFile> rejectData) {
        PointFileWriter.delete(points, pointData);
        PointFileWriter.delete(rejected, rejectData);
    }

    private void commitWithOffsets(Table table, List<DataFile> files, Map<Integer, Long> end,
            Map<Integer, Long> expected, String commitId) {
        String key = IngestOffsets.summaryKey(config.topic());
        for (int attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            table.refresh();
            if (attempt > 1 && committedEarlier(table, commitId)) {
                return; // an attempt whose outcome was unknown did land
            }
            Snapshot readFrom = table.currentSnapshot();
            Map<Integer, Long> stored = new TreeMap<>(IngestOffsets.committed(table, config.topic()));
            for (Map.Entry<Integer, Long> entry : expected.entrySet()) {
                long storedOffset = stored.getOrDefault(entry.getKey(), -1L);
                if (storedOffset != entry.getValue()) {
                    throw new PartitionMovedException(config.topic() + " partition " + entry.getKey() + " was committed to "
                            + table.name() + " by another process (stored offset " + storedOffset + ", expected "
                            + entry.getValue() + ")");
                }
            }
            stored.putAll(end);
            AppendFiles append = table.newFastAppend();
            files.forEach(append::appendFile);
            append.set(key, IngestOffsets.format(stored));
            append.set(COMMIT_ID, commitId);
            // The append re-reads the table before it commits; the offsets above are only right on top of the
            // snapshot they were read from, so any other parent fails validation and this loop starts over.
            append.validateWith(new ParentIs(readFrom == null ? null : readFrom.snapshotId()));
            try {
                append.commit();
                return;
            } catch (CommitFailedException | CommitStateUnknownException | ValidationException e) {
                sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
            }
        }
        throw new UrbanFlowException("Cannot commit to " + table.name() + ": " + MAX_COMMIT_ATTEMPTS
                + " attempts conflicted with other writers");
    }

    private static boolean committedEarlier(Table table, String commitId) {
        int checked = 0;
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null && checked < 200; checked++) {
            if (commitId.equals(snapshot.summary().get(COMMIT_ID))) {
                return true;
            }
            Long parent = snapshot.parentId();
            snapshot = parent == null ? null : table.snapshot(parent);
        }
        return false;
    }

    /** Loads the stored offsets of the given partitions and seeks the consumer there. Poll thread. */
    private void resync(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        while (!sealed.isEmpty()) {
            await(sealed.removeFirst()); // the committer shares the table objects
        }
        points.refresh();
        rejected.refresh();
        Map<Integer, Long> storedPoints = IngestOffsets.committed(points, config.topic());
        Map<Integer, Long> storedRejected = IngestOffsets.committed(rejected, config.topic());
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (int partition : partitions) {
            PartitionState state = new PartitionState(storedPoints.getOrDefault(partition, -1L),
                    storedRejected.getOrDefault(partition, -1L));
            owned.put(partition, state);
            TopicPartition topicPartition = new TopicPartition(config.topic(), partition);
            if (state.pointsExpected >= 0) {
                consumer.seek(topicPartition, state.pointsExpected);
                state.position = state.pointsExpected;
            } else {
                fromBeginning.add(topicPartition);
                state.position = 0;
            }
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
        LOG.debug("Resuming {} partitions {} from the lake's offsets {}", config.topic(), partitions, storedPoints);
    }

    private void commitToKafka() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long total = 0;
        for (Map.Entry<Integer, Long> entry : lakeCommitted.entrySet()) {
            if (!owned.containsKey(entry.getKey())) {
                continue;
            }
            TopicPartition partition = new TopicPartition(config.topic(), entry.getKey());
            offsets.put(partition, new OffsetAndMetadata(entry.getValue()));
            // lag of the lake = lag of the consumer's position (known without a request) + consumed, not committed
            var positionLag = consumer.currentLag(partition);
            if (positionLag.isPresent()) {
                total += positionLag.getAsLong() + Math.max(0, owned.get(entry.getKey()).position - entry.getValue());
            }
        }
        lag = total;
        try {
            consumer.commitAsync(offsets, (committed, error) -> {
                // for lag monitoring only: the lake holds the offsets that count
            });
        } catch (RuntimeException e) {
            LOG.debug("Kafka offset commit for monitoring failed: {}", e.toString());
        }
    }

    private void expireSnapshots() {
        long olderThan = clock.millis() - config.snapshotRetention().toMillis();
        for (Table table : List.of(points, rejected)) {
            try {
                table.refresh();
                table.expireSnapshots().expireOlderThan(olderThan).retainLast(10).commit();
            } catch (RuntimeException e) {
                LOG.debug("Snapshot expiry of {} postponed: {}", table.name(), e.toString());
            }
        }
    }

    private boolean brokerConnected() {
        if (connectionCount == null) {
            for (Map.Entry<MetricName, ? extends Metric> entry : consumer.metrics().entrySet()) {
                if (entry.getKey().name().equals("connection-count") && entry.getKey().group().equals("consumer-metrics")) {
                    connectionCount = entry.getValue();
                }
            }
            if (connectionCount == null) {
                return true;
            }
        }
        Object value = connectionCount.metricValue();
        return !(value instanceof Number number) || number.doubleValue() > 0;
    }

    private void resetBatch() {
        pointFiles.abort();
        rejects = new RejectedMessages();
        batchPartitions.clear();
        batchStartMillis = -1;
        batchMessages = 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Where this process stands in one partition (poll thread). Offsets are next-offsets, -1 when nothing is
     * stored. {@code pointsExpected}/{@code rejectedExpected} are what the lake will hold once every sealed batch
     * commits; {@code rejectedFilter} is the rejected table's offset at the last resync.
     */
    private static final class PartitionState {
        long pointsExpected;
        long rejectedExpected;
        final long rejectedFilter;
        long position;

        PartitionState(long pointsStored, long rejectedStored) {
            this.pointsExpected = pointsStored;
            this.rejectedExpected = rejectedStored;
            this.rejectedFilter = rejectedStored;
        }
    }

    /** Accepts a commit only on top of the expected parent snapshot (null: an empty table). */
    record ParentIs(Long snapshotId) implements SnapshotAncestryValidator {
        @Override
        public boolean validate(Iterable<Snapshot> ancestors) {
            Iterator<Snapshot> iterator = ancestors.iterator();
            Long parent = iterator.hasNext() ? iterator.next().snapshotId() : null;
            return Objects.equals(parent, snapshotId);
        }

        @Override
        public String errorMessage() {
            return "the table changed since its stored offsets were read";
        }
    }

    /** A sealed batch: its files, its rejects (null when none) and the offsets it starts at and ends at. */
    private record Batch(String id, PointFileWriter pointFiles, RejectedMessages rejects, Map<Integer, Long> end,
            Map<Integer, Long> expectedPoints, Map<Integer, Long> expectedRejected) {
    }

    /** Another process committed one of this batch's partitions: the batch must not be committed. */
    private static final class PartitionMovedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PartitionMovedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Called inside {@code poll} on the poll thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            sealAndWait();
            partitions.forEach(partition -> owned.remove(partition.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lastActivityMillis = clock.millis();
            assigned = true;
            afterCommits();
            resync(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            resetBatch();
            while (!sealed.isEmpty()) {
                await(sealed.removeFirst());
            }
            partitions.forEach(partition -> owned.remove(partition.partition()));
        }
    }
}
