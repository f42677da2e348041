package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientsTest {
    @TempDir
    Path dir;

    @AfterEach
    void plain_connections_again() {
        KafkaClients.use(Map.of());
    }

    @Test
    void the_file_s_security_settings_reach_every_producer_but_not_its_bootstrap_servers() throws IOException {
        Path file = Files.writeString(dir.resolve("client.properties"), String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "bootstrap.servers=elsewhere:9092", ""));
        KafkaClients.use(KafkaClients.load(file));

        Map<String, Object> producer = ReplayProducer.producerConfig(ReplayOptions.defaults("127.0.0.1:9092"));

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092").containsEntry("acks", "all");
    }

    @Test
    void a_missing_file_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> KafkaClients.load(dir.resolve("absent.properties")))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining(KafkaClients.CLIENT_PROPERTIES);
    }
}
