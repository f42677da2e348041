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

    @Test
    void a_resuming_run_keeps_each_bad_line_once_and_cuts_off_what_a_killed_run_left_of_its_last_line(@TempDir Path dataDir)
            throws IOException {
        Quarantine killed = Quarantine.open(dataDir, "replay", CLOCK);
        killed.reject(new Reject("dir/taxi \"1\".txt", 3, "garbage", "bad field count"));
        killed.reject(new Reject("taxi.txt", 7, "more garbage", "bad field count"));
        killed.close();
        // killed while writing line 9's reject: part of its line reached the file
        Files.writeString(killed.path(), "{\"file\":\"taxi.txt\",\"line\":9,\"rea", java.nio.file.StandardOpenOption.APPEND);

        try (Quarantine resumed = Quarantine.resuming(dataDir, "replay", CLOCK)) {
            // the whole input again, from the start
            resumed.reject(new Reject("dir/taxi \"1\".txt", 3, "garbage", "bad field count"));
            resumed.reject(new Reject("taxi.txt", 7, "more garbage", "bad field count"));
            resumed.reject(new Reject("taxi.txt", 9, "third", "bad field count"));
            resumed.reject(new Reject("taxi.txt", 12, "fourth", "bad field count"));
            assertThat(resumed.count()).isEqualTo(2);
            assertThat(resumed.alreadyKept()).isEqualTo(2);
        }

        List<Map<String, Object>> all = new ArrayList<>();
        try (var files = Files.list(dataDir.resolve("quarantine"))) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).endsWith("\n");
                all.addAll(jsonLines(file));
            }
        }
        assertThat(all).extracting(line -> line.get("file") + ":" + line.get("line"))
                .containsExactlyInAnyOrder("dir/taxi \"1\".txt:3", "taxi.txt:7", "taxi.txt:9", "taxi.txt:12");
    }

    @Test
    void a_file_another_live_run_writes_is_read_but_never_cut(@TempDir Path dataDir) throws IOException {
        try (Quarantine live = Quarantine.open(dataDir, "replay", CLOCK)) {
            live.reject(new Reject("taxi.txt", 1, "x", "r"));
            live.flush();
            Files.writeString(live.path(), "{\"file\":\"taxi.txt\",\"li", java.nio.file.StandardOpenOption.APPEND);
            long size = Files.size(live.path());
            try (Quarantine resumed = Quarantine.resuming(dataDir, "replay", CLOCK)) {
                resumed.reject(new Reject("taxi.txt", 1, "x", "r"));
                assertThat(resumed.alreadyKept()).isEqualTo(1);
            }
            assertThat(Files.size(live.path())).isEqualTo(size);
        }
    }

    static List<Map<String, Object>> jsonLines(Path path) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(path)) {
            lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
        }
        return lines;
    }
}
