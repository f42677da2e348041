package io.urbanflow.mobility.sources;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointCsvWriterTest {
    private static final ZoneId ROME = City.ROME.zone();

    @TempDir
    Path folder;

    @Test
    void writes_the_header_and_one_line_per_point_in_the_canonical_format() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PointCsvWriter writer = new PointCsvWriter(bytes, "memory", ROME)) {
            writer.accept(point("156", "2014-02-01T07:00:03.250Z", 41.8836718276551, 12.4877775603346, GpsPoint.OCCUPIED));
            writer.accept(point("abboip", "2008-05-17T10:00:00Z", 37.75153, -122.39447, GpsPoint.FREE));
            writer.accept(new GpsPoint("7", 1_391_209_200_739_166L, -0.0000001, 0.5, GpsPoint.OCCUPANCY_UNKNOWN, ""));
            writer.accept(point("cab \"7\", north", "2014-02-01T07:00:00Z", 41.9, 12.5, GpsPoint.FREE));
            assertThat(writer.count()).isEqualTo(4);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "vehicle_id,timestamp,latitude,longitude,occupancy\n"
                + "156,2014-02-01T08:00:03.250+01:00,41.883672,12.487778,1\n"
                + "abboip,2008-05-17T12:00:00.000+02:00,37.751530,-122.394470,0\n"
                + "7,2014-02-01T00:00:00.739166+01:00,0.000000,0.500000,\n"
                + "\"cab \"\"7\"\", north\",2014-02-01T08:00:00.000+01:00,41.900000,12.500000,0\n");
    }

    @Test
    void timestamps_carry_the_offset_in_force_at_each_instant() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PointCsvWriter writer = new PointCsvWriter(bytes, "memory", ROME)) {
            writer.accept(point("1", "2014-03-30T00:59:59.999Z", 41.9, 12.5, GpsPoint.FREE));
            writer.accept(point("1", "2014-03-30T01:00:00Z", 41.9, 12.5, GpsPoint.FREE));
            writer.accept(point("1", "2014-03-29T12:00:00Z", 41.9, 12.5, GpsPoint.FREE)); // back in time
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().skip(1).map(line -> line.split(",")[1]))
                .containsExactly("2014-03-30T01:59:59.999+01:00", "2014-03-30T03:00:00.000+02:00", "2014-03-29T13:00:00.000+01:00");

        ByteArrayOutputStream utc = new ByteArrayOutputStream();
        try (PointCsvWriter writer = new PointCsvWriter(utc, "memory", ZoneOffset.UTC)) {
            writer.accept(point("1", "2014-03-30T01:00:00Z", 41.9, 12.5, GpsPoint.FREE));
        }
        assertThat(utc.toString(StandardCharsets.UTF_8)).contains(",2014-03-30T01:00:00.000Z,");
    }

    @Test
    void a_synthetic_day_round_trips_through_the_csv_unchanged() throws IOException {
        FleetOptions options = FleetOptions.defaults().withTaxis(20).withOutlierFraction(0.01);
        List<GpsPoint> generated = new ArrayList<>();
        Path file = folder.resolve("nested/rome.csv");
        try (PointCsvWriter writer = PointCsvWriter.open(file, ROME)) {
            SyntheticFleet.of(options).read(point -> {
                generated.add(point);
                writer.accept(point);
            }, RejectSink.strict());
        }
        List<GpsPoint> read;
        try (InputStream in = Files.newInputStream(file)) {
            read = parse(in);
        }
        assertThat(read).isEqualTo(generated);
    }

    @Test
    void a_gzipped_synthetic_day_reads_back_through_sources_with_format_auto() {
        FleetOptions options = FleetOptions.defaults().withCity(City.SAN_FRANCISCO).withTaxis(20).withOutlierFraction(0.01);
        List<GpsPoint> generated = new ArrayList<>();
        Path file = folder.resolve("sf.csv.gz");
        try (PointCsvWriter writer = PointCsvWriter.open(file, City.SAN_FRANCISCO.zone())) {
            SyntheticFleet.of(options).read(point -> {
                generated.add(point);
                writer.accept(point);
            }, RejectSink.strict());
        }
        List<GpsPoint> read = new ArrayList<>();
        ReadSummary summary = GpsSources.open(file, SourceOptions.defaults()).read(point -> read.add(
                new GpsPoint(point.vehicleId(), point.epochMicros(), point.latitude(), point.longitude(), point.occupancy(),
                        "synthetic")), RejectSink.strict());
        assertThat(summary).isEqualTo(new ReadSummary(generated.size(), 0));
        assertThat(read).isEqualTo(generated);
    }

    @Test
    void a_gz_path_is_gzipped() throws IOException {
        Path file = folder.resolve("points.csv.gz");
        try (PointCsvWriter writer = PointCsvWriter.open(file, ROME)) {
            writer.accept(point("1", "2014-02-01T07:00:00Z", 41.9, 12.5, GpsPoint.OCCUPIED));
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(parse(in)).containsExactly(point("1", "2014-02-01T07:00:00Z", 41.9, 12.5, GpsPoint.OCCUPIED));
        }
    }

    @Test
    void a_file_that_cannot_be_created_is_one_clear_error() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("file"), "x");
        assertThatThrownBy(() -> PointCsvWriter.open(notAFolder.resolve("points.csv"), ROME))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot write " + notAFolder.resolve("points.csv") + ": ");
    }

    private static GpsPoint point(String vehicle, String instant, double latitude, double longitude, int occupancy) {
        return new GpsPoint(vehicle, GpsPoint.toEpochMicros(Instant.parse(instant)), latitude, longitude, occupancy, "synthetic");
    }

    /** A reader for the canonical CSV written independently of the sources' csv format (ids without commas). */
    private static List<GpsPoint> parse(InputStream in) throws IOException {
        List<GpsPoint> points = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo(PointCsvWriter.HEADER);
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String[] fields = line.split(",", -1);
            assertThat(fields).hasSize(5);
            points.add(new GpsPoint(fields[0],
                    GpsPoint.toEpochMicros(OffsetDateTime.parse(fields[1]).toInstant()),
                    Double.parseDouble(fields[2]), Double.parseDouble(fields[3]),
                    fields[4].isEmpty() ? GpsPoint.OCCUPANCY_UNKNOWN : Integer.parseInt(fields[4]), "synthetic"));
        }
        return points;
    }
}
