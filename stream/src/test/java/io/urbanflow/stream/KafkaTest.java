package io.urbanflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.LocalPorts;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaTest {
    @Test
    void an_unreachable_broker_is_one_line_saying_how_to_start_one() throws Exception {
        int closedPort = LocalPorts.free("127.0.0.1");
        long start = System.nanoTime();
        assertThatThrownBy(() -> Kafka.ensureReachable("127.0.0.1:" + closedPort, Duration.ofMillis(500)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot reach Kafka at 127.0.0.1:" + closedPort
                        + ": no broker answered within 0.5s; check --bootstrap-servers (and --kafka-properties for a secured cluster) or start one with: urbanflow broker");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_bootstrap_address_without_a_port_is_one_clear_line() {
        assertThatThrownBy(() -> Kafka.ensureReachable("localhost", Duration.ofMillis(500)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot reach Kafka at localhost: ")
                .hasMessageEndingWith("(expected HOST:PORT[,HOST:PORT...])");
    }

    @Test
    void timeouts_are_named_in_seconds() {
        assertThat(Kafka.seconds(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Kafka.seconds(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }

    @Test
    void an_illegal_topic_name_is_refused_before_any_broker_is_asked() {
        assertThatThrownBy(() -> Kafka.ensureTopic("127.0.0.1:1", "no spaces", 3))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot create topic 'no spaces': ");
    }
}
