package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka cluster of several nodes inside this JVM, each node a KRaft broker and controller bound to
 * 127.0.0.1 with its own client port, log dir ({@code DIR/node-N}) and the controllers' quorum made of all nodes. Built
 * for failure tests and a local distributed stack: topics get replication factor {@code min(3, nodes)} and
 * {@code min.insync.replicas} {@code min(2, nodes)} (the offsets and transaction topics too), so with three nodes an
 * {@code acks=all} write survives one node's loss and is refused rather than kept on one copy.
 *
 * <p>The nodes start in parallel (a controller quorum needs a majority before any node finishes starting); stopping
 * and starting again on the same dir keeps every topic (the cluster id is kept in {@code DIR/cluster.id}). Kafka's own
 * {@code KafkaClusterTestKit} is not used: it does not work with Kafka 4.4.0.
 *
 * <p>Thread safety: {@link #stopNode}, {@link #close} may be called from any thread; accessors are immutable.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<KafkaRaftServer> servers;
    private final List<Integer> clientPorts;
    private final boolean[] stopped;

    private EmbeddedKafkaCluster(Path dir, List<KafkaRaftServer> servers, List<Integer> clientPorts) {
        this.dir = dir;
        this.servers = servers;
        this.clientPorts = List.copyOf(clientPorts);
        this.stopped = new boolean[servers.size()];
    }

    /**
     * Starts {@code nodes} nodes on client ports {@code firstPort}, {@code firstPort + 1}, ... (0: free ports) and
     * returns once every node accepts clients.
     *
     * @throws UrbanFlowException when a port is taken, the dir is in use or the cluster does not come up
     */
    public static EmbeddedKafkaCluster start(Path dir, int nodes, int firstPort) {
        if (nodes < 1 || nodes > 9) {
            throw new UrbanFlowException("Cannot start a Kafka cluster of " + nodes + " nodes: expected 1 to 9");
        }
        Path root = dir.toAbsolutePath().normalize();
        String clusterId = clusterId(root);
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            clientPorts.add(firstPort == 0 ? EmbeddedKafkaBroker.freePort() : EmbeddedKafkaBroker.requireFree(firstPort + node - 1));
            controllerPorts.add(EmbeddedKafkaBroker.freePort());
        }
        StringJoiner voters = new StringJoiner(",");
        for (int node = 1; node <= nodes; node++) {
            voters.add(node + "@" + HOST + ":" + controllerPorts.get(node - 1));
        }
        List<KafkaRaftServer> servers = new ArrayList<>();
        for (int node = 1; node <= nodes; node++) {
            Path logDir = root.resolve("node-" + node);
            try {
                Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot start Kafka cluster: cannot create " + logDir + ": " + e.getMessage(), e);
            }
            EmbeddedKafkaBroker.requireUnused(logDir);
            Map<String, Object> properties = configuration(node, nodes, logDir, clientPorts.get(node - 1),
                    controllerPorts.get(node - 1), voters.toString());
            KafkaConfig config = new KafkaConfig(properties, false);
            EmbeddedKafkaBroker.formatOnce(config, logDir, node, clusterId);
            servers.add(new KafkaRaftServer(config, Time.SYSTEM));
        }
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(root, servers, clientPorts);
        ExecutorService starting = Executors.newFixedThreadPool(nodes, runnable -> new Thread(runnable, "urbanflow-kafka-start"));
        try {
            List<Future<?>> started = new ArrayList<>();
            for (KafkaRaftServer server : servers) {
                started.add(starting.submit(server::startup));
            }
            for (Future<?> future : started) {
                future.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            cluster.awaitReady();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            cluster.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UrbanFlowException urbanFlow) {
                throw urbanFlow;
            }
            throw new UrbanFlowException("Cannot start Kafka cluster of " + nodes + " nodes: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cluster.close();
            throw new UrbanFlowException("Cannot start Kafka cluster: interrupted", e);
        } finally {
            starting.shutdownNow();
        }
        return cluster;
    }

    /** {@code 127.0.0.1:P1,127.0.0.1:P2,...}: every node, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        StringJoiner servers = new StringJoiner(",");
        clientPorts.forEach(port -> servers.add(HOST + ":" + port));
        return servers.toString();
    }

    public int nodes() {
        return servers.size();
    }

    public List<Integer> clientPorts() {
        return clientPorts;
    }

    public Path dir() {
        return dir;
    }

    /** Stops node {@code node} (1-based) as a clean shutdown would; the others go on. Idempotent. */
    public synchronized void stopNode(int node) {
        if (stopped[node - 1]) {
            return;
        }
        stopped[node - 1] = true;
        KafkaRaftServer server = servers.get(node - 1);
        server.shutdown();
        server.awaitShutdown();
    }

    /** Stops every node still running, in parallel (a lone last node would wait for a quorum). Idempotent. */
    @Override
    public synchronized void close() {
        List<Thread> stopping = new ArrayList<>();
        for (int index = 0; index < servers.size(); index++) {
            if (stopped[index]) {
                continue;
            }
            stopped[index] = true;
            KafkaRaftServer server = servers.get(index);
            Thread thread = new Thread(() -> {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException e) {
                    // a node that never started fully: nothing more to stop
                }
            }, "urbanflow-kafka-stop-" + (index + 1));
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Map<String, Object> configuration(int node, int nodes, Path logDir, int clientPort, int controllerPort, String voters) {
        Map<String, Object> properties = new HashMap<>(EmbeddedKafkaBroker.configuration(logDir, clientPort, controllerPort));
        String replication = Integer.toString(Math.min(3, nodes));
        String minInsync = Integer.toString(Math.min(2, nodes));
        properties.put("node.id", Integer.toString(node));
        properties.put("controller.quorum.voters", voters);
        properties.put("default.replication.factor", replication);
        properties.put("min.insync.replicas", minInsync);
        properties.put("offsets.topic.replication.factor", replication);
        properties.put("transaction.state.log.replication.factor", replication);
        properties.put("transaction.state.log.min.isr", minInsync);
        properties.put("share.coordinator.state.topic.replication.factor", replication);
        properties.put("share.coordinator.state.topic.min.isr", minInsync);
        // a stopped node's partitions move to the others within seconds, not after Kafka's default 18s
        properties.put("broker.session.timeout.ms", "6000");
        properties.put("num.io.threads", "2");
        properties.put("num.network.threads", "1");
        properties.put("num.replica.fetchers", "1");
        properties.put("replica.fetch.wait.max.ms", "100");
        return properties;
    }

    private static String clusterId(Path root) {
        Path file = root.resolve("cluster.id");
        try {
            Files.createDirectories(root);
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = Uuid.randomUuid().toString();
            Files.writeString(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Kafka cluster: cannot keep its id in " + file + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "6000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                try {
                    if (admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                            .get(4, TimeUnit.SECONDS).size() == servers.size()) {
                        Kafka.awaitLeaders(admin, admin.listTopics(new ListTopicsOptions().listInternal(true))
                                .names().get(5, TimeUnit.SECONDS));
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UrbanFlowException("Cannot start Kafka cluster: interrupted while waiting for it", e);
                } catch (Exception e) {
                    // not all nodes registered yet
                }
                if (System.nanoTime() > deadline) {
                    throw new UrbanFlowException("Cannot start Kafka cluster at " + bootstrapServers() + ": not ready after "
                            + READY_TIMEOUT.toSeconds() + "s");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UrbanFlowException("Cannot start Kafka cluster: interrupted while waiting for it", e);
                }
            }
        }
    }
}
