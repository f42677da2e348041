package io.urbanflow.mobility.sources;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.City;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawdadFileWriterTest {
    @Test
    void same_seed_same_bytes_and_every_line_parses(@TempDir Path dir) throws IOException {
        Path first = dir.resolve("a.txt");
        Path second = dir.resolve("b.txt");
        CrawdadFileWriter.write(first, 10_000, 7);
        CrawdadFileWriter.write(second, 10_000, 7);

        assertThat(Files.mismatch(first, second)).isEqualTo(-1);
        assertThat(Files.readAllLines(first).get(0)).matches("\\d+;2014-02-01 00:00:00\\.\\d{6}\\+01;POINT\\(41\\.\\d{13} 12\\.\\d{13}\\)");
        assertThat(GpsSources.detect(first, SourceOptions.defaults()).name()).isEqualTo("rome-crawdad");
        long[] outside = new long[1];
        ReadSummary summary = GpsSources.open(first, SourceOptions.defaults()).read(point -> {
            if (!City.ROME.bounds().contains(point.latitude(), point.longitude())) {
                outside[0]++;
            }
        }, RejectSink.strict());
        assertThat(summary).isEqualTo(new ReadSummary(10_000, 0));
        assertThat(outside[0]).isZero();
        ParseBenchmark.Result timed = ParseBenchmark.parseCrawdad(first);
        assertThat(timed.points()).isEqualTo(10_000);
        assertThat(timed.pointsPerSecond()).isPositive();
    }

    @Test
    void a_million_line_file_streams_through_a_heap_far_smaller_than_the_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.txt");
        long bytes = CrawdadFileWriter.write(file, 1_000_000, 3);
        assertThat(bytes).isGreaterThan(70_000_000L);

        // A separate JVM with a 24 MB heap: a reader that kept lines or points would die of OutOfMemoryError.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                CountPoints.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).isEqualTo("accepted=1000000 rejected=0");
    }

    /** Counts the points of a file in a small heap, for the test above. */
    static final class CountPoints {
        public static void main(String[] args) {
            ReadSummary summary = GpsSources.open(Path.of(args[0]), SourceOptions.defaults()).read(point -> { }, RejectSink.strict());
            System.out.println("accepted=" + summary.accepted() + " rejected=" + summary.rejected());
        }
    }
}
