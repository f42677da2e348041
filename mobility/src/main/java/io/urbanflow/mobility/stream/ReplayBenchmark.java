package io.urbanflow.mobility.stream;

import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.sources.CrawdadFileWriter;
import io.urbanflow.mobility.sources.ParseBenchmark;
import io.urbanflow.mobility.sources.GpsFormats;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code urbanflow bench replay}: the replay path measured stage by stage in one process, on synthetic points in
 * the Rome CRAWDAD format: parse (the real reader), encode and decode ({@link PointCodec}), produce pre-encoded
 * records to an embedded broker with the replay's producer settings ({@code acks=all}, idempotent; after a warm-up
 * with a fifth of them to another topic), and the whole
 * replay (parse + encode + produce). Each CPU-bound stage is the best of three rounds, so the JIT has warmed up.
 * Everything lives in a temporary folder that is deleted afterwards. Figures depend on the machine and its load.
 */
public final class ReplayBenchmark {
    private static final String TOPIC = "bench.points";
    private static final String WARM_UP_TOPIC = "bench.warm-up";
    private static final int ROUNDS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReplayBenchmark() {
    }

    /**
     * What was measured. Immutable.
     *
     * @param points                   points written, parsed, encoded and produced
     * @param valueBytes               average size of an encoded value
     * @param parsePointsPerSecond     Rome CRAWDAD lines parsed into points per second, one thread
     * @param encodeMessagesPerSecond  points encoded per second, one thread
     * @param decodeMessagesPerSecond  values decoded (and validated) per second, one thread
     * @param produceMessagesPerSecond pre-encoded records acknowledged per second by the embedded broker (acks=all)
     * @param replayPointsPerSecond    the whole replay of the file: parse, encode, produce, acknowledged
     */
    public record Figures(long points, double valueBytes, double parsePointsPerSecond, double encodeMessagesPerSecond,
                          double decodeMessagesPerSecond, double produceMessagesPerSecond, double replayPointsPerSecond) {
        /** The last line of the benchmark's output. */
        public String keyValueLine() {
            return String.format(Locale.ROOT,
                    "parse_points_per_s=%.0f produce_msgs_per_s=%.0f encode_msgs_per_s=%.0f decode_msgs_per_s=%.0f "
                            + "replay_points_per_s=%.0f points=%d value_bytes=%.1f",
                    parsePointsPerSecond, produceMessagesPerSecond, encodeMessagesPerSecond, decodeMessagesPerSecond,
                    replayPointsPerSecond, points, valueBytes);
        }
    }

    /**
     * Runs the benchmark, printing a line per stage to {@code out}, and returns the figures.
     *
     * @param points            how many points (at least 1,000)
     * @param partitions        partitions of the benchmark topic
     * @param producerOverrides producer settings replacing the replay's defaults, to try other tunings
     * @throws UrbanFlowException when the broker does not start or records are not acknowledged
     */
    public static Figures run(int points, int partitions, Map<String, String> producerOverrides, PrintWriter out) {
        if (points < 1_000) {
            throw new UrbanFlowException("Cannot run the replay benchmark: --points must be at least 1000, not " + points);
        }
        Path work;
        try {
            work = Files.createTempDirectory("urbanflow-bench-replay-");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot run the replay benchmark: no temporary folder: " + e.getMessage(), e);
        }
        try {
            return run(work, points, partitions, producerOverrides, out);
        } finally {
            deleteRecursively(work);
        }
    }

    private static Figures run(Path work, int points, int partitions, Map<String, String> producerOverrides, PrintWriter out) {
        Path file = work.resolve("taxi_february.txt");
        long start = System.nanoTime();
        long bytes = CrawdadFileWriter.write(file, points, 7);
        say(out, "wrote %,d Rome CRAWDAD lines (%.1f MB) in %.1f s", points, bytes / 1e6, seconds(start));

        double parse = ParseBenchmark.crawdadPointsPerSecond(file, ROUNDS);
        say(out, "parse   %,12.0f points/s  (rome-crawdad reader, best of %d)", parse, ROUNDS);

        GpsPoint[] parsed = readAll(file, points);
        double encode = 0;
        double encodeCpu = 0;
        long valueBytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Timed rounds drop their output, as a producer does once a record is sent: keeping millions of
            // values alive would time the garbage collector's old generation instead of the encoder.
            valueBytes = 0;
            long roundStart = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            for (int index = 0; index < points; index++) {
                valueBytes += PointCodec.encode(parsed[index]).length;
            }
            encode = Math.max(encode, points / seconds(roundStart));
            encodeCpu = Math.max(encodeCpu, points * 1e9 / (THREADS.getCurrentThreadCpuTime() - cpuStart));
        }
        byte[][] values = new byte[points][];
        for (int index = 0; index < points; index++) {
            values[index] = PointCodec.encode(parsed[index]);
        }
        say(out, "encode  %,12.0f msgs/s    (PointCodec v1 JSON, %.1f bytes a value, best of %d; %,.0f per CPU-second)",
                encode, (double) valueBytes / points, ROUNDS, encodeCpu);

        double decode = 0;
        double decodeCpu = 0;
        long checksum = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long roundStart = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            for (byte[] value : values) {
                checksum += PointCodec.decode(value).epochMicros();
            }
            decode = Math.max(decode, points / seconds(roundStart));
            decodeCpu = Math.max(decodeCpu, points * 1e9 / (THREADS.getCurrentThreadCpuTime() - cpuStart));
        }
        say(out, "decode  %,12.0f msgs/s    (hand-written scanner + validation, best of %d; %,.0f per CPU-second)",
                decode, ROUNDS, decodeCpu);
        if (checksum == 42) {
            out.println(); // keeps the JIT from dropping the decodes
        }

        byte[][] keys = keysOf(parsed);
        parsed = null; // the broker and producer get the heap the points held

        double produce;
        double replay;
        start = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), 0)) {
            say(out, "embedded broker up at %s in %.1f s", broker.bootstrapServers(), seconds(start));
            ReplayOptions options = ReplayOptions.defaults(broker.bootstrapServers()).withTopic(TOPIC)
                    .withPartitions(partitions).withProducerOverrides(producerOverrides);
            Kafka.ensureTopic(broker.bootstrapServers(), TOPIC, partitions);
            Kafka.ensureTopic(broker.bootstrapServers(), WARM_UP_TOPIC, partitions);
            Map<String, Object> config = ReplayProducer.producerConfig(options);
            say(out, "producer: acks=%s idempotence=%s batch.size=%s linger.ms=%s compression=%s max.in.flight=%s",
                    config.get("acks"), config.get("enable.idempotence"), config.get("batch.size"), config.get("linger.ms"),
                    config.get("compression.type"), config.get("max.in.flight.requests.per.connection"));
            double[] produced = produce(config, keys, values);
            produce = produced[0];
            say(out, "produce %,12.0f msgs/s    (pre-encoded, %d partitions, acks=all, all acknowledged; "
                    + "%.2f CPU-microseconds a message for producer and broker together)", produce, partitions, produced[1]);
            values = null;
            keys = null;

            RecordSource source = GpsFormats.byName("rome-crawdad").open(file, SourceOptions.defaults());
            ReplayResult result = ReplayProducer.create(options.withTopic(TOPIC + ".replay"), ReplayProgress.silent())
                    .replay(source, reject -> { });
            if (result.sent() != points) {
                throw new UrbanFlowException("Cannot trust the replay benchmark: " + result.sent() + " of " + points
                        + " points acknowledged" + (result.firstFailure() == null ? "" : ": " + result.firstFailure()));
            }
            replay = result.recordsPerSecond();
            say(out, "replay  %,12.0f points/s  (parse + encode + produce, as urbanflow replay --speed max)", replay);
        }
        return new Figures(points, (double) valueBytes / points, parse, encode, decode, produce, replay);
    }

    /** Records per second, and process CPU microseconds per record (broker and producer share this process). */
    private static double[] produce(Map<String, Object> config, byte[][] keys, byte[][] values) {
        LongAdder acknowledged = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, exception) -> {
            if (exception == null) {
                acknowledged.increment();
            } else {
                failure.compareAndSet(null, exception);
            }
        };
        long start;
        long nanos;
        long cpuStart;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Set-up is not throughput: the first metadata and producer-id requests, and the JIT compiling the
            // producer's and the broker's paths, are done with a warm-up fifth of the records to another topic.
            int warmUp = values.length / 5;
            for (int index = 0; index < warmUp; index++) {
                producer.send(new ProducerRecord<>(WARM_UP_TOPIC, keys[index], values[index]), callback);
            }
            producer.flush();
            acknowledged.reset();
            producer.partitionsFor(TOPIC);
            start = System.nanoTime();
            cpuStart = processCpuNanos();
            for (int index = 0; index < values.length && failure.get() == null; index++) {
                producer.send(new ProducerRecord<>(TOPIC, keys[index], values[index]), callback);
            }
            producer.flush();
            nanos = System.nanoTime() - start;
        }
        if (failure.get() != null || acknowledged.sum() != values.length) {
            throw new UrbanFlowException("Cannot trust the replay benchmark: " + acknowledged.sum() + " of " + values.length
                    + " records acknowledged" + (failure.get() == null ? "" : ": " + failure.get()));
        }
        return new double[] {values.length * 1e9 / nanos, (processCpuNanos() - cpuStart) / 1e3 / values.length};
    }

    private static GpsPoint[] readAll(Path file, int points) {
        GpsPoint[] parsed = new GpsPoint[points];
        int[] count = new int[1];
        ReadSummary summary = GpsSources.open(file, SourceOptions.defaults().withFormat("rome-crawdad"))
                .read(point -> parsed[count[0]++] = point, reject -> { });
        if (summary.accepted() != points || summary.rejected() != 0) {
            throw new UrbanFlowException("Cannot trust the replay benchmark: read " + summary.accepted() + " points and "
                    + summary.rejected() + " rejects from " + points + " lines");
        }
        return parsed;
    }

    /** One key array per vehicle, shared by its records, as a producer of a real fleet would hold. */
    private static byte[][] keysOf(GpsPoint[] points) {
        Map<String, byte[]> byVehicle = new HashMap<>();
        byte[][] keys = new byte[points.length][];
        for (int index = 0; index < points.length; index++) {
            GpsPoint point = points[index];
            keys[index] = byVehicle.computeIfAbsent(point.vehicleId(), vehicle -> PointCodec.key(point));
        }
        return keys;
    }

    /** CPU time of the whole process: what the broker and the producer used together, whatever else the machine runs. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
        return system instanceof com.sun.management.OperatingSystemMXBean process ? process.getProcessCpuTime() : 0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void say(PrintWriter out, String format, Object... arguments) {
        out.println(String.format(Locale.ROOT, format, arguments));
        out.flush();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is not worth failing a finished benchmark for
        }
    }
}
