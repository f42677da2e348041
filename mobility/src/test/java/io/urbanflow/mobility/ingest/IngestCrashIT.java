package io.urbanflow.mobility.ingest;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Separate ingest processes against one embedded broker and one lake: SIGKILL and consumer groups. */
class IngestCrashIT {
    private static final int MESSAGES = 150_000;

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
            kafka.send("crash", GpsIngestTest.points(0, MESSAGES));

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
                assertThat(IngestProcesses.committedMessages(lake, "crash")).isLessThan(MESSAGES);
            }

            Process last = IngestProcesses.start(lakeArgument, broker.bootstrapServers(), "crash", "crash-group", "crash-1", "3",
                    100, 5_000, log);
            assertThat(last.waitFor()).as(Files.readString(log)).isZero();

            System.out.println(Files.readString(log));
            List<String> keys = IngestProcesses.rowKeys(lake);
            assertThat(keys).hasSize(MESSAGES);
            assertThat(IngestProcesses.distinct(keys)).hasSize(MESSAGES);
            assertThat(IngestProcesses.committedMessages(lake, "crash")).isEqualTo(MESSAGES);
        }
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
