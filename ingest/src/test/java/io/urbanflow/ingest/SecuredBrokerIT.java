package io.urbanflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.LocalPorts;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.stream.EmbeddedKafkaBroker;
import io.urbanflow.stream.Kafka;
import io.urbanflow.stream.KafkaClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster: a real broker with two client listeners, one taking SASL/PLAIN only, one TLS only (a self-signed
 * certificate for 127.0.0.1 made by the JDK's keytool). The client properties of a {@code --kafka-properties} file
 * reach the producer, the admin client and the ingest's consumer; the ingest lands every message exactly once over
 * SASL and over TLS; a wrong password, or a client that does not trust the broker's certificate, is one line naming
 * the setting.
 */
class SecuredBrokerIT {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required";
    private static final String STORE_PASSWORD = "store-s3cret";
    private static EmbeddedKafkaBroker broker;
    private static String secured;
    private static String tls;
    private static Path brokerCertificate;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker(@TempDir Path brokerDir, @TempDir Path certificates) throws IOException, InterruptedException {
        secured = "127.0.0.1:" + LocalPorts.free("127.0.0.1");
        tls = "127.0.0.1:" + LocalPorts.free("127.0.0.1");
        Path keyStore = certificates.resolve("broker.p12");
        brokerCertificate = certificates.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-file", brokerCertificate.toString());
        broker = EmbeddedKafkaBroker.start(brokerDir, 0, properties -> {
            properties.put("listeners", properties.get("listeners") + ",SECURED://" + secured + ",TLS://" + tls);
            properties.put("advertised.listeners", properties.get("advertised.listeners") + ",SECURED://" + secured + ",TLS://" + tls);
            properties.put("listener.security.protocol.map", properties.get("listener.security.protocol.map")
                    + ",SECURED:SASL_PLAINTEXT,TLS:SSL");
            properties.put("sasl.enabled.mechanisms", "PLAIN");
            properties.put("listener.name.secured.plain.sasl.jaas.config", JAAS + " user_ingest=\"s3cret\";");
            properties.put("listener.name.tls.ssl.keystore.type", "PKCS12");
            properties.put("listener.name.tls.ssl.keystore.location", keyStore.toString());
            properties.put("listener.name.tls.ssl.keystore.password", STORE_PASSWORD);
            properties.put("listener.name.tls.ssl.key.password", STORE_PASSWORD);
        });
    }

    /** Runs the JDK's keytool, failing with its output when it fails. */
    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ":\n" + output).isZero();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void plainClientsAgain() {
        KafkaClients.use(Map.of());
    }

    @Test
    void a_properties_file_carries_sasl_to_every_client_and_the_ingest_lands_each_message_once() throws IOException {
        Path file = dataDir.resolve("kafka-client.properties");
        Files.writeString(file, "bootstrap.servers=ignored:1\nsecurity.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=" + JAAS + " username=\"ingest\" password=\"s3cret\";\n");
        KafkaClients.use(KafkaClients.load(file));

        Kafka.ensureReachable(secured, Duration.ofSeconds(10));
        Kafka.ensureTopic(secured, "secured.orders", 2);
        send(secured, "secured.orders", 200);
        TopicBinding binding = IngestJobTest.binding("secured.orders", "raw.secured_orders");
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(secured).withGroup("secured-group")
                .withCommitInterval(Duration.ofMillis(200)).withUntilIdle(Duration.ofSeconds(3));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            try (IngestJob job = IngestJob.create(lake, List.of(binding), config, Clock.systemUTC())) {
                assertThat(job.run().summaryLine()).isEqualTo("ingested=200 rejected=0");
            }
            assertThat(IngestJobTest.read(lake.table("raw.secured_orders"))).extracting(row -> row.getField("id"))
                    .doesNotHaveDuplicates().hasSize(200);
        }
    }

    @Test
    void a_properties_file_carries_tls_to_every_client_and_the_ingest_lands_each_message_once() throws IOException {
        Path file = dataDir.resolve("kafka-client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=" + brokerCertificate + "\n");
        KafkaClients.use(KafkaClients.load(file));

        Kafka.ensureReachable(tls, Duration.ofSeconds(10));
        Kafka.ensureTopic(tls, "tls.orders", 2);
        send(tls, "tls.orders", 200);
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(tls).withGroup("tls-group")
                .withCommitInterval(Duration.ofMillis(200)).withUntilIdle(Duration.ofSeconds(3));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir))) {
            try (IngestJob job = IngestJob.create(lake, List.of(IngestJobTest.binding("tls.orders", "raw.tls_orders")), config, Clock.systemUTC())) {
                assertThat(job.run().summaryLine()).isEqualTo("ingested=200 rejected=0");
            }
            assertThat(IngestJobTest.read(lake.table("raw.tls_orders"))).extracting(row -> row.getField("id"))
                    .doesNotHaveDuplicates().hasSize(200);
        }
    }

    @Test
    void a_client_that_does_not_trust_the_brokers_certificate_is_one_line_naming_the_properties_setting() {
        // TLS, but the JVM's default trust store: the broker's self-signed certificate is not in it
        KafkaClients.use(Map.of("security.protocol", "SSL"));
        assertThatThrownBy(() -> Kafka.ensureReachable(tls, Duration.ofSeconds(10)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use Kafka at " + tls + ": the TLS handshake with the broker failed")
                .hasMessageContaining("--kafka-properties (kafka.client-properties)");
    }

    @Test
    void a_wrong_password_is_one_line_naming_the_properties_setting() {
        KafkaClients.use(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS + " username=\"ingest\" password=\"wrong\";"));
        assertThatThrownBy(() -> Kafka.ensureReachable(secured, Duration.ofSeconds(10)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use Kafka at " + secured + ": the broker refused the client's credentials")
                .hasMessageContaining("--kafka-properties (kafka.client-properties)")
                .hasMessageNotContaining("wrong");

        IngestConfig config = IngestConfig.defaults().withBootstrapServers(secured).withGroup("refused-group")
                .withUntilIdle(Duration.ofSeconds(5));
        try (Lake lake = Lake.open(LakeConfig.defaults(dataDir));
             IngestJob job = IngestJob.create(lake, List.of(IngestJobTest.binding("secured.refused", "raw.refused")), config, Clock.systemUTC())) {
            assertThatThrownBy(job::run).isInstanceOf(UrbanFlowException.class)
                    .hasMessageContaining("the broker refused the client's credentials");
        }
    }

    private static void send(String bootstrapServers, String topic, int count) {
        Map<String, Object> properties = new HashMap<>();
        KafkaClients.addTo(properties);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, ("{\"id\":\"o" + i + "\",\"amount\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
