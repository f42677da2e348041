package io.urbanflow.stream;

import io.urbanflow.model.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.PointSink;
import io.urbanflow.sources.PointSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.stream.internal.ReplayPacer;
import java.time.Clock;
import java.util.HashMap;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the points of a {@link PointSource} to a Kafka topic, as fast as possible or paced by the data's clock.
 *
 * <p>Each record: key = vehicle id ({@link PointCodec#key}), value = {@link PointCodec#encode}, record timestamp =
 * the time of sending (not the point's time: years-old timestamps would make the broker's retention delete the
 * data at once). The producer is idempotent with {@code acks=all}, so each vehicle's points land in one partition
 * in source order, without duplicates from retries. The topic is created if missing.
 *
 * <p>Bad input lines go to the given {@link RejectSink} (a quarantine file, or a strict sink that stops the
 * replay). The first send that fails stops the replay; the result counts acknowledged and failed points.
 *
 * <p>One replay at a time per instance; {@link #requestStop} may be called from any thread (a shutdown hook).
 */
public final class ReplayProducer {
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

    /** Ends a running replay after the point being sent: the result counts what was acknowledged until then. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Replays every point of {@code source} to the topic and waits until the broker acknowledged them.
     *
     * @return acknowledged, rejected and failed counts; {@code failed > 0} means the replay stopped early
     * @throws UrbanFlowException when no broker answers, the topic cannot be created, the source cannot be read,
     *                            or {@code rejects} stops the replay (strict mode)
     */
    public ReplayResult replay(PointSource source, RejectSink rejects) {
        Kafka.ensureReachable(options.bootstrapServers(), Kafka.DEFAULT_REACH_TIMEOUT);
        Kafka.ensureTopic(options.bootstrapServers(), options.topic(), options.partitions());
        Sending sending = new Sending(options.topic(), new ReplayPacer(options.speed(), clock, sleeper), clock.millis());
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
     * The per-point path: pace, encode, send. Counters written by the replaying thread are published with
     * lazySet (the progress thread only needs them eventually); acknowledgements arrive on the producer's I/O
     * thread through the one shared callback.
     */
    private final class Sending implements PointSink, Callback {
        private final String topic;
        private final ReplayPacer pacer;
        private final long startMillis;
        private final AtomicLong submitted = new AtomicLong();
        private final AtomicLong latestEpochMicros = new AtomicLong(-1);
        private final LongAdder acknowledged = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
        private final BooleanSupplier stopCheck = this::stopping;
        private long firstEpochMicros = -1;
        private KafkaProducer<byte[], byte[]> producer;

        Sending(String topic, ReplayPacer pacer, long startMillis) {
            this.topic = topic;
            this.pacer = pacer;
            this.startMillis = startMillis;
        }

        @Override
        public void accept(GpsPoint point) {
            try {
                pacer.await(point.epochMicros(), stopCheck);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StopReplay();
            }
            if (stopping()) {
                throw new StopReplay();
            }
            if (firstEpochMicros < 0) {
                firstEpochMicros = point.epochMicros();
                progress.firstPoint(point);
            }
            try {
                producer.send(new ProducerRecord<>(topic, PointCodec.key(point), PointCodec.encode(point)), this);
            } catch (KafkaException e) {
                onCompletion(null, e);
                throw new StopReplay();
            }
            submitted.lazySet(submitted.get() + 1);
            latestEpochMicros.lazySet(point.epochMicros());
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
            return new ReplayResult(acknowledged.sum(), rejected.sum(), failed.sum(),
                    failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                    nowMillis - startMillis, firstEpochMicros, latestEpochMicros.get());
        }
    }
}
