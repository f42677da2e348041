package io.urbanflow.stream;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Client properties every Kafka client of this process adds to its own: the security settings of an external
 * cluster ({@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location},
 * ...), read once from the file the setting {@code kafka.client-properties} names ({@code --kafka-properties FILE},
 * {@code URBANFLOW_KAFKA_CLIENT_PROPERTIES}) so that no secret is typed on a command line. Producers, consumers and
 * admin clients all take them; the settings a client needs for its own work (bootstrap servers, serializers, group)
 * are set after them and win.
 *
 * <p>Process-wide by design: set once at start-up by the command line, before any client is created; read by every
 * client. Thread-safe (an immutable map behind a volatile reference).
 */
public final class KafkaClients {
    /** The setting naming the properties file. */
    public static final String CLIENT_PROPERTIES = "kafka.client-properties";
    private static volatile Map<String, String> properties = Map.of();

    private KafkaClients() {
    }

    /** Replaces the properties every client adds (an empty map: plain connections). */
    public static void use(Map<String, String> clientProperties) {
        properties = Map.copyOf(clientProperties);
    }

    /** The properties every client adds now. */
    public static Map<String, String> properties() {
        return properties;
    }

    /** Adds the properties to a client's configuration; call before setting the client's own keys. */
    public static void addTo(Map<? super String, ? super String> configuration) {
        configuration.putAll(properties);
    }

    /**
     * Reads a Kafka client properties file ({@code key=value} lines, as Kafka's own tools take with
     * {@code --command-config}).
     *
     * @throws UrbanFlowException naming the setting when the file is missing or unreadable
     */
    public static Map<String, String> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UrbanFlowException("Cannot read Kafka client properties " + file + ": no such file (" + CLIENT_PROPERTIES
                    + ", --kafka-properties)");
        }
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            loaded.load(reader);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        loaded.stringPropertyNames().forEach(name -> values.put(name, loaded.getProperty(name).trim()));
        values.remove("bootstrap.servers"); // --bootstrap-servers says where; the file says how
        return values;
    }
}
