package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.internal.CrashPoints;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.Settings;
import io.urbanflow.stack.LocalPostgres;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate ingest processes against one embedded broker and one lake: SIGKILL at any moment, halts at the named points
 * inside a commit (between the rejects' commit and the rows' commit among them), and consumer groups. The streams mix
 * poison messages into the points, so that every batch commits to both tables.
 */
class IngestCrashIT {
    private static final int MESSAGES = 150_000;
    /** One poison message after every this many points. */
    private static final int POISON_EVERY = 100;
    private static final List<String> CRASH_POINTS = List.of("files-written", "rejects-committed", "rows-committed");

    @TempDir
    Path dir;

    @Test
    void restart_after_kill_loses_and_duplicates_nothing() throws Exception {
        Path dataDir = dir.resolve("data");
        killAndRestart(LakeConfig.defaults(dataDir), dataDir);
    }

    @Test
    void restart_after_kill_on_a_postgres_catalog_loses_and_duplicates_nothing() throws Exception {
        // the catalog in a real PostgreSQL server (as urbanflow postgres runs it), its password from the owner-only file
        try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres"), 0)) {
            Path lakeSettings = dir.resolve("lake.properties");
            Files.writeString(lakeSettings, String.join("\n",
                    LakeConfig.CATALOG_URL + "=" + postgres.jdbcUrl(),
                    LakeConfig.JDBC_CREDENTIALS_FILE + "=" + postgres.credentialsFile(),
                    LakeConfig.WAREHOUSE + "=" + dir.resolve("warehouse"), ""));
            LakeConfig config = LakeConfig.from(Settings.load(lakeSettings, Map.of(), Map.of()), dir);
            assertThat(config.isPostgres()).isTrue();
            killAndRestart(config, lakeSettings);
        }
    }

    /** Three ingest processes killed with SIGKILL mid-way, then one to the end: the lake holds every message once. */
    private void killAndRestart(LakeConfig config, Path lakeArgument) throws Exception {
        Path log = dir.resolve("ingest.log");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                KafkaFixture kafka = new KafkaFixture(broker);
                Lake lake = Lake.open(config)) {
            kafka.topic("crash", 3);
            List<String> poison = sendWithPoison(kafka, "crash", MESSAGES, POISON_EVERY);
            long total = MESSAGES + poison.size();

            for (int kill = 1; kill <= 3; kill++) {
                long before = IngestProcesses.committedMessages(lake, "crash");
                // small commits: many of them, so the kill lands between, during and after commits
                Process ingest = IngestProcesses.start(lakeArgument, broker.bootstrapServers(), "crash", "crash-group", "crash-1", "-",
                        100, 1_000, log);
                // killed while it commits: well after its first commit, long before it is done
                long target = before + MESSAGES / 5;
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> IngestProcesses.committedMessages(lake, "crash") >= target);
                ingest.destroyForcibly().waitFor();
                assertThat(IngestProcesses.committedMessages(lake, "crash")).isLessThan(total);
            }

            Process last = IngestProcesses.start(lakeArgument, broker.bootstrapServers(), "crash", "crash-group", "crash-1", "3",
                    100, 5_000, log);
            assertThat(last.waitFor()).as(Files.readString(log)).isZero();

            System.out.println(Files.readString(log));
            assertExactlyOnce(lake, "crash", MESSAGES, poison, "");
        }
    }

    @Test
    void restart_after_halts_at_random_points_inside_commits_loses_and_duplicates_nothing() throws Exception {
        long seed = Long.getLong("urbanflow.crash-seed", System.nanoTime());
        String reproduce = "seed " + seed + " (again: -Durbanflow.crash-seed=" + seed + ")";
        System.out.println("IngestCrashIT crash points, " + reproduce);
        Random random = new Random(seed);
        int points = 20_000;
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("ingest.log");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                KafkaFixture kafka = new KafkaFixture(broker);
                Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            kafka.topic("halts", 3);
            List<String> poison = sendWithPoison(kafka, "halts", points, 50);
            long total = points + poison.size();

            int halts = 0;
            List<String> runs = new ArrayList<>();
            for (int run = 1; run <= 6; run++) {
                String point = CRASH_POINTS.get(random.nextInt(CRASH_POINTS.size())) + "@" + (1 + random.nextInt(4));
                runs.add(point);
                Process ingest = IngestProcesses.start(dataDir, broker.bootstrapServers(), "halts", "halts-group", "halts-1", "3",
                        100, 1_000, log, "-D" + CrashPoints.PROPERTY + "=" + point);
                assertThat(ingest.waitFor(120, TimeUnit.SECONDS)).as(reproduce).isTrue();
                // halted at the point, or (the stream drained first) done
                assertThat(ingest.exitValue()).as(reproduce + ", run " + run + " at " + point + "\n" + Files.readString(log))
                        .isIn(CrashPoints.HALT_STATUS, 0);
                if (ingest.exitValue() == CrashPoints.HALT_STATUS) {
                    halts++;
                }
                assertThat(IngestProcesses.committedMessages(lake, "halts")).as(reproduce).isLessThanOrEqualTo(total);
            }
            System.out.println("IngestCrashIT crash points " + runs + ", " + halts + " halts");
            assertThat(halts).as(reproduce + ": most runs halt inside a commit " + runs).isGreaterThanOrEqualTo(3);

            Process last = IngestProcesses.start(dataDir, broker.bootstrapServers(), "halts", "halts-group", "halts-1", "3",
                    100, 5_000, log);
            assertThat(last.waitFor()).as(reproduce + "\n" + Files.readString(log)).isZero();
            assertExactlyOnce(lake, "halts", points, poison, reproduce + " " + runs);
        }
    }

    /**
     * Every message of the topic once in exactly one of the two tables: each point once in the points table, each
     * poison message once in the rejected table, and together the partitions' offsets without a gap.
     */
    private static void assertExactlyOnce(Lake lake, String topic, int points, List<String> poison, String context) {
        List<String> rowKeys = IngestProcesses.rowKeys(lake);
        List<String> rejectedKeys = IngestProcesses.rejectedKeys(lake);
        assertThat(rowKeys).as(context).hasSize(points);
        assertThat(IngestProcesses.distinct(rowKeys)).as(context).hasSize(points);
        assertThat(IngestProcesses.rejectedValues(lake)).as(context).containsExactlyInAnyOrderElementsOf(poison);
        assertThat(IngestProcesses.distinct(rejectedKeys)).as(context).hasSize(poison.size());
        List<String> all = new ArrayList<>(rowKeys);
        all.addAll(rejectedKeys);
        assertThat(IngestProcesses.distinct(all)).as(context).isEqualTo(IngestProcesses.allOffsets(lake, topic));
        assertThat(IngestProcesses.committedMessages(lake, topic)).as(context).isEqualTo(points + poison.size());
    }

    /** Sends {@code points} points and, after every {@code every} of them, a poison message; returns the poison values. */
    private static List<String> sendWithPoison(KafkaFixture kafka, String topic, int points, int every) {
        List<GpsPoint> good = GpsIngestTest.points(0, points);
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            kafka.send(topic, good.get(i));
            if ((i + 1) % every == 0) {
                int n = poison.size();
                String value = switch (n % 3) {
                    case 0 -> "poison " + n + ": not JSON";
                    case 1 -> "{\"v\":1,\"id\":\"p" + n + "\",\"t\":1391209200739166,\"lat\":999,\"lon\":12.4877}";
                    default -> "{\"v\":1,\"id\":\"p" + n + "\",\"t\":1391209200739166,\"lon\":12.4877}";
                };
                kafka.sendRaw(topic, n % 3, value);
                poison.add(value);
            }
        }
        kafka.flush();
        return poison;
    }

    @Test
    void two_ingest_processes_in_one_group_end_with_exactly_the_sent_rows() throws Exception {
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("ingest.log");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
                KafkaFixture kafka = new KafkaFixture(broker);
                Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            kafka.topic("shared", 4);
            kafka.send("shared", GpsIngestTest.points(0, MESSAGES / 2));
            Process first = IngestProcesses.start(dataDir, broker.bootstrapServers(), "shared", "shared-group", "-", "8",
                    100, 5_000, log);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> IngestProcesses.committedMessages(lake, "shared") > 0);
            // the second one joins mid-way: partitions move between the two while both commit
            Process second = IngestProcesses.start(dataDir, broker.bootstrapServers(), "shared", "shared-group", "-", "8",
                    100, 5_000, log);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> groupMembers(broker.bootstrapServers(), "shared-group") == 2);
            // while both consume: each commits its own partitions' offsets on top of the other's snapshots
            List<GpsPoint> more = GpsIngestTest.points(MESSAGES / 2, MESSAGES / 2);
            for (int i = 0; i < more.size(); i += 2_500) {
                kafka.send("shared", more.subList(i, Math.min(more.size(), i + 2_500)));
                Thread.sleep(50);
            }
            assertThat(first.waitFor()).as(Files.readString(log)).isZero();
            assertThat(second.waitFor()).as(Files.readString(log)).isZero();

            System.out.println(Files.readString(log));
            List<String> keys = IngestProcesses.rowKeys(lake);
            assertThat(keys).hasSize(MESSAGES);
            assertThat(IngestProcesses.distinct(keys)).hasSize(MESSAGES);
            assertThat(IngestProcesses.committedMessages(lake, "shared")).isEqualTo(MESSAGES);
            // both did part of the work
            assertThat(Files.readAllLines(log)).filteredOn(line -> line.startsWith("ingested="))
                    .hasSize(2).noneMatch(line -> line.startsWith("ingested=0 "));
        }
    }

    static int groupMembers(String bootstrapServers, String group) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            var description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
            return description.groupState() == org.apache.kafka.common.GroupState.STABLE ? description.members().size() : -1;
        }
    }
}
