package io.urbanflow.ingest;

import io.urbanflow.ingest.internal.CrashPoints;
import io.urbanflow.ingest.internal.RejectedMessages;
import io.urbanflow.lake.CommitOutcomeUnknownException;
import io.urbanflow.lake.CommitOutcomes;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.maintenance.CarriedSummary;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.ProtectedSnapshots;
import io.urbanflow.lake.maintenance.SnapshotExpiry;
import io.urbanflow.model.UrbanFlowException;
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
import java.util.LinkedHashMap;
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
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once ingest of Kafka topics into lake tables: each {@link TopicBinding} decodes its topic's messages into
 * rows of its table, and every message that cannot be decoded becomes a row of its rejected table with the reason.
 *
 * <h2>Exactly once</h2>
 * The consumed offsets travel in the Iceberg commit of the rows they produced ({@link IngestOffsets}). Iceberg
 * commits one table at a time, so a batch is committed in this order, each commit atomic and carrying the offsets of
 * its topics' partitions in the batch:
 * <ol>
 *   <li>the rejected rows, to each rejected table that has some (with the offsets of the topics that had rejects);</li>
 *   <li>the rows, to each binding's table (even when there are none, to advance the offsets).</li>
 * </ol>
 * On (re)assignment of a partition the consumer seeks to the offset stored in its binding's table, whatever the
 * group's committed offset says; a rejected message is written only when its offset is at or after the rejected
 * table's stored offset. Because of the order above, every reject before the table's offset is already stored, so a
 * crash between two commits neither loses nor duplicates a row. Files written but not committed (a crash, a lost
 * partition) are orphans that no snapshot references. A commit whose outcome is unknown (any error but Iceberg's
 * {@code CleanableFailure}: {@link CommitStateUnknownException}, a broken catalog connection; see
 * {@link CommitOutcomes}) is looked up by its id; when that is impossible the job stops and deletes nothing, so a
 * landed commit never loses its files.
 *
 * <h2>Offsets outside the log</h2>
 * On assignment the stored offset of each partition is compared with the partition's log: one past the end (topic
 * re-created) or before the start (retention) stops the job with a message naming topic, partition, offset and the
 * log's range, unless {@link IngestConfig#resetOffsets()} chooses a start explicitly; the choice is committed at once.
 * Kafka's own {@code auto.offset.reset} is {@code none}, so nothing is ever skipped or re-read silently.
 *
 * <h2>Several processes in one group</h2>
 * A commit writes the offsets of its own partitions over those of the snapshot it commits on, and is validated to
 * commit on exactly that snapshot (an Iceberg append re-reads the table before committing, so without the
 * validation it could land on a newer snapshot and put back another process's older offsets). Before each attempt
 * it re-reads the table and checks that its partitions' stored offsets are exactly where the batch starts; if
 * another process moved them (it owned the partition meanwhile), the batch and every batch after it are dropped and
 * the consumer seeks to the stored offsets. A conflicting commit of another partition is simply retried on the new
 * snapshot. Iceberg's own retry is off for raw tables ({@link io.urbanflow.lake.RawTable#PROPERTIES}): it would
 * re-apply a stale offsets summary.
 *
 * <h2>Threads</h2>
 * The calling thread polls, decodes and writes rows into the open files of the current batch; a batch is sealed every
 * commit interval (or {@code commit-rows} messages) and handed to a committer thread, which closes its files and
 * commits, in order, while the next batch fills. At most two sealed batches wait, so a slow lake slows the consumer
 * instead of filling memory. Rebalances, stops and idle exits wait for every sealed batch. Offsets are also committed
 * to the Kafka group after each lake commit, for lag monitoring only.
 *
 * <p>{@link #stop()} and {@link #statistics()} may be called from any thread; {@link #run()} once.
 */
public final class IngestJob implements AutoCloseable {
    /** Snapshot summary key naming the commit, to recognise an own commit whose outcome was unknown. */
    public static final String COMMIT_ID = CommitOutcomes.COMMIT_ID;
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final int MAX_COMMIT_ATTEMPTS = 50;
    private static final int MAX_SEALED_BATCHES = 2;
    private static final long EXPIRE_EVERY_COMMITS = 100;
    private static final int RETAIN_LAST_SNAPSHOTS = 10;
    private static final Duration BROKER_CHECK_AFTER = Duration.ofSeconds(3);
    private static final Duration POLL_TIMEOUT_MAX = Duration.ofMillis(100);
    /** With {@code until-idle}, how long at least to wait for the group to assign partitions at all. */
    private static final Duration FIRST_ASSIGNMENT_TIMEOUT = Duration.ofSeconds(30);

    private final Lake lake;
    private final IngestConfig config;
    private final Clock clock;
    /** By topic. */
    private final Map<String, Bound> bound = new LinkedHashMap<>();
    /** Every table committed to, by name: the bindings' tables and rejected tables. */
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String processId = UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService committer;
    private final Deque<Future<?>> sealed = new ArrayDeque<>();
    /** Set by the committer when a batch found its partitions moved; cleared by the poll thread after resync. */
    private final AtomicBoolean moved = new AtomicBoolean();
    private volatile RuntimeException committerFailure;
    /** Offsets committed to the lake, for the Kafka group commit; written by the committer. */
    private final Map<TopicPartition, Long> lakeCommitted = new ConcurrentHashMap<>();
    private final AtomicBoolean lakeCommittedChanged = new AtomicBoolean();

    // Poll thread only
    private final Map<TopicPartition, PartitionState> owned = new HashMap<>();
    private final Set<TopicPartition> batchPartitions = new HashSet<>();
    private final ConsumedRecord consumed = new ConsumedRecord();
    private Map<String, BatchWriter> writers = new HashMap<>();
    private Map<String, RejectedMessages> rejects = new HashMap<>();
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

    private IngestJob(Lake lake, List<TopicBinding> bindings, IngestConfig config, Clock clock, UnaryOperator<Table> catalogView) {
        this.lake = lake;
        this.config = config;
        this.clock = clock;
        if (bindings.isEmpty()) {
            throw new UrbanFlowException("Cannot ingest: no topic to consume (no domain binds one, or --topic named none)");
        }
        for (TopicBinding binding : bindings) {
            Table table = tables.computeIfAbsent(binding.table().name(), name -> catalogView.apply(lake.create(binding.table())));
            Table rejected = tables.computeIfAbsent(binding.rejected().name(), name -> catalogView.apply(lake.create(binding.rejected())));
            if (bound.put(binding.topic(), new Bound(binding, table, rejected)) != null) {
                throw new UrbanFlowException("Cannot ingest: topic " + binding.topic() + " is bound twice");
            }
        }
        this.consumer = new KafkaConsumer<>(consumerProperties(config, processId));
        this.committer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "urbanflow-ingest-committer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects nothing yet: {@link #run()} subscribes and polls. Creates the bindings' tables when missing.
     *
     * @throws UrbanFlowException when there is no binding, a topic is bound twice, or a table cannot be created
     */
    public static IngestJob create(Lake lake, List<TopicBinding> bindings, IngestConfig config, Clock clock) {
        return new IngestJob(lake, bindings, config, clock, UnaryOperator.identity());
    }

    /** As {@link #create(Lake, List, IngestConfig, Clock)}, committing through {@code catalogView} of each table: tests. */
    static IngestJob create(Lake lake, List<TopicBinding> bindings, IngestConfig config, Clock clock, UnaryOperator<Table> catalogView) {
        return new IngestJob(lake, bindings, config, clock, catalogView);
    }

    /** The topics this job consumes, in binding order. */
    public List<String> topics() {
        return List.copyOf(bound.keySet());
    }

    static Properties consumerProperties(IngestConfig config, String processId) {
        Properties properties = new Properties();
        io.urbanflow.stream.KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "urbanflow-ingest-" + processId);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // every position comes from the lake's offsets (resync); an out-of-range one is an error, never a silent jump
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
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
     * @throws UrbanFlowException when the lake cannot be written, no broker answered for {@code until-idle}, or a
     *                            stored offset lies outside its partition's log and no reset was chosen
     */
    public IngestResult run() {
        long started = clock.millis();
        lastActivityMillis = started;
        long lastBrokerSeenMillis = started;
        consumer.subscribe(List.copyOf(bound.keySet()), new Rebalance());
        try {
            while (!stopRequested.get()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout());
                } catch (WakeupException e) {
                    break;
                } catch (OffsetOutOfRangeException e) {
                    sealAndWait();
                    throw outOfRange(e);
                } catch (org.apache.kafka.common.errors.AuthenticationException e) {
                    throw io.urbanflow.stream.Kafka.refused(config.bootstrapServers(), e);
                } catch (org.apache.kafka.common.KafkaException e) {
                    // a rebalance callback's own error (an offset outside the log, a lake that cannot be read)
                    if (e.getCause() instanceof UrbanFlowException cause) {
                        throw cause;
                    }
                    throw e;
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
                            + "is committed); check --bootstrap-servers or start one with: urbanflow broker", config.bootstrapServers());
                    reportedUnreachable = true;
                }
                if (config.untilIdle() != null && now - lastActivityMillis >= config.untilIdle().toMillis()) {
                    if (now - lastBrokerSeenMillis >= config.untilIdle().toMillis()) {
                        sealAndWait();
                        throw new UrbanFlowException("Cannot reach Kafka at " + config.bootstrapServers()
                                + ": no broker answered within " + config.untilIdle().toSeconds()
                                + "s; check --bootstrap-servers (" + IngestConfig.BOOTSTRAP_SERVERS + ") or start one with: urbanflow broker");
                    }
                    if (assigned) {
                        break;
                    }
                    // joining the group is not being idle, but a topic nobody can be assigned ends the wait too
                    long waitedMillis = now - started;
                    if (waitedMillis >= Math.max(config.untilIdle().toMillis(), FIRST_ASSIGNMENT_TIMEOUT.toMillis())) {
                        throw new UrbanFlowException("Cannot consume topics " + String.join(", ", bound.keySet()) + " at "
                                + config.bootstrapServers() + ": no partition was assigned within " + waitedMillis / 1000
                                + "s (does a topic exist?)");
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
            writers.values().forEach(BatchWriter::abort);
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private Duration pollTimeout() {
        if (batchMessages == 0) {
            return POLL_TIMEOUT_MAX;
        }
        long left = config.commitInterval().toMillis() - (clock.millis() - batchStartMillis);
        return Duration.ofMillis(Math.max(0, Math.min(left, POLL_TIMEOUT_MAX.toMillis())));
    }

    /** The hot path: decode into the binding's open files, or keep as a reject. */
    private void append(ConsumerRecords<byte[], byte[]> records, long nowMillis) {
        long ingestedAtMicros = nowMillis * 1_000L;
        Instant rejectedAt = null;
        // records come grouped by partition: look the partition and its writer up once per run of them
        TopicPartition lastPartition = null;
        PartitionState state = null;
        BatchWriter writer = null;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (lastPartition == null || record.partition() != lastPartition.partition() || !record.topic().equals(lastPartition.topic())) {
                lastPartition = new TopicPartition(record.topic(), record.partition());
                state = owned.get(lastPartition);
                writer = state == null ? null : writer(state.bound);
            }
            long offset = record.offset();
            if (state == null || offset < state.position) {
                continue; // not ours any more, or before a re-seek: never stored twice
            }
            byte[] value = record.value();
            String reason = value == null ? "empty message (null value)"
                    : writer.write(consumed.set(record.topic(), record.partition(), offset, record.key(), value, record.headers()),
                            ingestedAtMicros);
            if (reason != null && offset >= state.rejectedFilter) {
                if (rejectedAt == null) {
                    rejectedAt = Instant.ofEpochMilli(nowMillis);
                }
                rejects.computeIfAbsent(state.bound.binding.rejected().name(), name -> new RejectedMessages())
                        .add(record.topic(), record.partition(), offset, value, reason, rejectedAt);
                state.rejectedInBatch = true;
            }
            state.position = offset + 1;
            batchPartitions.add(lastPartition);
            batchMessages++;
            if (batchMessages >= config.commitRows()) {
                seal();
                writer = writer(state.bound);
            }
        }
    }

    private BatchWriter writer(Bound target) {
        BatchWriter writer = writers.get(target.binding.topic());
        if (writer == null) {
            writer = target.binding.decoder().open(target.table, "ingest-" + processId + "-" + batchNumber + "-" + writers.size());
            writers.put(target.binding.topic(), writer);
        }
        return writer;
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
        Map<String, TableCommit> byTable = new LinkedHashMap<>();
        // rejects first: only the rejected tables of topics that had rejects in this batch
        for (TopicPartition partition : batchPartitions) {
            PartitionState state = owned.get(partition);
            if (state.rejectedInBatch || state.forceRejectedCommit) {
                String name = state.bound.binding.rejected().name();
                TableCommit commit = byTable.computeIfAbsent("rejected:" + name, key -> new TableCommit(tables.get(name), true));
                commit.offsets(partition, state.rejectedExpected, state.position);
                state.rejectedExpected = state.position;
            }
        }
        for (Map.Entry<String, RejectedMessages> entry : rejects.entrySet()) {
            byTable.get("rejected:" + entry.getKey()).rejects = entry.getValue();
        }
        for (TopicPartition partition : batchPartitions) {
            PartitionState state = owned.get(partition);
            String name = state.bound.binding.table().name();
            TableCommit commit = byTable.computeIfAbsent("table:" + name, key -> new TableCommit(tables.get(name), false));
            commit.offsets(partition, state.expected, state.position);
            BatchWriter writer = writers.remove(partition.topic());
            if (writer != null) {
                commit.writers.add(writer);
            }
            state.expected = state.position; // as if this batch commits; a failure resyncs everything
            state.rejectedInBatch = false;
            state.forceRejectedCommit = false;
        }
        writers.values().forEach(BatchWriter::abort); // opened for partitions lost since: nothing of theirs is kept
        Batch batch = new Batch(processId + "-" + batchNumber, List.copyOf(byTable.values()));
        batchNumber++;
        writers = new HashMap<>();
        rejects = new HashMap<>();
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

    /** On the committer thread: one batch, rejected tables first, then the bindings' tables, each with its offsets. */
    private void commit(Batch batch) {
        if (moved.get() || committerFailure != null) {
            batch.abort(); // an earlier batch failed: this one starts where that one did not end
            return;
        }
        long rows = 0;
        long rejectRows = 0;
        long finishStart = System.nanoTime();
        List<List<DataFile>> written = new ArrayList<>();
        int committed = 0;
        try {
            for (TableCommit table : batch.tables) {
                rows += table.rows(); // before the files close: a finished writer counts none
                rejectRows += table.rejects == null ? 0 : table.rejects.size();
                written.add(table.finish());
            }
            CrashPoints.reach("files-written");
            long commitStart = System.nanoTime();
            finishNanos.addAndGet(commitStart - finishStart);
            for (int index = 0; index < batch.tables.size(); index++) {
                TableCommit table = batch.tables.get(index);
                commitWithOffsets(table, written.get(index), batch.id + "-" + index);
                committed = index + 1;
                CrashPoints.reach(table.rejected ? "rejects-committed" : "rows-committed");
            }
            commitNanos.addAndGet(System.nanoTime() - commitStart);
        } catch (PartitionMovedException e) {
            LOG.warn("Dropping a batch of {} rows: {}; resuming from the lake's offsets", rows, e.getMessage());
            batch.deleteUncommitted(written, committed);
            moved.set(true);
            return;
        } catch (CommitOutcomeUnknownException e) {
            // files of that commit may be referenced by a snapshot: delete none, leave them to orphan cleanup
            committerFailure = e;
            return;
        } catch (RuntimeException e) {
            batch.deleteUncommitted(written, committed);
            committerFailure = e instanceof UrbanFlowException ? e
                    : new UrbanFlowException("Cannot commit to the lake: " + e.getMessage(), e);
            return;
        }
        ingested.addAndGet(rows);
        rejectedCount.addAndGet(rejectRows);
        lastCommit = clock.instant();
        for (TableCommit table : batch.tables) {
            if (!table.rejected) {
                table.end.forEach((topic, ends) -> ends.forEach((partition, end) ->
                        lakeCommitted.put(new TopicPartition(topic, partition), end)));
            }
        }
        lakeCommittedChanged.set(true);
        if (commits.incrementAndGet() % EXPIRE_EVERY_COMMITS == 0) {
            expireSnapshots();
        }
    }

    private void commitWithOffsets(TableCommit commit, List<DataFile> files, String commitId) {
        Table table = commit.table;
        boolean outcomeUnknown = false;
        RuntimeException lastUnknown = null;
        for (int attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            if (outcomeUnknown) {
                // refreshes; throws CommitOutcomeUnknownException (nothing deleted) when the catalog cannot be read
                if (CommitOutcomes.landedAfter(table, commitId, lastUnknown)) {
                    return; // an attempt whose outcome was unknown did land
                }
                outcomeUnknown = false;
            } else {
                table.refresh();
            }
            Snapshot readFrom = table.currentSnapshot();
            AppendFiles append = table.newFastAppend();
            // Every topic's offsets are carried forward, not only this commit's: the newest snapshot, which no
            // expiry removes, holds them all, so a topic that idles while others commit keeps its offsets.
            Map<String, String> carried = CarriedSummary.offsets(table, readFrom);
            carried.forEach(append::set);
            for (Map.Entry<String, Map<Integer, Long>> topic : commit.end.entrySet()) {
                Map<Integer, Long> stored = new TreeMap<>(IngestOffsets.parse(carried.get(IngestOffsets.summaryKey(topic.getKey()))));
                for (Map.Entry<Integer, Long> entry : commit.expected.get(topic.getKey()).entrySet()) {
                    long storedOffset = stored.getOrDefault(entry.getKey(), -1L);
                    if (storedOffset != entry.getValue()) {
                        throw new PartitionMovedException(topic.getKey() + " partition " + entry.getKey()
                                + " was committed to " + table.name() + " by another process (stored offset " + storedOffset
                                + ", expected " + entry.getValue() + ")");
                    }
                }
                stored.putAll(topic.getValue());
                append.set(IngestOffsets.summaryKey(topic.getKey()), IngestOffsets.format(stored));
            }
            files.forEach(append::appendFile);
            append.set(COMMIT_ID, commitId);
            // The append re-reads the table before it commits; the offsets above are only right on top of the
            // snapshot they were read from, so any other parent fails validation and this loop starts over.
            append.validateWith(new ParentIs(readFrom == null ? null : readFrom.snapshotId()));
            try {
                append.commit();
                return;
            } catch (CommitFailedException | ValidationException e) {
                sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
            } catch (RuntimeException e) {
                // CommitStateUnknownException, a broken catalog connection...: the snapshot may be in the catalog
                outcomeUnknown = true;
                lastUnknown = e;
                sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
            }
        }
        if (outcomeUnknown && CommitOutcomes.landedAfter(table, commitId, lastUnknown)) {
            return;
        }
        throw new UrbanFlowException("Cannot commit to " + table.name() + ": " + MAX_COMMIT_ATTEMPTS
                + " attempts conflicted with other writers");
    }

    /**
     * Loads the stored offsets of the given partitions, checks them against the partitions' logs and seeks the
     * consumer there. Poll thread.
     */
    private void resync(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        while (!sealed.isEmpty()) {
            await(sealed.removeFirst()); // the committer shares the table objects
        }
        tables.values().forEach(Table::refresh);
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        List<String> outside = new ArrayList<>();
        List<TopicPartition> reset = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Bound target = bound.get(partition.topic());
            long storedRows = IngestOffsets.committed(target.table, partition.topic()).getOrDefault(partition.partition(), -1L);
            long storedRejected = IngestOffsets.committed(target.rejected, partition.topic()).getOrDefault(partition.partition(), -1L);
            PartitionState state = new PartitionState(target, storedRows, storedRejected);
            owned.put(partition, state);
            long beginning = beginnings.get(partition);
            long end = ends.get(partition);
            long start = storedRows >= 0 ? storedRows : beginning;
            if (storedRows >= 0 && (storedRows > end || storedRows < beginning)) {
                String where = storedRows > end ? "after the end of its log" : "before the start of its log";
                switch (config.resetOffsets()) {
                    case NONE -> outside.add("topic " + partition.topic() + " partition " + partition.partition()
                            + ": the lake's stored offset " + storedRows + " lies " + where + " (offsets " + beginning
                            + " to " + end + ")");
                    case EARLIEST -> start = beginning;
                    case LATEST -> start = end;
                    case LAKE -> start = storedRows;
                }
                if (config.resetOffsets() == OffsetReset.EARLIEST || config.resetOffsets() == OffsetReset.LATEST) {
                    LOG.warn("Topic {} partition {}: the lake's offset {} lies {} ({} to {}); starting at {} as "
                            + "--reset-offsets {} says", partition.topic(), partition.partition(), storedRows, where,
                            beginning, end, start, config.resetOffsets().name().toLowerCase(java.util.Locale.ROOT));
                    reset.add(partition);
                }
            }
            if (config.resetOffsets() == OffsetReset.LAKE && storedRows > end) {
                // the old rule: wait below the stored offset; messages under it are skipped
                consumer.seek(partition, end);
            } else {
                consumer.seek(partition, Math.max(start, beginning));
            }
            state.position = start;
        }
        if (!outside.isEmpty()) {
            owned.clear();
            throw new UrbanFlowException("Cannot resume ingest: " + String.join("; ", outside) + ". The topic was "
                    + "re-created, the broker lost its data, or retention deleted messages the lake never got. Choose: "
                    + "--reset-offsets earliest (read the log from its start), latest (only new messages) or lake "
                    + "(keep the lake's offsets)");
        }
        if (!reset.isEmpty()) {
            commitReset(reset);
        }
        LOG.debug("Resuming {} from the lake's offsets", partitions);
    }

    /** Commits the chosen start of reset partitions at once, with no rows, to both tables of their bindings. */
    private void commitReset(List<TopicPartition> partitions) {
        resetBatch();
        for (TopicPartition partition : partitions) {
            PartitionState state = owned.get(partition);
            state.forceRejectedCommit = true;
            batchPartitions.add(partition);
        }
        sealAndWait();
    }

    private UrbanFlowException outOfRange(OffsetOutOfRangeException e) {
        String partitions = e.offsetOutOfRangePartitions().entrySet().stream()
                .map(entry -> "topic " + entry.getKey().topic() + " partition " + entry.getKey().partition() + " at offset " + entry.getValue())
                .collect(Collectors.joining(", "));
        return new UrbanFlowException("Cannot consume " + partitions + ": the offset is no longer in the log (retention "
                + "deleted messages the lake never got). Restart with --reset-offsets earliest to accept the gap", e);
    }

    private void commitToKafka() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long total = 0;
        for (Map.Entry<TopicPartition, Long> entry : lakeCommitted.entrySet()) {
            PartitionState state = owned.get(entry.getKey());
            if (state == null) {
                continue;
            }
            offsets.put(entry.getKey(), new OffsetAndMetadata(entry.getValue()));
            // lag of the lake = lag of the consumer's position (known without a request) + consumed, not committed
            var positionLag = consumer.currentLag(entry.getKey());
            if (positionLag.isPresent()) {
                total += positionLag.getAsLong() + Math.max(0, state.position - entry.getValue());
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

    /**
     * Expires old snapshots of the tables committed to, keeping those that models' states point to (and every one
     * after them); one attempt each, so the ingest never waits for it: a conflict postpones it to the next time.
     */
    private void expireSnapshots() {
        ProtectedSnapshots protectedSnapshots;
        try {
            protectedSnapshots = ProtectedSnapshots.scan(lake);
        } catch (RuntimeException e) {
            LOG.debug("Snapshot expiry postponed: cannot read the models' states: {}", e.toString());
            return;
        }
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            try {
                SnapshotExpiry.expire(entry.getValue(), protectedSnapshots.of(entry.getKey()), config.snapshotRetention(),
                        RETAIN_LAST_SNAPSHOTS, clock, MaintenanceOptions.Mode.APPLY, 1);
            } catch (RuntimeException e) {
                LOG.debug("Snapshot expiry of {} postponed: {}", entry.getKey(), e.toString());
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
        writers.values().forEach(BatchWriter::abort);
        writers = new HashMap<>();
        rejects = new HashMap<>();
        batchPartitions.clear();
        owned.values().forEach(state -> state.rejectedInBatch = false);
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

    /** A binding with its tables loaded. */
    private record Bound(TopicBinding binding, Table table, Table rejected) {
    }

    /**
     * Where this process stands in one partition (poll thread). Offsets are next-offsets, -1 when nothing is
     * stored. {@code expected}/{@code rejectedExpected} are what the tables will hold once every sealed batch
     * commits; {@code rejectedFilter} is the rejected table's offset at the last resync.
     */
    private static final class PartitionState {
        final Bound bound;
        long expected;
        long rejectedExpected;
        final long rejectedFilter;
        long position;
        boolean rejectedInBatch;
        boolean forceRejectedCommit;

        PartitionState(Bound bound, long rowsStored, long rejectedStored) {
            this.bound = bound;
            this.expected = rowsStored;
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

    /** One table's part of a batch: its files (or rejects) and, per topic, the offsets it starts at and ends at. */
    private static final class TableCommit {
        final Table table;
        final boolean rejected;
        final List<BatchWriter> writers = new ArrayList<>();
        RejectedMessages rejects;
        final Map<String, Map<Integer, Long>> expected = new TreeMap<>();
        final Map<String, Map<Integer, Long>> end = new TreeMap<>();

        TableCommit(Table table, boolean rejected) {
            this.table = table;
            this.rejected = rejected;
        }

        void offsets(TopicPartition partition, long from, long to) {
            expected.computeIfAbsent(partition.topic(), key -> new TreeMap<>()).put(partition.partition(), from);
            end.computeIfAbsent(partition.topic(), key -> new TreeMap<>()).put(partition.partition(), to);
        }

        List<DataFile> finish() {
            List<DataFile> files = new ArrayList<>();
            for (BatchWriter writer : writers) {
                files.addAll(writer.finish());
            }
            if (rejects != null && !rejects.isEmpty()) {
                files.addAll(io.urbanflow.lake.TableWrites.write(table, rejects.rows()));
            }
            return files;
        }

        long rows() {
            long rows = 0;
            for (BatchWriter writer : writers) {
                rows += writer.rows();
            }
            return rows;
        }

        void abort() {
            writers.forEach(BatchWriter::abort);
        }
    }

    /** A sealed batch: one commit per table, rejected tables first. */
    private record Batch(String id, List<TableCommit> tables) {
        void abort() {
            tables.forEach(TableCommit::abort);
        }

        /** Deletes the files of the tables from {@code committed} on (finished ones) and aborts the unfinished ones. */
        void deleteUncommitted(List<List<DataFile>> written, int committed) {
            for (int index = committed; index < tables.size(); index++) {
                if (index < written.size()) {
                    io.urbanflow.lake.TableWrites.deleteQuietly(tables.get(index).table, written.get(index));
                } else {
                    tables.get(index).abort();
                }
            }
        }
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
            partitions.forEach(owned::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lastActivityMillis = clock.millis();
            assigned = true;
            afterCommits();
            resync(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            resetBatch();
            while (!sealed.isEmpty()) {
                await(sealed.removeFirst());
            }
            partitions.forEach(owned::remove);
        }
    }
}
