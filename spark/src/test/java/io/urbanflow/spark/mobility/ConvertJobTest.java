package io.urbanflow.spark.mobility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.TestSpark;
import io.urbanflow.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPS files to Parquet to the raw table, one task per file, with the platform's readers and quarantine. */
class ConvertJobTest {
    @TempDir
    Path dir;

    @Test
    void a_folder_of_files_lands_in_the_raw_table_as_the_domain_s_readers_read_it() {
        List<GpsPoint> expected = new ArrayList<>();
        ReadSummary summary = GpsSources.open(SampleData.sfCabspotting(), SourceOptions.defaults()).read(expected::add, reject -> { });
        try (SparkLake lake = TestSpark.lake(dir.resolve("lake"))) {
            ConvertJob.Result result = ConvertJob.run(lake, SampleData.sfCabspotting(), SourceOptions.defaults(),
                    ConvertJob.RejectPolicy.QUARANTINE, dir, MobilityLake.CLOCK);

            assertThat(result.files()).isEqualTo(3);
            assertThat(result.points()).isEqualTo(expected.size()).isEqualTo(summary.accepted());
            assertThat(result.rejected()).isEqualTo(summary.rejected());
            assertThat(Files.list(result.parquet()).filter(path -> path.toString().endsWith(".parquet")).count()).isEqualTo(3);
            assertThat(result.sources()).hasSize(1);
            var session = lake.session();
            GpsPoint first = expected.get(0);
            assertThat(session.sql("SELECT count(*) FROM raw.gps_points WHERE vehicle_id = '" + first.vehicleId() + "' AND unix_micros(ts) = "
                    + first.epochMicros() + " AND lat = " + first.latitude() + " AND lon = " + first.longitude() + " AND occupancy = "
                    + first.occupancy() + " AND kafka_partition = -1 AND kafka_offset = 0").first().getLong(0)).isEqualTo(1);
            assertThat(session.sql("SELECT count(DISTINCT vehicle_id), min(kafka_offset) FROM raw.gps_points").first().toString())
                    .isEqualTo("[3,0]");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void bad_lines_go_to_the_quarantine_and_the_good_ones_on() throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        List<String> lines = Files.readAllLines(SampleData.romeCrawdad()).subList(0, 200);
        List<String> withBadLines = new ArrayList<>(lines);
        withBadLines.set(10, "156;2014-02-01 00:00:0x+01;POINT(41.9 12.5)");
        withBadLines.set(20, "not a line at all");
        Files.write(input.resolve("rome.txt"), withBadLines);
        Files.write(input.resolve("rome-clean.txt"), lines);
        try (SparkLake lake = TestSpark.lake(dir.resolve("lake"))) {
            ConvertJob.Result result = ConvertJob.run(lake, input, SourceOptions.defaults(), ConvertJob.RejectPolicy.QUARANTINE, dir, MobilityLake.CLOCK);

            assertThat(result.files()).isEqualTo(2);
            assertThat(result.rejected()).isEqualTo(2);
            assertThat(result.points()).isEqualTo(200 + 198);
            assertThat(result.quarantine()).isPresent();
            List<String> quarantined = Files.readAllLines(result.quarantine().get());
            assertThat(quarantined).hasSize(2);
            assertThat(quarantined.get(0)).contains("\"line\":11").contains("rome.txt");
            assertThat(quarantined.get(1)).contains("\"line\":21").contains("not a line at all");
            assertThat(result.quarantine().get().getParent()).isEqualTo(dir.resolve("quarantine"));
            assertThat(result.quarantine().get().getFileName().toString()).startsWith("spark-convert-");
        }
    }

    @Test
    void strict_stops_at_the_first_bad_line_and_writes_nothing() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(SampleData.romeCrawdad()).subList(0, 50));
        lines.set(30, "156;yesterday;POINT(41.9 12.5)");
        Path file = Files.write(dir.resolve("rome.txt"), lines);
        try (SparkLake lake = TestSpark.lake(dir.resolve("lake"))) {
            assertThatThrownBy(() -> ConvertJob.run(lake, file, SourceOptions.defaults(), ConvertJob.RejectPolicy.STRICT, dir, MobilityLake.CLOCK))
                    .isInstanceOf(MalformedInputException.class)
                    .hasMessageStartingWith("Cannot read " + file + " line 31: ");
            assertThat(lake.session().sql("SELECT count(*) FROM raw.gps_points").first().getLong(0)).isZero();
            assertThat(dir.resolve("quarantine")).doesNotExist();
        }
    }

    @Test
    void a_missing_path_is_named() {
        try (SparkLake lake = TestSpark.lake(dir.resolve("lake"))) {
            assertThatThrownBy(() -> ConvertJob.run(lake, dir.resolve("nothing-here"), SourceOptions.defaults(),
                    ConvertJob.RejectPolicy.QUARANTINE, dir, MobilityLake.CLOCK))
                    .hasMessage("Cannot convert " + dir.resolve("nothing-here") + ": no such file or folder");
        }
    }

}
