package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.stack.LocalPostgres;
import io.urbanflow.stack.LocalS3;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on the distributed lake, as a user runs them against {@code urbanflow postgres} and {@code urbanflow s3}:
 * the catalog in PostgreSQL (password from the owner-only file), the tables in a real S3 bucket written through
 * S3FileIO, models and SQL reading them through the local cache. Wrong settings are one line naming the setting,
 * and leave nothing behind.
 */
class DistributedLakeIT {
    private static LocalPostgres postgres;
    private static LocalS3 s3;
    private static EmbeddedKafkaBroker broker;

    @TempDir
    static Path servers;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start_servers() {
        postgres = LocalPostgres.start(servers.resolve("postgres"), 0);
        s3 = LocalS3.start(servers.resolve("s3"), 0, "lake");
        broker = EmbeddedKafkaBroker.start(servers.resolve("kafka"), 0);
    }

    @AfterAll
    static void stop_servers() {
        for (AutoCloseable server : new AutoCloseable[] {broker, s3, postgres}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }

    @Test
    void replay_ingest_aggregate_sql_and_tables_run_on_a_postgres_catalog_and_an_s3_warehouse() throws IOException {
        CommandRun replay = CommandRun.in(dataDir, "replay", "--source", "synthetic:rome,taxis=15,days=1,seed=3",
                "--bootstrap-servers", broker.bootstrapServers());
        assertThat(replay.code()).as(replay.err()).isZero();
        long sent = Long.parseLong(replay.lastLine().split(" ")[0].substring("sent=".length()));
        assertThat(sent).isGreaterThan(1_000);

        CommandRun ingest = CommandRun.in(dataDir, lake("ingest", "--bootstrap-servers", broker.bootstrapServers(), "--until-idle", "5"));
        assertThat(ingest.code()).as(ingest.err()).isZero();
        assertThat(ingest.lastLine()).isEqualTo("ingested=" + sent + " rejected=0");

        CommandRun aggregate = CommandRun.in(dataDir, lake("aggregate"));
        assertThat(aggregate.code()).as(aggregate.err()).isZero();

        // the model's rows against an independent query of the raw table, both read by DuckDB through the cache
        CommandRun sql = CommandRun.in(dataDir, lake("sql", "--format", "csv",
                "SELECT (SELECT count(*) FROM raw.gps_points) AS raw_points, (SELECT sum(total_points) FROM mart.traffic_10min) AS mart_points"));
        assertThat(sql.code()).as(sql.err()).isZero();
        assertThat(sql.out().strip()).endsWith(sent + "," + sent);

        CommandRun tables = CommandRun.in(dataDir, lake("tables"));
        assertThat(tables.code()).as(tables.err()).isZero();
        assertThat(tables.out()).contains("raw.gps_points", "stage.gps_points", "mart.traffic_10min");

        // table files are objects in the bucket (s3proxy keeps them as files), never in the data dir's warehouse
        assertThat(dataDir.resolve("warehouse")).doesNotExist();
        assertThat(dataDir.resolve("catalog.db")).doesNotExist();
        assertThat(parquetFiles(servers.resolve("s3").resolve("buckets").resolve("lake"))).isNotEmpty();
        assertThat(parquetFiles(dataDir.resolve("cache"))).isNotEmpty();

        assertThat(CommandRun.in(dataDir, lake("runs")).out()).contains("kind:model");
        // reset empties the lake these commands use: every table dropped with its objects, the run history, the cache
        CommandRun reset = CommandRun.in(dataDir, lake("reset", "--yes"));
        assertThat(reset.code()).as(reset.err()).isZero();
        assertThat(reset.out()).contains(" tables of the lake in " + postgres.jdbcUrl() + " with their files in " + s3.warehouse("warehouse")
                + ", and cleared its run history.", "Deleted the read cache (cache/)");
        assertThat(parquetFiles(servers.resolve("s3").resolve("buckets").resolve("lake"))).isEmpty();
        assertThat(dataDir.resolve("cache")).doesNotExist();
        CommandRun runs = CommandRun.in(dataDir, lake("runs"));
        assertThat(runs.code()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("no runs yet").doesNotContain("kind:model");
        CommandRun empty = CommandRun.in(dataDir, lake("sql", "--format", "csv", "SELECT count(*) FROM raw.gps_points"));
        assertThat(empty.out().strip()).endsWith("\n0");
    }

    @Test
    void wrong_s3_credentials_are_one_line_naming_the_setting_and_write_nothing() throws IOException {
        Path wrong = dataDir.resolve("wrong.properties");
        Files.writeString(wrong, "access-key-id=" + s3.accessKeyId() + "\nsecret-access-key=not-the-secret\n");
        List<String> args = new ArrayList<>(Arrays.asList(lake("tables")));
        args.set(args.indexOf("--s3-credentials") + 1, wrong.toString());
        args.set(args.indexOf("--warehouse") + 1, "s3://lake/refused");

        CommandRun run = CommandRun.in(dataDir, args.toArray(String[]::new));

        assertThat(run.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("urbanflow: Cannot use warehouse s3://lake/refused")
                .contains("refused the credentials", "lake.s3-secret-access-key").doesNotContain("not-the-secret");
        assertThat(servers.resolve("s3").resolve("buckets").resolve("lake").resolve("refused")).doesNotExist();
    }

    @Test
    void a_catalog_server_that_is_down_or_a_wrong_password_is_one_line_naming_the_setting() throws IOException {
        List<String> down = new ArrayList<>(Arrays.asList(lake("tables")));
        down.set(down.indexOf("--catalog-url") + 1, "jdbc:postgresql://127.0.0.1:1/urbanflow");
        CommandRun refused = CommandRun.in(dataDir, down.toArray(String[]::new));
        assertThat(refused.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("lake.catalog-url", "urbanflow postgres");

        Path wrong = dataDir.resolve("wrong-password.properties");
        Files.writeString(wrong, "user=urbanflow\npassword=not-the-password\n");
        List<String> args = new ArrayList<>(Arrays.asList(lake("tables")));
        args.set(args.indexOf("--catalog-credentials") + 1, wrong.toString());
        CommandRun denied = CommandRun.in(dataDir, args.toArray(String[]::new));
        assertThat(denied.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(denied.err().strip()).doesNotContain("\n").contains("password authentication failed", "lake.jdbc-password")
                .doesNotContain("not-the-password");
    }

    @Test
    void a_broker_that_is_down_is_one_line_naming_the_setting() {
        CommandRun ingest = CommandRun.in(dataDir, lake("ingest", "--bootstrap-servers", "127.0.0.1:1", "--until-idle", "2"));

        assertThat(ingest.code()).isEqualTo(UrbanFlowCommand.EXIT_FAILURE);
        assertThat(ingest.err().strip()).doesNotContain("\n").contains("127.0.0.1:1", "--bootstrap-servers");
    }

    /** {@code COMMAND ARGS} with the lake options pointing at the servers. */
    private static String[] lake(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(List.of("--catalog-url", postgres.jdbcUrl(), "--catalog-credentials", postgres.credentialsFile().toString(),
                "--warehouse", s3.warehouse("warehouse"), "--s3-endpoint", s3.endpoint().toString(), "--s3-path-style", "true",
                "--s3-credentials", s3.credentialsFile().toString()));
        return all.toArray(String[]::new);
    }

    private static List<Path> parquetFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".parquet")).toList();
        }
    }
}
