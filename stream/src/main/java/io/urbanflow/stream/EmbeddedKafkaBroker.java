package io.urbanflow.stream;

import io.urbanflow.model.LocalPorts;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real, single-node Apache Kafka broker (KRaft: broker and controller in one process) running inside this JVM,
 * bound to 127.0.0.1. Its data lives under the log dir given to {@link #start}; stopping and starting again on the
 * same dir keeps every topic and committed offset (the storage is formatted once, the first time, and its
 * {@code meta.properties} and cluster id are kept).
 *
 * <p>Tuned for one machine: replication factor 1 everywhere (including the offsets and transaction state topics,
 * so consumer groups and transactions work), 3 partitions for new topics, no initial rebalance delay, a small log
 * cleaner buffer (Kafka's default would take 128 MB of heap). Topics are not created by producing to them: create
 * them with {@link Kafka#ensureTopic}, which also waits until their leaders take writes.
 *
 * <p>Thread safety: {@link #start} and {@link #close} may be called from any thread; the accessors are immutable.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDir, int port) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
    }

    /**
     * Formats {@code logDir} if it holds no broker yet, starts the broker and returns once it accepts clients.
     *
     * @param logDir where the broker keeps its logs and metadata; created if missing
     * @param port   the client port on 127.0.0.1, or 0 for any free port
     * @throws UrbanFlowException when the port is taken or the broker does not come up
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port) {
        return start(logDir, port, properties -> { });
    }

    /**
     * As {@link #start(Path, int)}, with the broker's properties changed by {@code configure} before it starts: another
     * listener (a SASL or TLS one beside the plain one, as a secured cluster has), quotas, retention. The plain listener
     * on {@code port} stays: {@link #bootstrapServers()} and the readiness check use it.
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, java.util.function.Consumer<Map<String, Object>> configure) {
        if (port < 0 || port > 65_535) {
            throw new UrbanFlowException("Cannot start Kafka broker: port " + port + " is not in [0, 65535]");
        }
        Path dir = logDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Kafka broker: cannot create " + dir + ": " + e.getMessage(), e);
        }
        requireUnused(dir);
        int clientPort = port == 0 ? freePort() : requireFree(port);
        int controllerPort = freePort();
        Map<String, Object> properties = configuration(dir, clientPort, controllerPort);
        configure.accept(properties);
        KafkaConfig config = new KafkaConfig(properties, false);
        formatOnce(config, dir, NODE_ID, Uuid.randomUuid().toString());
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, clientPort);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            if (e instanceof UrbanFlowException) {
                throw e;
            }
            throw new UrbanFlowException("Cannot start Kafka broker on " + HOST + ":" + clientPort + ": " + e.getMessage(), e);
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and controller and waits until their files are closed. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    static Map<String, Object> configuration(Path logDir, int clientPort, int controllerPort) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        // A static voter set keeps the controller's address out of the stored metadata, so a restart may pick
        // another free controller port.
        properties.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        // No log.flush.*: as in any Kafka, an acknowledged message is in the page cache, not yet on disk; a killed
        // broker keeps it, a power cut can lose the log's tail (README, The lake, Durability).
        properties.put("num.partitions", "3");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // Kafka's default reserves 128 MB of heap for compaction that a single-user broker never needs.
        properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // Two cores are shared with the clients of this very process.
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "4");
        properties.put("num.recovery.threads.per.data.dir", "2");
        // Unfences the broker at the first heartbeat instead of after two seconds.
        properties.put("broker.heartbeat.interval.ms", "250");
        properties.put("broker.session.timeout.ms", "9000");
        properties.put("controller.quorum.election.timeout.ms", "500");
        // A topic auto-created by a producer's first send can meet its leader before it takes writes (see
        // Kafka.ensureTopic); an explicit, awaited creation is the one way in.
        properties.put("auto.create.topics.enable", "false");
        properties.put("delete.topic.enable", "true");
        return properties;
    }

    static void formatOnce(KafkaConfig config, Path dir, int nodeId, String clusterId) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dir.toString())
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new UrbanFlowException("Cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                try {
                    // A broker is listed once it has registered with the controller and been unfenced; after a
                    // restart its partitions' leaders must also take writes again before producers may start.
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                            .get(3, TimeUnit.SECONDS).isEmpty()) {
                        Kafka.awaitLeaders(admin, admin.listTopics(new ListTopicsOptions().listInternal(true))
                                .names().get(5, TimeUnit.SECONDS));
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new UrbanFlowException("Cannot start Kafka broker: interrupted while waiting for it", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new UrbanFlowException("Cannot start Kafka broker on " + bootstrapServers()
                            + ": not ready after " + READY_TIMEOUT.toSeconds() + "s");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UrbanFlowException("Cannot start Kafka broker: interrupted while waiting for it", e);
                }
            }
        }
    }

    /**
     * Refuses a log dir another broker holds, before any Kafka component opens it: a second controller on the same
     * metadata log would corrupt it, and Kafka halts the JVM on such faults.
     */
    static void requireUnused(Path dir) {
        Path lockFile = dir.resolve(".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, null);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, e);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Kafka broker: cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private static UrbanFlowException inUse(Path dir, Exception cause) {
        return new UrbanFlowException("Cannot start Kafka broker: " + dir
                + " is in use by another broker (is 'urbanflow broker' already running with this data dir?)", cause);
    }

    static int freePort() {
        try {
            return LocalPorts.free(HOST);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Kafka broker: no free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    static int requireFree(int port) {
        try {
            LocalPorts.probe(HOST, port);
            return port;
        } catch (BindException e) {
            throw new UrbanFlowException("Cannot start Kafka broker on " + HOST + ":" + port
                    + ": the port is in use (another broker? choose one with --port)", e);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start Kafka broker on " + HOST + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
