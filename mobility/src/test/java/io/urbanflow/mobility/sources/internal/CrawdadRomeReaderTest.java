package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.micros;
import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrawdadRomeReaderTest {
    private static final CrawdadRomeFormat FORMAT = new CrawdadRomeFormat();
    private static final DateTimeFormatter JAVA_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().appendPattern("X").toFormatter();

    @Test
    void every_sample_line_equals_an_independent_java_time_and_parse_double_reading() throws IOException {
        List<String> lines = Files.readAllLines(SampleData.romeCrawdad());
        Reading read = Reading.of(FORMAT.openPoints(SampleData.romeCrawdad(), SourceOptions.defaults()));

        assertThat(read.points).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(";");
            String[] coordinates = fields[2].substring("POINT(".length(), fields[2].length() - 1).split(" ");
            OffsetDateTime time = OffsetDateTime.parse(fields[1], JAVA_TIME);
            GpsPoint expected = new GpsPoint(fields[0], GpsPoint.toEpochMicros(time.toInstant()),
                    Double.parseDouble(coordinates[0]), Double.parseDouble(coordinates[1]), -1, "rome-crawdad");
            assertThat(read.points.get(i)).as(lines.get(i)).isEqualTo(expected);
        }
    }

    @Test
    void a_timestamp_without_offset_is_rome_time_unless_the_zone_is_overridden(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("taxi.txt"), "7;2014-02-01 10:00:00;POINT(41.9 12.5)", "7;2014-07-01 10:00:00;POINT(41.9 12.5)");

        assertThat(Reading.of(FORMAT.openPoints(file, SourceOptions.defaults())).points).extracting(GpsPoint::epochMicros)
                .containsExactly(micros("2014-02-01T09:00:00Z"), micros("2014-07-01T08:00:00Z"));
        assertThat(Reading.of(FORMAT.openPoints(file, SourceOptions.defaults().withZone(ZoneId.of("UTC")))).points)
                .extracting(GpsPoint::epochMicros)
                .containsExactly(micros("2014-02-01T10:00:00Z"), micros("2014-07-01T10:00:00Z"));
    }

    @Test
    void interns_vehicle_ids_and_tolerates_crlf_and_padding(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("taxi.txt");
        Files.writeString(file, "156;2014-02-01 00:00:00.7+01;POINT(41.9  12.5) \r\n156;2014-02-01 00:00:01+01:00;POINT(41.8 12.4)");

        Reading read = Reading.of(FORMAT.openPoints(file, SourceOptions.defaults()));
        assertThat(read.rejects).isEmpty();
        assertThat(read.points).hasSize(2);
        assertThat(read.points.get(0).vehicleId()).isSameAs(read.points.get(1).vehicleId());
        assertThat(read.points.get(0).epochMicros()).isEqualTo(micros("2014-01-31T23:00:00.700Z"));
    }

    @Test
    void explains_each_kind_of_malformed_line(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("taxi.txt"),
                "garbage",
                "1;yesterday;POINT(41.9 12.5)",
                "1;2014-02-01 00:00:00+01;LINESTRING(41.9 12.5)",
                "1;2014-02-01 00:00:00+01;POINT(41.9 )",
                "1;2014-02-01 00:00:00+01;POINT(41.9 12.5e)",
                ";2014-02-01 00:00:00+01;POINT(41.9 12.5)",
                "1;1970-01-01 00:00:00+00;POINT(41.9 12.5)");

        Reading read = Reading.of(FORMAT.openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).isEmpty();
        assertThat(read.rejectDescriptions()).containsExactly(
                "1: expected 3 fields separated by ';', found 1",
                "2: unparseable timestamp 'yesterday'",
                "3: expected POINT(latitude longitude), found 'LINESTRING(41.9 12.5)'",
                "4: unparseable longitude ''",
                "5: unparseable longitude '12.5e'",
                "6: missing vehicle id",
                "7: timestamp 0 us is outside [1990, 2100)");
        assertThat(read.rejects.get(0).line()).isEqualTo("garbage");
    }
}
