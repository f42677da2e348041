package io.urbanflow.clickstream;

import io.urbanflow.clickstream.internal.EventParser;
import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.ingest.IngestStatistics;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplayProducer;
import io.urbanflow.stream.ReplayProgress;
import io.urbanflow.stream.ReplayResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code urbanflow bench clickstream [--events 2000000]}: in one process, on an embedded broker and a temporary lake,
 * generates a synthetic shop day of about that many events, replays it to the four topics, ingests them exactly once
 * into the raw tables ({@link IngestJob} with the domain's bindings), checks that every message landed once, then
 * builds the stage and every mart in full. Also measures the JSON decoding alone (messages to rows, in memory). Prints
 * a line per step and last
 * {@code ingest_events_per_s=… json_decode_events_per_s=… marts_events_per_s=…}, where ingest is Kafka to committed
 * lake rows (first poll to last commit) and marts is events over the stage and marts' build time.
 *
 * <p>Not thread-safe; run once.
 */
public final class ClickstreamBenchmark {
    /** Events per new visitor of the synthetic shop's day, to size the generator (measured: about 10.9). */
    private static final double EVENTS_PER_VISITOR = 10.9;
    private static final int DECODE_SAMPLE = 200_000;

    /**
     * @param events         about how many events to generate (all four kinds)
     * @param partitions     partitions of each topic
     * @param commitInterval the ingest's commit interval
     * @param workDir        where the temporary broker and lake go (deleted afterwards)
     */
    public record Options(long events, int partitions, Duration commitInterval, Path workDir) {
        public Options {
            if (events < 1_000 || events > 200_000_000L) {
                throw new UrbanFlowException("Cannot run the clickstream benchmark: --events " + events + " is outside 1000..200000000");
            }
            if (partitions < 1 || commitInterval == null || commitInterval.isNegative() || commitInterval.isZero() || workDir == null) {
                throw new UrbanFlowException("Cannot run the clickstream benchmark: partitions and the commit interval must be positive");
            }
        }

        public static Options defaults(Path workDir) {
            return new Options(2_000_000, 3, Duration.ofSeconds(1), workDir);
        }

        public Options withEvents(long count) {
            return new Options(count, partitions, commitInterval, workDir);
        }
    }

    /** The measured figures. Immutable. */
    public record Result(long events, double ingestEventsPerSecond, double jsonDecodeEventsPerSecond, double martsEventsPerSecond) {
        public String line() {
            return String.format(Locale.ROOT, "ingest_events_per_s=%.0f json_decode_events_per_s=%.0f marts_events_per_s=%.0f",
                    ingestEventsPerSecond, jsonDecodeEventsPerSecond, martsEventsPerSecond);
        }
    }

    private final Clock clock;

    public ClickstreamBenchmark(Clock clock) {
        this.clock = clock;
    }

    /** Runs the benchmark; see the class comment. */
    public Result run(Options options, PrintWriter out) {
        Path dir;
        try {
            Files.createDirectories(options.workDir());
            dir = Files.createTempDirectory(options.workDir(), "bench-clickstream-");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create benchmark folder in " + options.workDir() + ": " + e.getMessage(), e);
        }
        ClickstreamDomain domain = new ClickstreamDomain();
        int visitors = (int) Math.max(1, Math.round(options.events() / EVENTS_PER_VISITOR));
        SyntheticClickstream.Options shop = SyntheticClickstream.Options.defaults().withVisitors(visitors);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             Lake lake = Lake.open(LakeConfig.defaults(dir.resolve("lake")))) {
            print(out, "broker up at %s; generating %s (about %,d events) and replaying it to %d topics of %d partitions",
                    broker.bootstrapServers(), shop.specification(), options.events(), EventKind.values().length, options.partitions());
            long replayStart = System.nanoTime();
            ReplayResult replay = ReplayProducer.create(ReplayOptions.defaults(broker.bootstrapServers()).withPartitions(options.partitions()),
                    ReplayProgress.silent()).replay(SyntheticClickstream.open(shop), RejectSink.strict());
            if (replay.failed() > 0) {
                throw new UrbanFlowException("Cannot benchmark clickstream: the replay failed: " + replay.firstFailure());
            }
            long events = replay.sent();
            print(out, "generated and replayed %,d events in %.1f s (%,.0f events/s)", events, seconds(System.nanoTime() - replayStart),
                    events / seconds(System.nanoTime() - replayStart));

            double decode = decodeOnly(shop, out);
            double ingest = ingest(lake, domain.topics(), broker.bootstrapServers(), options, events, out);
            double marts;
            try (DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
                checkExactlyOnce(engine, events, out);
                marts = marts(lake, engine, domain, events, out);
            }
            Result result = new Result(events, ingest, decode, marts);
            out.println(result.line());
            out.flush();
            return result;
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Parses and checks the first messages of the day, in memory, as the ingest's writers do before writing a row. */
    private double decodeOnly(SyntheticClickstream.Options shop, PrintWriter out) {
        List<SourceRecord> sample = new ArrayList<>(DECODE_SAMPLE);
        RecordSource source = SyntheticClickstream.open(shop);
        try {
            source.read(record -> {
                if (sample.size() == DECODE_SAMPLE) {
                    throw new SampleFull();
                }
                sample.add(record);
            }, RejectSink.strict());
        } catch (SampleFull full) {
            // enough
        }
        Map<EventKind, EventParser> parsers = new EnumMap<>(EventKind.class);
        EventParser[] byRecord = new EventParser[sample.size()];
        for (EventKind kind : EventKind.values()) {
            parsers.put(kind, new EventParser(kind));
        }
        for (int i = 0; i < byRecord.length; i++) {
            for (EventKind kind : EventKind.values()) {
                if (kind.topic().equals(sample.get(i).topic())) {
                    byRecord[i] = parsers.get(kind);
                }
            }
        }
        long decoded = 0;
        long bytes = 0;
        long start = System.nanoTime();
        // at least a second and twice through the sample, so the JIT has compiled the path
        for (int round = 0; round < 2 || System.nanoTime() - start < 1_000_000_000L; round++) {
            for (int i = 0; i < byRecord.length; i++) {
                byte[] value = sample.get(i).value();
                String reason = byRecord[i].parse(value, 0, value.length);
                if (reason != null) {
                    throw new UrbanFlowException("Cannot benchmark decoding: a generated message was rejected: " + reason);
                }
                bytes += value.length;
                decoded++;
            }
        }
        double elapsed = seconds(System.nanoTime() - start);
        print(out, "json decode only: %,d messages (%.0f bytes on average) in %.1f s: %,.0f events/s", decoded, (double) bytes / decoded,
                elapsed, decoded / elapsed);
        return decoded / elapsed;
    }

    /** Thrown through the generator's read loop once the decode sample is full. */
    private static final class SampleFull extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SampleFull() {
            super("sample full", null, false, false);
        }
    }

    private double ingest(Lake lake, List<TopicBinding> bindings, String servers, Options options, long events, PrintWriter out) {
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(servers).withGroup("bench-clickstream")
                .withCommitInterval(options.commitInterval());
        try (IngestJob job = IngestJob.create(lake, bindings, config, clock)) {
            long cpuStart = processCpuNanos();
            long start = clock.millis();
            Thread runner = new Thread(job::run, "bench-clickstream-ingest");
            runner.start();
            long lastReport = System.nanoTime();
            while (job.statistics().ingested() + job.statistics().rejected() < events) {
                sleep(20);
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    IngestStatistics progress = job.statistics();
                    print(out, "    ... %,d rows, %,d rejected, %d commits, lag %,d", progress.ingested(), progress.rejected(),
                            progress.commits(), progress.lag());
                }
                if (!runner.isAlive()) {
                    throw new UrbanFlowException("Cannot benchmark ingest: the ingest stopped after " + job.statistics().ingested() + " rows");
                }
            }
            long end = job.statistics().lastCommit().toEpochMilli();
            job.stop();
            join(runner);
            IngestStatistics statistics = job.statistics();
            double elapsed = (end - start) / 1000.0;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            print(out, "ingest: %,d rows, %,d rejected, in %d commits over %.1f s; closing files %,d ms, committing %,d ms; "
                    + "process cpu %.1f s (%.0f%% of one core, %,.0f events per cpu-second, broker included)",
                    statistics.ingested(), statistics.rejected(), statistics.commits(), elapsed, statistics.fileFinishMillis(),
                    statistics.commitMillis(), cpu, 100.0 * cpu / elapsed, statistics.ingested() / cpu);
            return statistics.ingested() / elapsed;
        }
    }

    /** Every replayed message is in its raw table exactly once. */
    private static void checkExactlyOnce(DuckDbQueryEngine engine, long events, PrintWriter out) {
        long rows = 0;
        for (EventKind kind : EventKind.values()) {
            List<Object> counts = engine.query("SELECT count(*), count(DISTINCT (kafka_partition, kafka_offset)) FROM " + kind.table().name())
                    .rows().get(0);
            long total = ((Number) counts.get(0)).longValue();
            if (total != ((Number) counts.get(1)).longValue()) {
                throw new UrbanFlowException("Cannot benchmark clickstream: " + kind.table().name() + " holds a message twice");
            }
            rows += total;
        }
        if (rows != events) {
            throw new UrbanFlowException("Cannot benchmark clickstream: the raw tables hold " + rows + " rows for " + events + " messages");
        }
        print(out, "exactly once: %,d messages, %,d raw rows, no message twice", events, rows);
    }

    private static double marts(Lake lake, DuckDbQueryEngine engine, ClickstreamDomain domain, long events, PrintWriter out) {
        try (Connection duckdb = engine.trustedConnection()) {
            PipelineRunner runner = new PipelineRunner(ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC()), domain.models());
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            PipelineRun run = runner.run(BuildMode.FULL);
            double elapsed = seconds(System.nanoTime() - start);
            for (ModelResult result : run.results()) {
                if (result.failed()) {
                    throw new UrbanFlowException("Cannot benchmark clickstream: " + result.model() + " failed: " + result.error().orElseThrow());
                }
                print(out, "    %-26s %,10d rows in %5.2f s", result.model(), result.rowsWritten(), result.elapsed().toNanos() / 1e9);
            }
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            print(out, "stage and marts: %,d events in %.2f s; process cpu %.1f s (%.0f%% of one core, %,.0f events per cpu-second)",
                    events, elapsed, cpu, 100.0 * cpu / elapsed, events / cpu);
            return events / elapsed;
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot benchmark clickstream: " + e.getMessage(), e);
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
            return bean.getProcessCpuTime();
        }
        return 0;
    }

    private static void print(PrintWriter out, String format, Object... arguments) {
        out.println(String.format(Locale.ROOT, format, arguments));
        out.flush();
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
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp folder left behind is harmless
        }
    }
}
