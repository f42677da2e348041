package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.internal.ReplayPacer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the records of a {@link RecordSource} to Kafka, as fast as possible or paced by the data's clock.
 *
 * <p>Each message: the record's key, value and topic (or {@link ReplayOptions#topic()} in its place), timestamp =
 * the time of sending (not the data's time: years-old timestamps would make the broker's retention delete the data
 * at once), and two headers naming its source position: {@value SourcePositions#SOURCE_HEADER} (the source's name)
 * and {@value SourcePositions#SEQUENCE_HEADER} (the record's ordinal in the source, from 0, as decimal text). The
 * partition is chosen here, as Kafka's default partitioner would for the key (murmur2), so that a resumed replay
 * knows where each record went. The producer is idempotent with {@code acks=all}: each partition receives its
 * records in source order, without duplicates from retries, and what survives a crash is a prefix of them.
 *
 * <p>{@link #replay(RecordSource, RejectSink, Resume)} with {@link Resume#AFTER_LAST_SENT} reads, per partition,
 * the last position of the same source already in the topic ({@link SourcePositions}) and skips every record at or
 * before it: a replay killed at any moment and resumed sends every record exactly once.
 *
 * <p>Bad input lines go to the given {@link RejectSink} (a quarantine file, or a strict sink that stops the
 * replay). The first send that fails stops the replay; the result counts acknowledged and failed records.
 *
 * <p>One replay at a time per instance; {@link #requestStop} may be called from any thread (a shutdown hook).
 */
public final class ReplayProducer {
    /** Whether a replay sends the whole source or continues after what an earlier run of it sent. */
    public enum Resume { FROM_START, AFTER_LAST_SENT }

    private final ReplayOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ReplayProgress progress;
    private volatile boolean stopRequested;

    public ReplayProducer(ReplayOptions options, Clock clock, Sleeper sleeper, ReplayProgress progress) {
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
        this.progress = progress;
    }

    /** A replay on the system clock. */
    public static ReplayProducer create(ReplayOptions options, ReplayProgress progress) {
        return new ReplayProducer(options, Clock.systemUTC(), Sleeper.SYSTEM, progress);
    }

    /**
     * The producer settings a replay uses: idempotent, {@code acks=all}, batches and linger tuned for throughput
     * (measured with {@code urbanflow bench replay}), then {@code options.producerOverrides()}.
     */
    public static Map<String, Object> producerConfig(ReplayOptions options) {
        Map<String, Object> config = new HashMap<>();
        KafkaClients.addTo(config); // an external cluster's security settings, if any
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "urbanflow-replay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        // Measured with `urbanflow bench replay` on 2 shared cores, 2M points, ~114-byte values, 3 partitions:
        // Kafka's defaults (16 KB, linger 0) cost 3.5 CPU-us a message (producer and broker together); 256 KB-1 MB
        // batches with 10-20 ms linger 1.6-2.3 us; lz4 beat none (2.6 us, and 3x the bytes on disk), snappy, zstd.
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1024 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        config.putAll(options.producerOverrides());
        return config;
    }

    /** Ends a running replay after the record being sent: the result counts what was acknowledged until then. */
    public void requestStop() {
        stopRequested = true;
    }

    /** {@link #replay(RecordSource, RejectSink, Resume)} of the whole source. */
    public ReplayResult replay(RecordSource source, RejectSink rejects) {
        return replay(source, rejects, Resume.FROM_START);
    }

    /**
     * Replays the records of {@code source} to their topics and waits until the broker acknowledged them.
     *
     * @return acknowledged, skipped, rejected and failed counts; {@code failed > 0} means the replay stopped early
     * @throws UrbanFlowException when no broker answers, a topic cannot be created, the source cannot be read,
     *                            a topic override meets a source of several topics, or {@code rejects} stops the
     *                            replay (strict mode)
     */
    public ReplayResult replay(RecordSource source, RejectSink rejects, Resume resume) {
        List<String> sourceTopics = source.topics();
        if (options.topic() != null && sourceTopics.size() > 1) {
            throw new UrbanFlowException("Cannot replay " + source.name() + " to topic " + options.topic()
                    + ": its records go to " + sourceTopics.size() + " topics (" + String.join(", ", sourceTopics)
                    + "); leave out --topic");
        }
        List<String> topics = options.topic() != null ? List.of(options.topic()) : sourceTopics;
        Kafka.ensureReachable(options.bootstrapServers(), Kafka.DEFAULT_REACH_TIMEOUT);
        Map<String, Integer> partitions = new HashMap<>();
        for (String topic : topics) {
            Kafka.ensureTopic(options.bootstrapServers(), topic, options.partitions());
            partitions.put(topic, Kafka.partitionCount(options.bootstrapServers(), topic));
        }
        SourcePositions.Last sent = resume == Resume.AFTER_LAST_SENT
                ? SourcePositions.lastSent(options.bootstrapServers(), topics, source.name())
                : SourcePositions.Last.NONE;
        Sending sending = new Sending(source, partitions, sent, new ReplayPacer(options.speed(), clock, sleeper), clock.millis());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "urbanflow-replay-progress");
            thread.setDaemon(true);
            return thread;
        });
        long intervalMillis = Math.max(1, progress.interval().toMillis());
        ticker.scheduleAtFixedRate(() -> progress.update(sending.status()), intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        RuntimeException failure = null;
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(producerConfig(options), new ByteArraySerializer(), new ByteArraySerializer())) {
            sending.producer = producer;
            try {
                source.read(sending, reject -> {
                    rejects.reject(reject);
                    sending.rejected.increment();
                });
            } catch (StopReplay stop) {
                // requested, or a send failed: what was sent is flushed and counted below
            } catch (RuntimeException e) {
                failure = e;
            }
            producer.flush();
        } catch (KafkaException e) {
            failure = new UrbanFlowException("Cannot replay to Kafka at " + options.bootstrapServers() + ": " + e.getMessage(), e);
        } finally {
            ticker.shutdownNow();
            awaitTermination(ticker);
        }
        ReplayResult result = sending.result(clock.millis());
        progress.finish(result);
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private static void awaitTermination(ScheduledExecutorService ticker) {
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown through the source's read loop to end it early. */
    private static final class StopReplay extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopReplay() {
            super("replay stopped", null, false, false);
        }
    }

    /**
     * The per-record path: position, partition, pace, send. Counters written by the replaying thread are published
     * with lazySet (the progress thread only needs them eventually); acknowledgements arrive on the producer's I/O
     * thread through the one shared callback.
     */
    private final class Sending implements RecordSink, Callback {
        private final RecordSource source;
        private final byte[] sourceName;
        private final Map<String, Integer> partitions;
        private final SourcePositions.Last alreadySent;
        private final ReplayPacer pacer;
        private final long startMillis;
        private final AtomicLong submitted = new AtomicLong();
        private final AtomicLong latestEpochMicros = new AtomicLong(-1);
        private final LongAdder acknowledged = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final BooleanSupplier stopCheck = this::stopping;
        private long sequence;
        private long skipped;
        private long firstEpochMicros = -1;
        private boolean first = true;
        private KafkaProducer<byte[], byte[]> producer;

        Sending(RecordSource source, Map<String, Integer> partitions, SourcePositions.Last alreadySent, ReplayPacer pacer,
                long startMillis) {
            this.source = source;
            this.sourceName = source.name().getBytes(StandardCharsets.UTF_8);
            this.partitions = partitions;
            this.alreadySent = alreadySent;
            this.pacer = pacer;
            this.startMillis = startMillis;
        }

        @Override
        public void accept(SourceRecord record) {
            long position = sequence++;
            String topic = options.topic() != null ? options.topic() : record.topic();
            Integer count = partitions.get(topic);
            if (count == null) {
                throw new UrbanFlowException("Cannot replay " + source.name() + ": a record for topic " + topic
                        + " that the source did not announce (it named " + partitions.keySet() + ")");
            }
            int partition = SourcePositions.partition(record.key(), position, count);
            if (position <= alreadySent.sequence(topic, partition)) {
                skipped++;
                return;
            }
            long eventTime = record.eventTimeMicros();
            if (eventTime >= 0) {
                try {
                    pacer.await(eventTime, stopCheck);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StopReplay();
                }
            }
            if (stopping()) {
                throw new StopReplay();
            }
            if (first) {
                first = false;
                firstEpochMicros = eventTime;
                progress.firstRecord(record, source.zone());
            }
            List<Header> headers = List.of(new RecordHeader(SourcePositions.SOURCE_HEADER, sourceName),
                    new RecordHeader(SourcePositions.SEQUENCE_HEADER, Long.toString(position).getBytes(StandardCharsets.US_ASCII)));
            try {
                producer.send(new ProducerRecord<>(topic, partition, null, record.key(), record.value(), headers), this);
            } catch (KafkaException e) {
                onCompletion(null, e);
                throw new StopReplay();
            }
            submitted.lazySet(submitted.get() + 1);
            if (eventTime >= 0) {
                latestEpochMicros.lazySet(eventTime);
            }
        }

        private boolean stopping() {
            return stopRequested || firstFailure.get() != null;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                acknowledged.increment();
            } else {
                failed.increment();
                firstFailure.compareAndSet(null, exception);
            }
        }

        ReplayStatus status() {
            return new ReplayStatus(submitted.get(), acknowledged.sum(), rejected.sum(), clock.millis() - startMillis,
                    latestEpochMicros.get(), options.speed());
        }

        ReplayResult result(long nowMillis) {
            Exception failure = firstFailure.get();
            return new ReplayResult(acknowledged.sum(), skipped, rejected.sum(), failed.sum(),
                    failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                    nowMillis - startMillis, firstEpochMicros, latestEpochMicros.get());
        }
    }
}
