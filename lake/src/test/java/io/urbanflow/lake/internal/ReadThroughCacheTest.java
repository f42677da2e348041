package io.urbanflow.lake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache over a real FileIO (local files standing in for the store's objects). */
class ReadThroughCacheTest {
    @TempDir
    Path store;

    @TempDir
    Path cacheDir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
    private final LocalFileIO io = new LocalFileIO();

    @Test
    void a_file_is_copied_once_and_then_served_from_the_cache() throws IOException {
        Path file = Files.writeString(store.resolve("a.parquet"), "0123456789");
        ReadThroughCache cache = new ReadThroughCache(cacheDir, 1_000, clock);

        Path copy = cache.localCopy(io, file.toString(), 10);
        assertThat(copy).startsWith(cacheDir).hasContent("0123456789");
        Files.delete(file); // served from the copy now, whether or not the length is known
        assertThat(cache.localCopy(io, file.toString(), 10)).isEqualTo(copy);
        assertThat(cache.localCopy(io, file.toString(), -1)).isEqualTo(copy);
    }

    @Test
    void a_copy_of_another_length_than_the_metadata_says_is_refused_and_not_kept() throws IOException {
        Path file = Files.writeString(store.resolve("b.parquet"), "short");
        ReadThroughCache cache = new ReadThroughCache(cacheDir, 1_000, clock);

        assertThatThrownBy(() -> cache.localCopy(io, file.toString(), 99)).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("downloaded 5 bytes, but the file has 99");
        assertThat(cache.sizeBytes()).isZero();
    }

    @Test
    void beyond_its_bound_the_least_recently_used_copies_go_but_not_those_in_use() throws IOException {
        ReadThroughCache cache = new ReadThroughCache(cacheDir, 25, clock);
        Path old = cache.localCopy(io, Files.writeString(store.resolve("old.parquet"), "x".repeat(10)).toString(), 10);
        Path older = cache.localCopy(io, Files.writeString(store.resolve("older.parquet"), "y".repeat(10)).toString(), 10);
        Files.setLastModifiedTime(old, FileTime.from(clock.instant().minusSeconds(600)));
        Files.setLastModifiedTime(older, FileTime.from(clock.instant().minusSeconds(900)));

        Path fresh = cache.localCopy(io, Files.writeString(store.resolve("new.parquet"), "z".repeat(10)).toString(), 10);

        assertThat(older).doesNotExist(); // the least recently used, unused for 15 minutes
        assertThat(old).exists();
        assertThat(fresh).exists();
        assertThat(cache.sizeBytes()).isEqualTo(20);

        // everything used within the last minute stays, even beyond the bound
        Files.setLastModifiedTime(old, FileTime.from(clock.instant()));
        cache.localCopy(io, Files.writeString(store.resolve("more.parquet"), "w".repeat(10)).toString(), 10);
        assertThat(cache.sizeBytes()).isEqualTo(30);
    }
}
