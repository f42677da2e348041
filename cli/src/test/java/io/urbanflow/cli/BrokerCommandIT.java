package io.urbanflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.stream.Kafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code urbanflow broker} in its own JVM: it announces its address, serves clients and stops cleanly on SIGTERM. */
class BrokerCommandIT {
    @TempDir
    Path dir;

    @Test
    void prints_its_bootstrap_address_serves_clients_and_stops_cleanly_on_sigterm() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("--data-dir");
        command.add(dir.toString());
        command.add("broker");
        command.add("--port");
        command.add("0");
        Path errors = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as(Files.exists(errors) ? Files.readString(errors) : "").matches("bootstrap=127\\.0\\.0\\.1:\\d+");
            String bootstrapServers = first.substring("bootstrap=".length());

            Kafka.ensureReachable(bootstrapServers, Duration.ofSeconds(5));
            Kafka.ensureTopic(bootstrapServers, "alive", 1);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(Files.readString(errors)).contains("Kafka broker stopped.").doesNotContain("Exception");
        assertThat(dir.resolve("kafka").resolve("meta.properties")).exists();
        assertThat(dir.resolve("kafka").resolve("alive-0")).isDirectory();
    }
}
