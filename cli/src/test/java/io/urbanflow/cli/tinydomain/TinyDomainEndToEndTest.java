package io.urbanflow.cli.tinydomain;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.cli.UrbanFlowCommand;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a third domain touches no platform file: {@link TinyDomain}, registered by a {@code META-INF/services} file
 * on a class loader of its own (as a jar dropped beside the others would be), runs through the unchanged commands —
 * formats, load, replay, ingest, aggregate, sql — end to end, with its bad lines and bad messages kept with reasons.
 */
class TinyDomainEndToEndTest {
    @TempDir
    Path dir;
    private ClassLoader previous;
    private URLClassLoader domainLoader;

    @BeforeEach
    void registerTheDomain() throws IOException {
        Path services = dir.resolve("plugin/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.urbanflow.domain.Domain"), TinyDomain.class.getName() + "\n");
        domainLoader = new URLClassLoader(new URL[] {dir.resolve("plugin").toUri().toURL()}, getClass().getClassLoader());
        previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(domainLoader);
    }

    @AfterEach
    void unregister() throws IOException {
        Thread.currentThread().setContextClassLoader(previous);
        domainLoader.close();
    }

    @Test
    void aDomainOutsideThePlatformRunsFromFilesAndKafkaToItsMart() throws IOException {
        Path data = dir.resolve("data");
        Run formats = run(data, "formats");
        assertThat(formats.out).contains("tiny-csv", "meter readings: sensor,ts,value", "tiny:N");

        // the batch road: a file with two bad lines, loaded twice
        Path file = dir.resolve("readings.csv");
        List<String> lines = new ArrayList<>(List.of(ReadingsFormat.HEADER));
        Map<Instant, long[]> expected = new TreeMap<>(); // interval -> readings, total
        for (int i = 0; i < 200; i++) {
            Instant ts = Instant.parse("2026-01-04T08:00:00Z").plusSeconds(13L * i);
            lines.add("m" + (i % 3) + "," + ts + "," + i);
            add(expected, ts, i);
        }
        lines.add(40, "m1,yesterday,5");
        lines.add(90, "only-two,fields");
        Files.write(file, lines);
        Run load = run(data, "load", file.toString());
        assertThat(load.code).as(load.err).isZero();
        assertThat(load.lastLine()).isEqualTo("loaded=200 rejected=0 skipped=0");
        assertThat(quarantined(data)).hasSize(2).allMatch(line -> line.contains("readings.csv"))
                .anyMatch(line -> line.contains("unparseable ts or value"))
                .anyMatch(line -> line.contains("expected sensor,ts,value"));
        assertThat(run(data, "load", file.toString()).lastLine()).isEqualTo("loaded=0 rejected=0 skipped=1");

        // the streaming road: a generator through Kafka, and a message no decoder can read
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrapServers();
            Run replay = run(data, "replay", "--source", "tiny:1000", "--bootstrap-servers", bootstrap, "--speed", "max");
            assertThat(replay.code).as(replay.err).isZero();
            for (int i = 0; i < 1000; i++) {
                add(expected, ReadingsGenerator.START.plusSeconds(7L * i), i % 97);
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(TinyDomain.TOPIC, "{\"sensor\":\"s9\",\"ts\":\"soon\",\"value\":1}"
                        .getBytes(StandardCharsets.UTF_8)));
                producer.flush();
            }
            Run ingest = run(data, "ingest", "--bootstrap-servers", bootstrap, "--domain", TinyDomain.NAME,
                    "--commit-interval", "200ms", "--until-idle", "1");
            assertThat(ingest.code).as(ingest.err).isZero();
            assertThat(ingest.lastLine()).isEqualTo("ingested=1000 rejected=1");
        }

        Run aggregate = run(data, "aggregate", "--domain", TinyDomain.NAME);
        assertThat(aggregate.code).as(aggregate.err).isZero();
        assertThat(aggregate.out).contains(TinyDomain.MART);

        Run mart = run(data, "sql", "--format", "csv", "SELECT epoch(interval_10min)::BIGINT AS s, readings, total FROM "
                + TinyDomain.MART + " ORDER BY 1");
        assertThat(mart.code).as(mart.err).isZero();
        StringBuilder want = new StringBuilder("s,readings,total\n");
        expected.forEach((interval, figures) -> want.append(interval.getEpochSecond()).append(',').append(figures[0])
                .append(',').append(figures[1]).append('\n'));
        assertThat(mart.out).isEqualTo(want.toString());

        Run rejected = run(data, "sql", "--format", "csv", "SELECT topic, reason FROM raw.tiny_rejected");
        assertThat(rejected.out).startsWith("topic,reason\n" + TinyDomain.TOPIC + ",").contains("ts");
    }

    private static void add(Map<Instant, long[]> expected, Instant ts, long value) {
        Instant interval = Instant.ofEpochSecond(ts.getEpochSecond() - Math.floorMod(ts.getEpochSecond(), 600));
        long[] figures = expected.computeIfAbsent(interval, key -> new long[2]);
        figures[0]++;
        figures[1] += value;
    }

    private static List<String> quarantined(Path data) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(data.resolve("quarantine"))) {
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    private record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Run run(Path data, String... args) {
        String[] all = Stream.concat(Stream.of("--data-dir", data.toString()), Stream.of(args)).toArray(String[]::new);
        var commandLine = UrbanFlowCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(all);
        return new Run(code, out.toString(), err.toString());
    }
}
