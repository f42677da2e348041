package io.urbanflow.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);

    @Test
    void writes_one_json_object_per_reject_named_after_the_run_and_the_time(@TempDir Path dataDir) throws IOException {
        Path path;
        try (Quarantine quarantine = Quarantine.open(dataDir, "replay", CLOCK)) {
            path = quarantine.path();
            quarantine.reject(new Reject("taxi.txt", 12, "156;\"odd\"\\line\twith tab", "unparseable latitude '4l.9'"));
            quarantine.reject(new Reject("taxi.txt", 13, "caf\u00e9 \u0001", "bad field count"));
            assertThat(quarantine.count()).isEqualTo(2);
        }

        assertThat(path).isEqualTo(dataDir.resolve("quarantine/replay-20240506-070809.jsonl"));
        List<Map<String, Object>> lines = jsonLines(path);
        assertThat(lines).containsExactly(
                Map.of("file", "taxi.txt", "line", 12, "reason", "unparseable latitude '4l.9'", "raw", "156;\"odd\"\\line\twith tab"),
                Map.of("file", "taxi.txt", "line", 13, "reason", "bad field count", "raw", "caf\u00e9 \u0001"));
    }

    @Test
    void a_run_without_rejects_leaves_no_file_and_a_second_run_in_the_same_second_gets_its_own(@TempDir Path dataDir) {
        Quarantine clean = Quarantine.open(dataDir, "replay", CLOCK);
        clean.close();
        assertThat(clean.path()).doesNotExist();

        Quarantine first = Quarantine.open(dataDir, "replay", CLOCK);
        first.reject(new Reject("a", 1, "x", "r"));
        first.close();
        Quarantine second = Quarantine.open(dataDir, "replay", CLOCK);
        assertThat(second.path()).isNotEqualTo(first.path()).hasFileName("replay-20240506-070809-2.jsonl");
    }

    @Test
    void rejects_from_many_threads_are_whole_lines_and_counted(@TempDir Path dataDir) throws Exception {
        Quarantine quarantine = Quarantine.open(dataDir, "ingest", CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            int id = thread;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 2_500; i++) {
                    quarantine.reject(new Reject("file-" + id, i + 1, "raw line " + i + " of " + id, "reason " + i));
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        quarantine.close();

        assertThat(quarantine.count()).isEqualTo(10_000);
        assertThat(jsonLines(quarantine.path())).hasSize(10_000)
                .allSatisfy(line -> assertThat(line).containsOnlyKeys("file", "line", "reason", "raw"));
    }

    static List<Map<String, Object>> jsonLines(Path path) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        return lines;
    }
}
