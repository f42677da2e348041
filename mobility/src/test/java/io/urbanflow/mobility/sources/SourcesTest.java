package io.urbanflow.mobility.sources;

import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SourcesTest {
    private static final SourceOptions AUTO = SourceOptions.defaults();

    @Test
    void reads_every_line_of_the_rome_crawdad_sample_latitude_first() {
        Collected read = Collected.read(GpsSources.open(SampleData.romeCrawdad(), AUTO));

        assertThat(read.summary).isEqualTo(new ReadSummary(5_000, 0));
        GpsPoint first = read.points.get(0);
        assertThat(first).isEqualTo(new GpsPoint("156", micros("2014-01-31T23:00:00.739166Z"),
                41.8836718276551, 12.4877775603346, GpsPoint.OCCUPANCY_UNKNOWN, "rome-crawdad"));
        assertThat(read.points).allSatisfy(point -> assertThat(City.ROME.bounds().contains(point.latitude(), point.longitude())).isTrue());
        assertThat(read.points.stream().map(GpsPoint::vehicleId).distinct().count()).isEqualTo(51);
    }

    @Test
    void reads_the_kaggle_copy_whose_coordinate_headers_are_swapped() {
        Collected read = Collected.read(GpsSources.open(SampleData.romeKaggle(), AUTO));

        assertThat(read.summary).isEqualTo(new ReadSummary(10_000, 0));
        // The header says Longitude for the 41.88 column: the reader sees the values and puts it in latitude.
        assertThat(read.points.get(0)).isEqualTo(new GpsPoint("156", micros("2014-01-31T23:00:00.739166Z"),
                41.883671828, 12.48777756, GpsPoint.OCCUPANCY_UNKNOWN, "rome-kaggle"));
        assertThat(read.points).allSatisfy(point -> {
            assertThat(point.latitude()).isBetween(41.5, 42.2);
            assertThat(point.longitude()).isBetween(12.0, 13.0);
        });
        assertThat(read.points.get(9_999).vehicleId()).isEqualTo("331");
    }

    @Test
    void reads_the_cabspotting_directory_as_one_source_with_cab_ids_from_file_names() {
        Collected read = Collected.read(GpsSources.open(SampleData.sfCabspotting(), AUTO));

        assertThat(read.summary).isEqualTo(new ReadSummary(70_128, 0));
        Map<String, Long> perCab = read.points.stream().collect(Collectors.groupingBy(GpsPoint::vehicleId, Collectors.counting()));
        assertThat(perCab).containsExactlyInAnyOrderEntriesOf(Map.of("abboip", 23_495L, "aiwalb", 21_241L, "akgicjud", 25_392L));
        assertThat(read.points.get(0)).isEqualTo(new GpsPoint("abboip", 1_211_033_530_000_000L, 37.75153, -122.39447,
                GpsPoint.FREE, "sf-cabspotting"));
        assertThat(read.points).allSatisfy(point -> assertThat(City.SAN_FRANCISCO.bounds().contains(point.latitude(), point.longitude())).isTrue());
        assertThat(read.points.stream().map(GpsPoint::occupancy).distinct()).containsExactlyInAnyOrder(GpsPoint.FREE, GpsPoint.OCCUPIED);
    }

    @Test
    void reads_one_point_per_porto_polyline_pair_fifteen_seconds_apart() throws IOException {
        Collected read = Collected.read(GpsSources.open(SampleData.porto(), AUTO));

        assertThat(read.summary).isEqualTo(new ReadSummary(47_304, 0));
        assertThat(read.points).hasSize(countPolylinePairs(SampleData.porto()));
        assertThat(read.points.get(0)).isEqualTo(new GpsPoint("20000589", 1_372_636_858_000_000L, 41.141412, -8.618643,
                GpsPoint.OCCUPIED, "porto"));
        assertThat(read.points.get(1).epochMicros() - read.points.get(0).epochMicros()).isEqualTo(15_000_000L);
        assertThat(read.points.get(1).longitude()).isEqualTo(-8.618499);
        assertThat(read.points).allSatisfy(point -> {
            assertThat(point.latitude()).isCloseTo(41.15, within(0.5));
            assertThat(point.longitude()).isCloseTo(-8.6, within(0.6));
        });
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(SampleData.romeCrawdad(), "rome-crawdad", 5_000),
                Arguments.of(SampleData.romeKaggle(), "rome-kaggle", 10_000),
                Arguments.of(SampleData.sfCabspotting(), "sf-cabspotting", 70_128),
                Arguments.of(SampleData.porto(), "porto", 47_304));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("samples")
    void detects_the_format_of_every_sample(Path sample, String format, long points) {
        assertThat(GpsSources.detect(sample, AUTO).name()).isEqualTo(format);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("samples")
    void reads_gzip_copies_directly_with_the_same_points(Path sample, String format, long points, @TempDir Path dir)
            throws IOException {
        Path copy;
        if (Files.isDirectory(sample)) {
            copy = dir.resolve("cabs");
            Files.createDirectory(copy);
            try (Stream<Path> files = Files.list(sample)) {
                for (Path file : files.toList()) {
                    gzip(file, copy.resolve(file.getFileName() + ".gz"));
                }
            }
        } else {
            copy = gzip(sample, dir.resolve(sample.getFileName() + ".gz"));
        }

        assertThat(GpsSources.detect(copy, AUTO).name()).isEqualTo(format);
        Collected read = Collected.read(GpsSources.open(copy, AUTO));
        assertThat(read.summary).isEqualTo(new ReadSummary(points, 0));
        assertThat(read.points).isEqualTo(Collected.read(GpsSources.open(sample, AUTO)).points);
    }

    @Test
    void a_directory_skips_hidden_and_underscore_files_and_mixes_plain_and_gzip(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("_cabs.txt"), "<cab id=\"a\" updates=\"1\"/>\n");
        Files.writeString(dir.resolve(".DS_Store"), "junk");
        Files.writeString(dir.resolve("new_b.txt"), "37.75 -122.39 1 1211033530\n");
        Path plain = Files.writeString(dir.resolve("plain.tmp"), "37.76 -122.40 0 1211033531\n");
        gzip(plain, dir.resolve("new_a.txt.gz"));
        Files.delete(plain);

        assertThat(GpsSources.detect(dir, AUTO).name()).isEqualTo("sf-cabspotting");
        Collected read = Collected.read(GpsSources.open(dir, AUTO));
        assertThat(read.rejects).isEmpty();
        assertThat(read.points).extracting(GpsPoint::vehicleId).containsExactly("a", "b");
    }

    @Test
    void quarantines_malformed_lines_with_their_numbers_and_reads_the_good_ones_around_them(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("taxi.txt");
        Files.writeString(file, String.join("\n",
                "156;2014-02-01 00:00:00.739166+01;POINT(41.8836 12.4877)",
                "157;2014-02-31 00:00:00+01;POINT(41.9 12.5)",
                "158;2014-02-01 00:00:01.5+01;POINT(41.9 12.5)",
                "159;2014-02-01 00:00:02+01;POINT(41.9)",
                "160;2014-02-01 00:00:03+01;POINT(4l.9 12.5)",
                "161;2014-02-01 00:00:04+01",
                "162;2014-02-01 00:00:05+01;POINT(0 0)",
                "163;2014-02-01 00:00:06+01;POINT(91.5 12.5)",
                "",
                "164;2014-02-01 00:00:07+01;POINT(41.9 12.6)") + "\n");
        Path dataDir = dir.resolve("data");

        List<GpsPoint> points = new java.util.ArrayList<>();
        ReadSummary summary;
        Quarantine quarantine = Quarantine.open(dataDir, "replay");
        try (quarantine) {
            summary = GpsSources.open(file, SourceOptions.defaults().withFormat("rome-crawdad")).read(points::add, quarantine);
        }

        assertThat(points).extracting(GpsPoint::vehicleId).containsExactly("156", "158", "164");
        assertThat(summary).isEqualTo(new ReadSummary(3, 6));
        assertThat(quarantine.count()).isEqualTo(6);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(quarantine.path())) {
            lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(line,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
        }
        assertThat(lines).hasSize(6);
        assertThat(lines).extracting(line -> line.get("line")).containsExactly(2, 4, 5, 6, 7, 8);
        assertThat(lines).extracting(line -> (String) line.get("reason")).containsExactly(
                "unparseable timestamp '2014-02-31 00:00:00+01'",
                "expected POINT(latitude longitude), found 'POINT(41.9)'",
                "unparseable latitude '4l.9'",
                "expected 3 fields separated by ';', found 2",
                "position (0, 0) is a receiver without a fix",
                "latitude 91.5 outside [-90, 90]");
        assertThat(lines.get(0)).containsEntry("file", file.toString())
                .containsEntry("raw", "157;2014-02-31 00:00:00+01;POINT(41.9 12.5)");
    }

    @Test
    void strict_mode_stops_at_the_first_bad_line_naming_file_and_line(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("taxi.txt");
        Files.writeString(file, "156;2014-02-01 00:00:00+01;POINT(41.8 12.4)\n157;2014-02-01 00:00:01+01;POINT(41.9 x)\n"
                + "158;2014-02-01 00:00:02+01;POINT(41.9 12.5)\n");
        List<GpsPoint> points = new java.util.ArrayList<>();

        assertThatThrownBy(() -> GpsSources.open(file, AUTO).read(points::add, RejectSink.strict()))
                .isInstanceOf(MalformedInputException.class)
                .hasMessage("Cannot read " + file + " line 2: unparseable longitude 'x'");
        assertThat(points).hasSize(1);
    }

    @Test
    void a_missing_file_an_unknown_format_and_an_unknown_layout_are_explained(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> GpsSources.open(dir.resolve("nope.txt"), AUTO))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read " + dir.resolve("nope.txt") + ": no such file or directory");

        Path file = Files.writeString(dir.resolve("notes.txt"), "hello world\nsecond line\n");
        assertThatThrownBy(() -> GpsSources.open(file, SourceOptions.defaults().withFormat("gpx")))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot find format 'gpx': known formats are rome-crawdad, rome-kaggle, sf-cabspotting, "
                        + "porto, tdrive, csv (or auto to detect it)");
        assertThatThrownBy(() -> GpsSources.open(file, AUTO))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot detect the format of " + file + ": first line 'hello world' matches none of "
                        + "rome-crawdad, rome-kaggle, sf-cabspotting, porto, tdrive, csv; pass --format");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> GpsSources.open(empty, AUTO)).hasMessage("Cannot read directory " + empty + ": it holds no files");
    }

    @Test
    void a_header_without_the_needed_columns_stops_the_read_with_the_reason(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("points.csv"), "id,when,y,x\n1,2014-02-01T00:00:00Z,41.9,12.5\n");
        PointSource source = GpsSources.open(file, SourceOptions.defaults().withFormat("csv"));

        assertThatThrownBy(() -> source.read(point -> { }, RejectSink.strict()))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot read " + file + ": its header 'id,when,y,x' has no column 'vehicle_id'");
    }

    @Test
    void a_synthetic_specification_opens_the_fleet_instead_of_a_file() {
        PointSource fleet = GpsSources.open("synthetic:rome,taxis=3,days=1,seed=7", AUTO);
        Collected read = Collected.read(fleet);

        assertThat(fleet.name()).startsWith("synthetic:rome");
        assertThat(read.points).isNotEmpty();
        assertThat(read.points).allSatisfy(point -> assertThat(point.source()).isEqualTo(io.urbanflow.mobility.fleet.SyntheticFleet.SOURCE_NAME));
        assertThat(Collected.read(GpsSources.open(Path.of("synthetic:rome,taxis=3,days=1,seed=7"), AUTO)).points)
                .isEqualTo(read.points);
    }

    @Test
    void detects_tdrive_and_the_canonical_csv(@TempDir Path dir) throws IOException {
        Path tdrive = Files.writeString(dir.resolve("1.txt"), "1,2008-02-02 15:36:08,116.51172,39.92123\n"
                + "1,2008-02-02 15:46:08,116.51135,39.93883\n");
        Path csv = Files.writeString(dir.resolve("fleet.csv"), "vehicle_id,timestamp,latitude,longitude,occupancy\n"
                + "taxi-1,2014-02-01T08:00:03.250+01:00,41.8836,12.4877,1\n");

        assertThat(GpsSources.detect(tdrive, AUTO).name()).isEqualTo("tdrive");
        assertThat(GpsSources.detect(csv, AUTO).name()).isEqualTo("csv");
        assertThat(Collected.read(GpsSources.open(csv, AUTO)).points).containsExactly(new GpsPoint("taxi-1",
                micros("2014-02-01T07:00:03.250Z"), 41.8836, 12.4877, GpsPoint.OCCUPIED, "csv"));
    }

    @Test
    void formats_are_listed_with_a_description_and_an_example_line_that_reads_as_that_format(@TempDir Path dir)
            throws IOException {
        assertThat(GpsFormats.all()).extracting(GpsFormat::name)
                .containsExactly("rome-crawdad", "rome-kaggle", "sf-cabspotting", "porto", "tdrive", "csv");
        Map<String, String> headers = Map.of(
                "rome-kaggle", "\"\",\"DriveNo\",\"Date and Time\",\"Longitude\",\"Latitude\"",
                "porto", "\"TRIP_ID\",\"CALL_TYPE\",\"ORIGIN_CALL\",\"ORIGIN_STAND\",\"TAXI_ID\",\"TIMESTAMP\","
                        + "\"DAY_TYPE\",\"MISSING_DATA\",\"POLYLINE\"",
                "csv", "vehicle_id,timestamp,latitude,longitude,occupancy");
        for (GpsFormat format : GpsFormats.all()) {
            assertThat(format.description()).isNotBlank();
            Path file = dir.resolve("new_" + format.name() + ".txt");
            if (headers.containsKey(format.name())) {
                write(file, headers.get(format.name()), format.exampleLine());
            } else {
                write(file, format.exampleLine());
            }

            assertThat(GpsSources.detect(file, AUTO).name()).isEqualTo(format.name());
            Collected read = Collected.read(GpsSources.open(file, AUTO));
            assertThat(read.rejects).as(format.name()).isEmpty();
            assertThat(read.points).as(format.name()).isNotEmpty();
        }
    }

    static int countPolylinePairs(Path porto) throws IOException {
        Matcher pair = Pattern.compile("\\[(-?\\d+\\.\\d+),(-?\\d+\\.\\d+)]").matcher(Files.readString(porto));
        int count = 0;
        while (pair.find()) {
            count++;
        }
        return count;
    }

    static Path gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
        return target;
    }

    static long micros(String instant) {
        return GpsPoint.toEpochMicros(Instant.parse(instant));
    }

    static Path write(Path file, String... lines) throws IOException {
        return Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }
}
