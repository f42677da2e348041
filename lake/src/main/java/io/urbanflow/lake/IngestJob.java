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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
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
 * A commit writes the offsets of its own partitions over those of the snapshot it commits on. Before each attempt
 * it re-reads the table and checks that its partitions' stored offsets are still the ones this process last
 * stored or loaded; if another process moved them (it owned the partition meanwhile), this process drops its batch
 * and seeks to the stored offsets. A conflicting commit of another partition is simply retried on the new snapshot.
 * Iceberg's own retry is off for these tables ({@link LakeTables}): it would re-apply a stale offsets summary.
 *
 * <p>Offsets are also committed to the Kafka group after each lake commit, for lag monitoring only.
 *
 * <p>Runs on the thread that calls {@link #run()}; {@link #stop()} and {@link #statistics()} may be called from
 * any thread.
 */
public final class IngestJob implements AutoCloseable {
    /** Snapshot summary key naming the commit, to recognise an own commit whose outcome was unknown. */
    public static final String COMMIT_ID = "urbanflow.commit-id";
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    private static final int MAX_COMMIT_ATTEMPTS = 50;
    private static final long EXPIRE_EVERY_COMMITS = 100;
    private static final Duration BROKER_CHECK_AFTER = Duration.ofSeconds(3);
    private static final Duration POLL_TIMEOUT_MAX = Duration.ofMillis(200);

    private final IngestConfig config;
    private final Clock clock;
    private final Table points;
    private final Table rejected;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String processId = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Integer, PartitionState> owned = new HashMap<>();
    private final Set<Integer> batchPartitions = new HashSet<>();
    private final PointFileWriter pointFiles;
    private final RejectedMessages rejects = new RejectedMessages();
    private final PointRow row = new PointRow();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicLong ingested = new AtomicLong();
    private final AtomicLong rejectedCount = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private volatile long lag = -1;
    private volatile Instant lastCommit;
    private long batchStartMillis = -1;
    /** Last time messages arrived or partitions were assigned: the start of an idle period. */
    private long lastActivityMillis;
    private long batchMessages;
    private long batchRejects;
    private long batchNumber;
    private Metric connectionCount;
    private boolean reportedUnreachable;

    private IngestJob(Lake lake, IngestConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.points = LakeTables.gpsPoints(lake);
        this.rejected = LakeTables.gpsPointsRejected(lake);
        this.pointFiles = new PointFileWriter(points, "ingest-" + processId);
        this.consumer = new KafkaConsumer<>(consumerProperties(config, processId));
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
                long now = clock.millis();
                if (!records.isEmpty()) {
                    if (batchStartMillis < 0) {
                        batchStartMillis = now;
                    }
                    lastActivityMillis = now;
                    append(records, now);
                }
                if (batchMessages >= config.commitRows()
                        || (batchMessages > 0 && now - batchStartMillis >= config.commitInterval().toMillis())) {
                    commitBatch();
                }
                if (brokerConnected()) {
                    lastBrokerSeenMillis = now;
                    if (reportedUnreachable) {
                        LOG.info("Kafka at {} answers again; ingesting", config.bootstrapServers());
                        reportedUnreachable = false;
                    }
                } else if (now - lastBrokerSeenMillis >= BROKER_CHECK_AFTER.toMillis() && !reportedUnreachable) {
                    LOG.warn("Cannot reach Kafka at {}: no broker answers; retrying with backoff (everything consumed so far is committed)",
                            config.bootstrapServers());
                    reportedUnreachable = true;
                }
                if (config.untilIdle() != null && now - lastActivityMillis >= config.untilIdle().toMillis()) {
                    if (now - lastBrokerSeenMillis >= config.untilIdle().toMillis()) {
                        commitBatch();
                        throw new UrbanFlowException("Cannot reach Kafka at " + config.bootstrapServers()
                                + ": no broker answered within " + config.untilIdle().toSeconds()
                                + "s. Start one with: urbanflow broker");
                    }
                    break;
                }
            }
            commitBatch();
        } catch (WakeupException e) {
            commitBatch();
        }
        return new IngestResult(ingested.get(), rejectedCount.get(), commits.get(), Duration.ofMillis(clock.millis() - started));
    }

    /** Asks {@link #run()} to commit what it consumed and return. Thread-safe. */
    public void stop() {
        stopRequested.set(true);
        consumer.wakeup();
    }

    /** Counts so far. Thread-safe. */
    public IngestStatistics statistics() {
        return new IngestStatistics(ingested.get(), rejectedCount.get(), commits.get(), lag, lastCommit);
    }

    @Override
    public void close() {
        try {
            pointFiles.abort();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
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
                if (offset >= state.rejectedCommitted) {
                    if (rejectedAt == null) {
                        rejectedAt = Instant.ofEpochMilli(nowMillis);
                    }
                    rejects.add(record.topic(), record.partition(), offset, value, e.reason(), rejectedAt);
                    batchRejects++;
                }
            }
            state.position = offset + 1;
            batchPartitions.add(record.partition());
            batchMessages++;
            if (batchMessages >= config.commitRows() && !commitBatch()) {
                return; // the consumer was re-seeked: the rest of these records come again
            }
        }
    }

    /**
     * Commits the batch (rejects first, then points) with the offsets it consumed; see the class comment.
     *
     * @return false when the batch was dropped because another process committed one of its partitions, and the
     *         consumer was seeked back to the lake's offsets
     */
    private boolean commitBatch() {
        if (batchPartitions.isEmpty()) {
            resetBatch();
            return true;
        }
        Map<Integer, Long> end = new TreeMap<>();
        Map<Integer, Long> expectedPoints = new TreeMap<>();
        Map<Integer, Long> expectedRejected = new TreeMap<>();
        for (int partition : batchPartitions) {
            PartitionState state = owned.get(partition);
            end.put(partition, state.position);
            expectedPoints.put(partition, state.pointsCommitted);
            expectedRejected.put(partition, state.rejectedCommitted);
        }
        long rows = pointFiles.rows();
        List<DataFile> pointData = pointFiles.finish();
        List<DataFile> rejectData = rejects.isEmpty() ? List.of() : TableWrites.write(rejected, rejects.rows());
        String commitId = processId + "-" + (++batchNumber);
        boolean rejectsCommitted = rejectData.isEmpty();
        try {
            if (!rejectData.isEmpty()) {
                commitWithOffsets(rejected, rejectData, end, expectedRejected, commitId + "-rejected");
                rejectsCommitted = true;
                end.forEach((partition, next) -> owned.get(partition).rejectedCommitted = next);
            }
            commitWithOffsets(points, pointData, end, expectedPoints, commitId);
        } catch (PartitionMovedException e) {
            LOG.warn("Dropping a batch of {} messages: {}; resuming from the lake's offsets", batchMessages, e.getMessage());
            PointFileWriter.delete(points, pointData);
            if (!rejectsCommitted) {
                PointFileWriter.delete(rejected, rejectData);
            }
            resetBatch();
            resync(new ArrayList<>(owned.keySet()));
            return false;
        } catch (RuntimeException e) {
            PointFileWriter.delete(points, pointData);
            if (!rejectsCommitted) {
                PointFileWriter.delete(rejected, rejectData);
            }
            throw e;
        }
        end.forEach((partition, next) -> owned.get(partition).pointsCommitted = next);
        ingested.addAndGet(rows);
        rejectedCount.addAndGet(batchRejects);
        commits.incrementAndGet();
        lastCommit = clock.instant();
        commitToKafka(end);
        updateLag(end.keySet());
        resetBatch();
        if (commits.get() % EXPIRE_EVERY_COMMITS == 0) {
            expireSnapshots();
        }
        return true;
    }

    private void commitWithOffsets(Table table, List<DataFile> files, Map<Integer, Long> end,
            Map<Integer, Long> expected, String commitId) {
        String key = IngestOffsets.summaryKey(config.topic());
        for (int attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
            table.refresh();
            if (attempt > 1 && committedEarlier(table, commitId)) {
                return; // an attempt whose outcome was unknown did land
            }
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
            try {
                append.commit();
                return;
            } catch (CommitFailedException | CommitStateUnknownException e) {
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

    /** Loads the stored offsets of the given partitions and seeks the consumer there. */
    private void resync(Collection<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
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
            if (state.pointsCommitted >= 0) {
                consumer.seek(topicPartition, state.pointsCommitted);
                state.position = state.pointsCommitted;
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

    private void commitToKafka(Map<Integer, Long> end) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        end.forEach((partition, next) -> offsets.put(new TopicPartition(config.topic(), partition), new OffsetAndMetadata(next)));
        try {
            consumer.commitAsync(offsets, (committed, error) -> {
                // for lag monitoring only: the lake holds the offsets that count
            });
        } catch (RuntimeException e) {
            LOG.debug("Kafka offset commit for monitoring failed: {}", e.toString());
        }
    }

    private void updateLag(Set<Integer> partitions) {
        long total = 0;
        for (int partition : partitions) {
            var partitionLag = consumer.currentLag(new TopicPartition(config.topic(), partition));
            if (partitionLag.isPresent()) {
                total += partitionLag.getAsLong();
            }
        }
        lag = total;
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
        rejects.clear();
        batchPartitions.clear();
        batchStartMillis = -1;
        batchMessages = 0;
        batchRejects = 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where this process stands in one partition; offsets are next-offsets, -1 when nothing is stored. */
    private static final class PartitionState {
        long pointsCommitted;
        long rejectedCommitted;
        long position;

        PartitionState(long pointsCommitted, long rejectedCommitted) {
            this.pointsCommitted = pointsCommitted;
            this.rejectedCommitted = rejectedCommitted;
        }
    }

    /** Another process committed one of this batch's partitions: the batch must not be committed. */
    private static final class PartitionMovedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PartitionMovedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Called inside {@code poll} on the ingest thread. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitBatch();
            partitions.forEach(partition -> owned.remove(partition.partition()));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            lastActivityMillis = clock.millis();
            resync(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            resetBatch();
            partitions.forEach(partition -> owned.remove(partition.partition()));
        }
    }
}
