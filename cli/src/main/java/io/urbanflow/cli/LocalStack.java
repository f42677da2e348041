package io.urbanflow.cli;

import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stack.LocalPostgres;
import io.urbanflow.stack.LocalS3;
import io.urbanflow.stream.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The distributed stack in this process, as {@code urbanflow broker --nodes 3}, {@code urbanflow postgres} and
 * {@code urbanflow s3} run it: a three-node Kafka cluster, PostgreSQL for the catalog and an S3 bucket for the
 * warehouse, started in parallel under one data dir, and the lake settings that point at them. For
 * {@code demo --stack distributed} and {@code bench ingest --stack distributed}. Close stops all three.
 */
final class LocalStack implements AutoCloseable {
    static final int NODES = 3;

    private final EmbeddedKafkaCluster cluster;
    private final LocalPostgres postgres;
    private final LocalS3 s3;

    private LocalStack(EmbeddedKafkaCluster cluster, LocalPostgres postgres, LocalS3 s3) {
        this.cluster = cluster;
        this.postgres = postgres;
        this.s3 = s3;
    }

    /** Starts the three servers under {@code dataDir} (kafka-cluster/, postgres/, s3/) on free ports. */
    static LocalStack start(Path dataDir, Consumer<String> info) {
        CompletableFuture<LocalPostgres> postgres = CompletableFuture.supplyAsync(() -> LocalPostgres.start(dataDir.resolve("postgres"), 0));
        CompletableFuture<LocalS3> s3 = CompletableFuture.supplyAsync(() -> LocalS3.start(dataDir.resolve("s3"), 0, LocalS3.DEFAULT_BUCKET));
        CompletableFuture<EmbeddedKafkaCluster> cluster = CompletableFuture.supplyAsync(
                () -> EmbeddedKafkaCluster.start(dataDir.resolve("kafka-cluster"), NODES, 0));
        List<AutoCloseable> started = new ArrayList<>();
        try {
            LocalPostgres database = join(postgres, started);
            LocalS3 store = join(s3, started);
            EmbeddedKafkaCluster brokers = join(cluster, started);
            LocalStack stack = new LocalStack(brokers, database, store);
            info.accept("Distributed stack: Kafka " + brokers.bootstrapServers() + " (" + NODES + " nodes, RF 3, min ISR 2), "
                    + "PostgreSQL " + database.jdbcUrl() + ", S3 " + store.endpoint() + " bucket " + store.bucket());
            return stack;
        } catch (RuntimeException e) {
            for (CompletableFuture<? extends AutoCloseable> future : List.of(postgres, s3, cluster)) {
                AutoCloseable server = future.getNow(null);
                if (server != null && !started.contains(server)) {
                    started.add(server);
                }
            }
            started.forEach(LocalStack::closeQuietly);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T join(CompletableFuture<T> future, List<AutoCloseable> started) {
        try {
            T server = future.join();
            started.add(server);
            return server;
        } catch (CompletionException e) {
            if (e.getCause() instanceof UrbanFlowException known) {
                throw known;
            }
            throw new UrbanFlowException("Cannot start the distributed stack: " + e.getCause().getMessage(), e.getCause());
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /** The lake on this stack: catalog in PostgreSQL, warehouse {@code s3://urbanflow/PREFIX}, through the credentials files. */
    Map<String, String> lakeSettings(String prefix) {
        return Map.of(
                LakeConfig.CATALOG_URL, postgres.jdbcUrl(),
                LakeConfig.JDBC_CREDENTIALS_FILE, postgres.credentialsFile().toString(),
                LakeConfig.WAREHOUSE, s3.warehouse(prefix),
                LakeConfig.S3_ENDPOINT, s3.endpoint().toString(),
                LakeConfig.S3_PATH_STYLE_ACCESS, "true",
                LakeConfig.S3_CREDENTIALS_FILE, s3.credentialsFile().toString());
    }

    /** As {@link #lakeSettings(String)} with a catalog database of its own, {@code database}. */
    Map<String, String> lakeSettings(String prefix, String database) {
        Map<String, String> settings = new java.util.HashMap<>(lakeSettings(prefix));
        settings.put(LakeConfig.CATALOG_URL, postgres.createDatabase(database));
        return settings;
    }

    LocalPostgres postgres() {
        return postgres;
    }

    /** Stops the cluster, PostgreSQL and the S3 server. */
    @Override
    public void close() {
        closeQuietly(cluster);
        closeQuietly(postgres);
        closeQuietly(s3);
    }

    private static void closeQuietly(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
