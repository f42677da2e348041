package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestOffsets;
import io.urbanflow.ingest.IngestStatistics;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.Durability;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.ingest.internal.PointFileWriter;
import io.urbanflow.mobility.ingest.internal.PointRow;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.mobility.stream.PointCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code urbanflow bench ingest}: in one process and one run, on an embedded broker and a temporary lake,
 * measures (a) the Kafka consume-only rate, (b) the lake write-only rate (decoded points to Parquet to Iceberg
 * commits), (c) the end-to-end exactly-once ingest rate, and (d) freshness: the time from a producer's send to the
 * message's offset being committed in the lake (visible to any reader that loads the table), p50 and p99, while
 * points are produced at a fixed rate. Prints a line per figure and last
 * {@code consume_only_rows_per_s=… write_only_rows_per_s=… ingest_rows_per_s=… efficiency=… freshness_p50_ms=… freshness_p99_ms=…}
 * with {@code efficiency = ingest / min(consume_only, write_only)}. Write-only and ingest both commit on a second
 * thread while the next batch fills, so they compare like with like.
 *
 * <p>Not thread-safe; run once.
 */
public final class IngestBenchmark {
    private static final String TOPIC = "bench.points";
    private static final String FRESHNESS_TOPIC = "bench.freshness";
    private static final int VEHICLES = 300;
    private static final int SAMPLE_EVERY = 100;

    /**
     * @param points            messages for (a), (b) and (c)
     * @param partitions        partitions of the benchmark topics
     * @param freshnessRate     messages per second produced during (d)
     * @param freshnessDuration how long (d) produces
     * @param commitInterval    the ingest's commit interval in (b), (c) and (d)
     * @param durability        the lakes' {@code lake.durability}, null for the default
     */
    public record Options(long points, int partitions, int freshnessRate, Duration freshnessDuration, Duration commitInterval,
                          Durability durability) {
        public Options {
            if (points < 1 || partitions < 1 || freshnessRate < 1 || freshnessDuration.isNegative()
                    || freshnessDuration.isZero() || commitInterval.isNegative() || commitInterval.isZero()) {
                throw new UrbanFlowException("Cannot run the ingest benchmark: points, partitions, rate and durations must be positive");
            }
            durability = durability == null ? Durability.POWER_LOSS : durability;
        }

        public static Options defaults() {
            return new Options(2_000_000, 3, 100_000, Duration.ofSeconds(10), Duration.ofSeconds(1), Durability.POWER_LOSS);
        }
    }

    /** The measured figures. Immutable. */
    public record Result(double consumeOnlyRowsPerSecond, double writeOnlyRowsPerSecond, double ingestRowsPerSecond,
            double freshnessP50Millis, double freshnessP99Millis) {
        public double efficiency() {
            return ingestRowsPerSecond / Math.min(consumeOnlyRowsPerSecond, writeOnlyRowsPerSecond);
        }

        public String line() {
            return String.format(Locale.ROOT, "consume_only_rows_per_s=%.0f write_only_rows_per_s=%.0f ingest_rows_per_s=%.0f "
                    + "efficiency=%.2f freshness_p50_ms=%.0f freshness_p99_ms=%.0f", consumeOnlyRowsPerSecond,
                    writeOnlyRowsPerSecond, ingestRowsPerSecond, efficiency(), freshnessP50Millis, freshnessP99Millis);
        }
    }

    /**
     * Where a run measures: its Kafka and a fresh lake per measurement. The default is the embedded one (one broker,
     * SQLite catalogs and local folders in the run's temporary folder); {@code bench ingest --stack distributed}
     * passes a three-node cluster with PostgreSQL catalogs and S3 warehouses.
     */
    public interface Target extends AutoCloseable {
        /** "embedded", "distributed": the label of the run's lines. */
        String name();

        String bootstrapServers();

        /** A lake of its own for one measurement, named {@code name} ("lake-write", "lake-ingest"). */
        LakeConfig lake(String name);

        @Override
        void close();
    }

    /** One broker and local lakes under {@code dir}. */
    public static Target embedded(Path dir) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        return new Target() {
            @Override
            public String name() {
                return "embedded";
            }

            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public LakeConfig lake(String name) {
                return LakeConfig.defaults(dir.resolve(name));
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    private final Options options;
    private final PrintWriter out;
    private final Clock clock;
    private Target target;

    public IngestBenchmark(Options options, PrintWriter out, Clock clock) {
        this.options = options;
        this.out = out;
        this.clock = clock;
    }

    /** Runs the four measurements on the embedded target in a temporary folder under {@code workDir}, deleted afterwards. */
    public Result run(Path workDir) {
        return run(workDir, IngestBenchmark::embedded);
    }

    /** Runs the four measurements on the target {@code start} makes in a temporary folder under {@code workDir}. */
    public Result run(Path workDir, java.util.function.Function<Path, Target> start) {
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "bench-ingest-");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create benchmark folder in " + workDir + ": " + e.getMessage(), e);
        }
        try (Target running = start.apply(dir)) {
            target = running;
            String servers = running.bootstrapServers();
            print("%s: Kafka at %s; producing %,d points to %s (%d partitions); lake.durability=%s", running.name(), servers,
                    options.points(), TOPIC, options.partitions(), options.durability().key());
            Kafka.ensureTopic(servers, TOPIC, options.partitions());
            Kafka.ensureTopic(servers, FRESHNESS_TOPIC, options.partitions());
            long produceStart = System.nanoTime();
            produceAll(servers);
            print("produced in %.1f s", seconds(System.nanoTime() - produceStart));

            double consumeOnly = consumeOnly(servers);
            print("(a) consume only: %,.0f rows/s", consumeOnly);
            double writeOnly = writeOnly(running.lake("lake-write"));
            print("(b) write only:   %,.0f rows/s", writeOnly);
            double[] freshness;
            double ingest;
            try (Lake lake = Lake.open(running.lake("lake-ingest").withDurability(options.durability()))) {
                ingest = ingest(lake, servers);
                print("(c) ingest:       %,.0f rows/s (exactly once, commit every %s)", ingest, options.commitInterval());
                freshness = freshness(lake, servers);
                print("(d) freshness at %,d points/s: p50 %.0f ms, p99 %.0f ms", options.freshnessRate(), freshness[0], freshness[1]);
            }
            Result result = new Result(consumeOnly, writeOnly, ingest, freshness[0], freshness[1]);
            out.println(result.line());
            out.flush();
            return result;
        } finally {
            deleteRecursively(dir);
        }
    }

    private void produceAll(String servers) {
        try (KafkaProducer<byte[], byte[]> producer = producer(servers, 50)) {
            PointGenerator generator = new PointGenerator();
            for (long i = 0; i < options.points(); i++) {
                GpsPoint point = generator.next();
                producer.send(new ProducerRecord<>(TOPIC, PointCodec.key(point), PointCodec.encode(point)));
            }
            producer.flush();
        }
    }

    private double consumeOnly(String servers) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(TOPIC)) {
                partitions.add(new TopicPartition(TOPIC, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long bytes = 0;
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            while (count < options.points()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    count++;
                    bytes += record.serializedValueSize();
                }
            }
            double elapsed = seconds(System.nanoTime() - start);
            print("    %,d messages, %.1f MB of values; %s", count, bytes / 1e6, cpu(cpuStart, elapsed));
            return count / elapsed;
        }
    }

    /**
     * Decoded points through the ingest's Parquet writer and offset commits, without Kafka: rows are written on this
     * thread and batches committed on a second one, at most two waiting, as the ingest does.
     */
    private double writeOnly(LakeConfig config) {
        java.util.concurrent.ExecutorService committer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Lake lake = Lake.open(config.withDurability(options.durability()))) {
            Table table = lake.create(MobilityTables.GPS_POINTS);
            java.util.ArrayDeque<java.util.concurrent.Future<?>> pending = new java.util.ArrayDeque<>();
            int batch = 0;
            PointFileWriter writer = new PointFileWriter(table, "bench-" + batch);
            PointGenerator generator = new PointGenerator();
            GpsPoint[] pool = new GpsPoint[100_000];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = generator.next();
            }
            PointRow row = new PointRow();
            long commitMillis = options.commitInterval().toMillis();
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            long batchStart = clock.millis();
            long commits = 0;
            for (long offset = 0; offset < options.points(); offset++) {
                GpsPoint point = pool[(int) (offset % pool.length)];
                row.vehicleId = point.vehicleId();
                row.epochMicros = point.epochMicros();
                row.latitude = point.latitude();
                row.longitude = point.longitude();
                row.occupancy = point.occupancy();
                row.source = point.source();
                row.kafkaPartition = 0;
                row.kafkaOffset = offset;
                row.ingestedAtMicros = batchStart * 1000;
                writer.add(row);
                if ((offset & 1023) == 0 && clock.millis() - batchStart >= commitMillis || offset == options.points() - 1) {
                    PointFileWriter sealed = writer;
                    long next = offset + 1;
                    while (pending.size() >= 2) {
                        await(pending.removeFirst());
                    }
                    pending.addLast(committer.submit(() -> commit(table, sealed.finish(), next)));
                    writer = new PointFileWriter(table, "bench-" + (++batch));
                    commits++;
                    batchStart = clock.millis();
                }
            }
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
            double elapsed = seconds(System.nanoTime() - start);
            print("    %,d rows in %d commits; %s", options.points(), commits, cpu(cpuStart, elapsed));
            return options.points() / elapsed;
        } finally {
            committer.shutdownNow();
        }
    }

    private static void await(java.util.concurrent.Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot finish the benchmark: interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new UrbanFlowException("Cannot benchmark lake writes: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static void commit(Table table, List<DataFile> files, long nextOffset) {
        table.refresh();
        AppendFiles append = table.newFastAppend();
        files.forEach(append::appendFile);
        append.set(IngestOffsets.summaryKey("bench.write-only"), "0:" + nextOffset);
        append.commit();
    }

    private double ingest(Lake lake, String servers) {
        String topic = TOPIC;
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(servers)
                .withGroup("bench-ingest").withCommitInterval(options.commitInterval());
        try (IngestJob job = IngestJob.create(lake, List.of(GpsPointDecoder.binding(topic)), config, clock)) {
            long cpuStart = processCpuNanos();
            long start = clock.millis();
            Thread runner = new Thread(job::run, "bench-ingest");
            runner.start();
            while (job.statistics().ingested() < options.points()) {
                sleep(20);
                if (!runner.isAlive()) {
                    throw new UrbanFlowException("Cannot benchmark ingest: the ingest stopped after "
                            + job.statistics().ingested() + " rows");
                }
            }
            long end = job.statistics().lastCommit().toEpochMilli();
            job.stop();
            join(runner);
            IngestStatistics statistics = job.statistics();
            print("    %,d rows in %d commits; closing files %,d ms, committing %,d ms; %s", statistics.ingested(),
                    statistics.commits(), statistics.fileFinishMillis(), statistics.commitMillis(),
                    cpu(cpuStart, (end - start) / 1000.0));
            return statistics.ingested() / ((end - start) / 1000.0);
        }
    }

    /** Produces at the fixed rate while an ingest runs; samples send times and when each offset became visible. */
    private double[] freshness(Lake lake, String servers) {
        String topic = FRESHNESS_TOPIC;
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(servers)
                .withGroup("bench-freshness").withCommitInterval(options.commitInterval());
        long total = (long) options.freshnessRate() * options.freshnessDuration().toSeconds();
        int samples = (int) ((total + SAMPLE_EVERY - 1) / SAMPLE_EVERY);
        long[] sentNanos = new long[samples];
        int[] samplePartition = new int[samples];
        long[] sampleOffset = new long[samples];
        Arrays.fill(sampleOffset, -1);
        long[] visibleNanos = new long[samples];
        Table table = lake.create(MobilityTables.GPS_POINTS);
        try (IngestJob job = IngestJob.create(lake, List.of(GpsPointDecoder.binding(topic)), config, clock);
                KafkaProducer<byte[], byte[]> producer = producer(servers, 1)) {
            Thread runner = new Thread(job::run, "bench-freshness-ingest");
            runner.start();
            // the group joins before the clock starts: freshness is about a running ingest
            while (job.statistics().commits() == 0 && runner.isAlive()) {
                GpsPoint warmUp = new PointGenerator().next();
                producer.send(new ProducerRecord<>(FRESHNESS_TOPIC, PointCodec.key(warmUp), PointCodec.encode(warmUp)));
                producer.flush();
                sleep(100);
            }
            long warmUpRows = job.statistics().ingested();
            Watcher watcher = new Watcher(table, sampleOffset, samplePartition, visibleNanos);
            Thread watching = new Thread(watcher, "bench-freshness-watcher");
            watching.setDaemon(true);
            watching.start();
            PointGenerator generator = new PointGenerator();
            long start = System.nanoTime();
            long nanosPerMessage = 1_000_000_000L / options.freshnessRate();
            for (long i = 0; i < total; i++) {
                long due = start + i * nanosPerMessage;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                GpsPoint point = generator.next();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(FRESHNESS_TOPIC, PointCodec.key(point), PointCodec.encode(point));
                if (i % SAMPLE_EVERY == 0) {
                    int sample = (int) (i / SAMPLE_EVERY);
                    sentNanos[sample] = System.nanoTime();
                    producer.send(record, (metadata, error) -> {
                        if (error == null) {
                            samplePartition[sample] = metadata.partition();
                            sampleOffset[sample] = metadata.offset();
                        }
                    });
                } else {
                    producer.send(record);
                }
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (job.statistics().ingested() < total + warmUpRows && System.nanoTime() < deadline) {
                sleep(20);
            }
            sleep(200);
            watcher.stop();
            job.stop();
            join(runner);
            join(watching);
        }
        double[] latencies = new double[samples];
        int count = 0;
        for (int i = 0; i < samples; i++) {
            if (visibleNanos[i] > 0) {
                latencies[count++] = (visibleNanos[i] - sentNanos[i]) / 1e6;
            }
        }
        if (count < samples) {
            print("    %d of %d sampled messages never became visible", samples - count, samples);
        }
        latencies = Arrays.copyOf(latencies, count);
        Arrays.sort(latencies);
        return new double[] {percentile(latencies, 0.50), percentile(latencies, 0.99)};
    }

    /** Loads the table's newest snapshot over and over and marks the sampled offsets it has committed. */
    private static final class Watcher implements Runnable {
        private final Table table;
        private final long[] sampleOffset;
        private final int[] samplePartition;
        private final long[] visibleNanos;
        private volatile boolean stopped;

        Watcher(Table table, long[] sampleOffset, int[] samplePartition, long[] visibleNanos) {
            this.table = table;
            this.sampleOffset = sampleOffset;
            this.samplePartition = samplePartition;
            this.visibleNanos = visibleNanos;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            int firstOpen = 0;
            while (!stopped) {
                table.refresh();
                long now = System.nanoTime();
                Map<Integer, Long> committed = IngestOffsets.committed(table, FRESHNESS_TOPIC);
                boolean allBefore = true;
                for (int i = firstOpen; i < sampleOffset.length; i++) {
                    long offset = sampleOffset[i];
                    if (visibleNanos[i] != 0) {
                        continue;
                    }
                    if (offset >= 0 && offset < committed.getOrDefault(samplePartition[i], 0L)) {
                        visibleNanos[i] = now;
                        if (allBefore) {
                            firstOpen = i + 1;
                        }
                    } else {
                        allBefore = false;
                    }
                }
                sleep(20);
            }
        }
    }

    static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static KafkaProducer<byte[], byte[]> producer(String servers, int lingerMillis) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMillis));
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(32L * 1024 * 1024));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String servers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(IngestConfig.DEFAULT_MAX_POLL_RECORDS));
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(properties);
    }

    /** Taxis around Rome, one fix each in turn, 10 ms apart: deterministic and cheap. */
    static final class PointGenerator {
        private final String[] vehicles = new String[VEHICLES];
        private long index;

        PointGenerator() {
            for (int i = 0; i < VEHICLES; i++) {
                vehicles[i] = Integer.toString(100 + i);
            }
        }

        GpsPoint next() {
            long i = index++;
            int vehicle = (int) (i % VEHICLES);
            double phase = i * 1e-4 + vehicle;
            // 7 decimals (1 cm), as GPS feeds send them; full 17-digit doubles would time the JDK's slow parse path
            return new GpsPoint(vehicles[vehicle], 1_391_212_800_000_000L + i * 10_000L,
                    Math.rint((41.9 + 0.05 * Math.sin(phase)) * 1e7) / 1e7, Math.rint((12.5 + 0.05 * Math.cos(phase)) * 1e7) / 1e7,
                    (int) (i % 3) - 1, "bench");
        }
    }

    private void print(String format, Object... arguments) {
        out.println(String.format(Locale.ROOT, format, arguments));
        out.flush();
    }

    /** CPU time of the whole process (broker included), to tell work from waiting on a busy machine. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static String cpu(long cpuStartNanos, double elapsedSeconds) {
        double cpuSeconds = (processCpuNanos() - cpuStartNanos) / 1e9;
        return String.format(Locale.ROOT, "process CPU %.1f s in %.1f s wall (%.2f cores)", cpuSeconds, elapsedSeconds,
                cpuSeconds / elapsedSeconds);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot finish the benchmark: interrupted");
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // left behind in the temporary folder
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left behind in the temporary folder
        }
    }
}
