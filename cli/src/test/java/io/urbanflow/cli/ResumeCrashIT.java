package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.urbanflow.ingest.IngestOffsets;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.SourcePositions;
import io.urbanflow.testing.SampleData;
import io.urbanflow.testing.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once from file to lake: {@code urbanflow replay --resume} and {@code urbanflow ingest}, each in its own JVM,
 * SIGKILLed at random moments (seeded and printed) and started again, several rounds, over a real GPS sample with
 * malformed lines mixed in. At the end every accepted line of the file is once in the topic (its source position)
 * and once in the lake, and every malformed line once in the quarantine.
 */
class ResumeCrashIT {
    private static final String TOPIC = "gps.points";
    private static final int ROUNDS = 3;
    private static final int MALFORMED = 30;

    @TempDir
    Path dir;

    @Test
    void replay_and_ingest_killed_at_random_moments_and_resumed_put_every_line_once_in_the_lake_and_every_bad_line_once_in_the_quarantine()
            throws Exception {
        long seed = Long.getLong("urbanflow.crash-seed", System.nanoTime());
        String reproduce = "seed " + seed + " (again: -Durbanflow.crash-seed=" + seed + ")";
        System.out.println("ResumeCrashIT " + reproduce);
        Random random = new Random(seed);
        Path dataDir = dir.resolve("data");
        Path file = dir.resolve("taxi_february_with_bad_lines.txt");
        List<Long> malformedLines = writeSampleWithMalformedLines(file, random);
        List<String> expectedPoints = new ArrayList<>();
        List<Long> expectedRejects = new ArrayList<>();
        GpsSources.open(file, SourceOptions.defaults()).read(point -> expectedPoints.add(key(point)),
                (Reject reject) -> expectedRejects.add(reject.lineNumber()));
        assertThat(expectedRejects).as("the reader rejects exactly the lines made malformed").isEqualTo(malformedLines);

        Path log = dir.resolve("processes.log");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            String bootstrap = broker.bootstrapServers();
            List<String> moments = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                long sentBefore = sent(bootstrap);
                long committedBefore = committed(lake);
                Process replay = start(log, "--data-dir", dataDir.toString(), "replay", "--source", file.toString(),
                        "--bootstrap-servers", bootstrap, "--speed", "60", "--resume");
                Process ingest = start(log, "--data-dir", dataDir.toString(), "ingest", "--bootstrap-servers", bootstrap,
                        "--topic", TOPIC, "--commit-interval", "300ms");
                try {
                    int replayMillis = random.nextInt(2_000);
                    int ingestMillis = random.nextInt(2_000);
                    moments.add("round " + round + ": replay killed " + replayMillis + " ms after it sent more, ingest "
                            + ingestMillis + " ms after it committed more");
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> sent(bootstrap) > sentBefore);
                    Thread.sleep(replayMillis); // a random moment, not a wait for a condition
                    replay.destroyForcibly().waitFor();
                    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> committed(lake) > committedBefore);
                    Thread.sleep(ingestMillis);
                    ingest.destroyForcibly().waitFor();
                } finally {
                    replay.destroyForcibly();
                    ingest.destroyForcibly();
                }
                assertThat(sent(bootstrap)).as(reproduce + ": killed mid-way " + moments).isLessThan(expectedPoints.size());
            }
            System.out.println("ResumeCrashIT " + moments);

            Process replay = start(log, "--data-dir", dataDir.toString(), "replay", "--source", file.toString(),
                    "--bootstrap-servers", bootstrap, "--speed", "max", "--resume");
            assertThat(replay.waitFor(120, TimeUnit.SECONDS)).as(reproduce).isTrue();
            assertThat(replay.exitValue()).as(reproduce + "\n" + Files.readString(log)).isZero();
            Process ingest = start(log, "--data-dir", dataDir.toString(), "ingest", "--bootstrap-servers", bootstrap,
                    "--topic", TOPIC, "--commit-interval", "300ms", "--until-idle", "5");
            assertThat(ingest.waitFor(120, TimeUnit.SECONDS)).as(reproduce).isTrue();
            assertThat(ingest.exitValue()).as(reproduce + "\n" + Files.readString(log)).isZero();

            String context = reproduce + " " + moments;
            // the topic: every accepted line once, by its source position
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(bootstrap, TOPIC);
            List<Long> positions = new ArrayList<>();
            List<String> sentPoints = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                assertThat(SourcePositions.source(record.headers())).isEqualTo(file.toString());
                positions.add(SourcePositions.sequence(record.headers()));
                sentPoints.add(key(io.urbanflow.mobility.stream.PointCodec.decode(record.value())));
            }
            positions.sort(Long::compare);
            assertThat(positions).as(context).hasSize(expectedPoints.size())
                    .isEqualTo(java.util.stream.LongStream.range(0, expectedPoints.size()).boxed().toList());
            assertThat(sorted(sentPoints)).as(context).isEqualTo(sorted(expectedPoints));
            // the lake: every accepted line once, nothing rejected
            assertThat(sorted(lakePoints(lake))).as(context).isEqualTo(sorted(expectedPoints));
            assertThat(committed(lake)).as(context).isEqualTo(expectedPoints.size());
            assertThat(lake.findTable(MobilityTables.RAW_GPS_POINTS_REJECTED).map(ResumeCrashIT::rows).orElse(0L)).isZero();
            // the quarantine: every malformed line once, as whole lines
            assertThat(quarantinedLines(dataDir, file)).as(context).isEqualTo(malformedLines);
        }
    }

    /** The Rome sample with {@link #MALFORMED} malformed lines at random places; returns their line numbers. */
    private static List<Long> writeSampleWithMalformedLines(Path file, Random random) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()));
        TreeSet<Integer> at = new TreeSet<>();
        while (at.size() < MALFORMED) {
            at.add(20 + random.nextInt(lines.size() - 20)); // after the lines the format is detected from
        }
        List<Long> numbers = new ArrayList<>();
        int inserted = 0;
        for (int index : at) {
            int position = index + inserted;
            String bad = switch (inserted % 3) {
                // long: quarantine writes of a few lines fill any buffer, so a killed run leaves some on disk
                case 0 -> "garbage line " + inserted + " " + "x".repeat(70_000);
                case 1 -> "156;2014-02-01 00:10:00.739166+01;POINT(999 12.4877)";
                default -> "187;2014-02-01 00:10:01.148457+01;POINT(41.9285433333333)";
            };
            lines.add(position, bad);
            numbers.add(position + 1L);
            inserted++;
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return numbers;
    }

    private static Process start(Path log, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(arguments));
        Files.writeString(log, "$ urbanflow " + String.join(" ", arguments) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Messages in the topic so far (0 before it exists). */
    private static long sent(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(TOPIC);
            if (infos == null) {
                return 0;
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Messages the lake holds by the offsets of its newest snapshot (0 before the table exists). */
    private static long committed(Lake lake) {
        return lake.findTable(MobilityTables.RAW_GPS_POINTS).map(table -> {
            table.refresh();
            return IngestOffsets.committed(table, TOPIC).values().stream().mapToLong(Long::longValue).sum();
        }).orElse(0L);
    }

    private static List<String> lakePoints(Lake lake) {
        Table table = lake.table(MobilityTables.RAW_GPS_POINTS);
        table.refresh();
        List<String> points = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            for (Record row : rows) {
                java.time.OffsetDateTime ts = (java.time.OffsetDateTime) row.getField("ts");
                long micros = ts.toEpochSecond() * 1_000_000L + ts.getNano() / 1_000;
                points.add(row.getField("vehicle_id") + "|" + micros + "|" + row.getField("lat") + "|" + row.getField("lon"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }

    private static long rows(Table table) {
        table.refresh();
        return table.currentSnapshot() == null ? 0 : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-records", "0"));
    }

    private static String key(GpsPoint point) {
        return point.vehicleId() + "|" + point.epochMicros() + "|" + point.latitude() + "|" + point.longitude();
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(String::compareTo);
        return copy;
    }

    /** Line numbers of the quarantined lines of {@code file}, sorted; every quarantine line must be whole. */
    private static List<Long> quarantinedLines(Path dataDir, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Long> numbers = new ArrayList<>();
        Path folder = dataDir.resolve("quarantine");
        if (!Files.isDirectory(folder)) {
            return numbers;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path quarantine : files.sorted().toList()) {
                String text = Files.readString(quarantine);
                assertThat(text.isEmpty() || text.endsWith("\n")).as(quarantine + " ends with a whole line").isTrue();
                for (String line : text.split("\n")) {
                    if (line.isEmpty()) {
                        continue;
                    }
                    JsonNode node = json.readTree(line);
                    assertThat(node.get("file").asText()).isEqualTo(file.toString());
                    numbers.add(node.get("line").asLong());
                }
            }
        }
        numbers.sort(Long::compare);
        return numbers;
    }
}
