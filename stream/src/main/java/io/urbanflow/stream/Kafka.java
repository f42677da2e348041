package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;

/**
 * Small Kafka chores every command shares: checking that a broker answers (so a missing broker is one clear line,
 * not a minute of retries) and creating a topic. Stateless and thread-safe.
 */
public final class Kafka {
    /** How long commands wait for a broker before saying none answered. */
    public static final Duration DEFAULT_REACH_TIMEOUT = Duration.ofSeconds(5);
    /** Where commands look for a broker unless told otherwise. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(15);

    private Kafka() {
    }

    /**
     * Returns once a broker at {@code bootstrapServers} answers a metadata request.
     *
     * @throws UrbanFlowException "Cannot reach Kafka at HOST:PORT: no broker answered within 5s. Start one with:
     *                            urbanflow broker" when none answers within {@code timeout}
     */
    public static void ensureReachable(String bootstrapServers, Duration timeout) {
        try (Admin admin = admin(bootstrapServers, timeout)) {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis(timeout)))
                        .nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw unreachable(bootstrapServers, timeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable(bootstrapServers, timeout, e);
            } finally {
                admin.close(Duration.ZERO);
            }
        }
    }

    /**
     * Creates {@code topic} with {@code partitions} partitions and the broker's default replication factor unless it
     * exists; an existing topic is left as it is, whatever its partition count. Returns once every partition's leader
     * accepts writes.
     *
     * @throws UrbanFlowException when the name is not a legal topic name or the broker refuses or does not answer
     */
    public static void ensureTopic(String bootstrapServers, String topic, int partitions) {
        if (partitions < 1) {
            throw new UrbanFlowException("Cannot create topic " + topic + ": partitions must be at least 1, not " + partitions);
        }
        try {
            Topic.validate(topic);
        } catch (KafkaException e) {
            throw new UrbanFlowException("Cannot create topic '" + topic + "': " + e.getMessage(), e);
        }
        try (Admin admin = admin(bootstrapServers, TOPIC_TIMEOUT)) {
            if (!admin.listTopics().names().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                            .all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) { // else created concurrently: fine
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(topic));
        } catch (ExecutionException e) {
            throw new UrbanFlowException("Cannot create topic " + topic + " at " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UrbanFlowException("Cannot create topic " + topic + ": no broker at " + bootstrapServers
                    + " answered within " + seconds(TOPIC_TIMEOUT) + ". Start one with: urbanflow broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot create topic " + topic + ": interrupted", e);
        }
    }

    /**
     * The number of partitions of an existing topic.
     *
     * @throws UrbanFlowException when the topic does not exist or no broker answers
     */
    public static int partitionCount(String bootstrapServers, String topic) {
        try (Admin admin = admin(bootstrapServers, TOPIC_TIMEOUT)) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().size();
        } catch (ExecutionException e) {
            throw new UrbanFlowException("Cannot describe topic " + topic + " at " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UrbanFlowException("Cannot describe topic " + topic + ": no broker at " + bootstrapServers
                    + " answered within " + seconds(TOPIC_TIMEOUT), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UrbanFlowException("Cannot describe topic " + topic + ": interrupted", e);
        }
    }

    /**
     * Returns once every partition's leader serves requests. A new topic's metadata names its leader a moment
     * before the leader takes writes; an idempotent producer whose first batch meets that moment gets
     * NOT_LEADER_OR_FOLLOWER while its next batches succeed, and the retried first batch is then out of sequence
     * until the delivery timeout. Listing the partitions' offsets asks each leader itself.
     */
    static void awaitLeaders(Admin admin, Collection<String> topics)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (true) {
            try {
                // A just-created topic may be unknown to the broker's metadata for a moment: describe it in the loop.
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (TopicDescription description : admin.describeTopics(topics).allTopicNames()
                        .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
                    for (TopicPartitionInfo partition : description.partitions()) {
                        partitions.put(new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest());
                    }
                }
                admin.listOffsets(partitions).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** "5s", "0.3s": how the messages name a timeout. */
    static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : (millis / 1000.0) + "s";
    }

    private static Admin admin(String bootstrapServers, Duration timeout) {
        Properties properties = new Properties();
        KafkaClients.addTo(properties); // an external cluster's security settings, if any
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMillis(timeout)));
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMillis(timeout)));
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(timeoutMillis(timeout), 10_000)));
        properties.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, String.valueOf(Math.min(timeoutMillis(timeout), 10_000)));
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "urbanflow-admin");
        try {
            return Admin.create(properties);
        } catch (KafkaException e) {
            // Raised for bootstrap strings that do not parse or resolve, before any connection is tried.
            throw new UrbanFlowException("Cannot reach Kafka at " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + " (expected HOST:PORT[,HOST:PORT...])", e);
        }
    }

    private static int timeoutMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** The one line for a broker that refused the client's credentials (SASL) or its TLS handshake. */
    public static UrbanFlowException refused(String bootstrapServers, org.apache.kafka.common.errors.AuthenticationException refused) {
        String what = refused instanceof org.apache.kafka.common.errors.SslAuthenticationException
                ? "the TLS handshake with the broker failed" : "the broker refused the client's credentials";
        return new UrbanFlowException("Cannot use Kafka at " + bootstrapServers + ": " + what + " (" + refused.getMessage()
                + "); check the security settings in --kafka-properties (" + KafkaClients.CLIENT_PROPERTIES + ")", refused);
    }

    private static UrbanFlowException unreachable(String bootstrapServers, Duration timeout, Exception cause) {
        for (Throwable reason = cause; reason != null; reason = reason.getCause()) {
            if (reason instanceof org.apache.kafka.common.errors.AuthenticationException refused) {
                return refused(bootstrapServers, refused);
            }
        }
        return new UrbanFlowException("Cannot reach Kafka at " + bootstrapServers + ": no broker answered within "
                + seconds(timeout) + "; check --bootstrap-servers (and --kafka-properties for a secured cluster) or start one with: urbanflow broker", cause);
    }
}
