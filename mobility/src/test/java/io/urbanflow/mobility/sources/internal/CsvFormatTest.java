package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.micros;
import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.CsvColumns;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    private static final SourceOptions CSV = SourceOptions.defaults().withFormat("csv");

    @Test
    void reads_the_canonical_csv_with_offsets_empty_occupancy_and_quoted_ids(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("fleet.csv"), "vehicle_id,timestamp,latitude,longitude,occupancy",
                "taxi-1,2014-02-01T08:00:03.250+01:00,41.8836,12.4877,1",
                "\"taxi,\"\"2\"\"\",2014-02-01T08:00:04Z,41.8837,12.4878,",
                "taxi-3,2014-02-01T08:00:05Z,41.8838,12.4879,maybe");

        Reading read = Reading.of(GpsSources.open(file, CSV));
        assertThat(read.points).containsExactly(
                new GpsPoint("taxi-1", micros("2014-02-01T07:00:03.250Z"), 41.8836, 12.4877, 1, "csv"),
                new GpsPoint("taxi,\"2\"", micros("2014-02-01T08:00:04Z"), 41.8837, 12.4878, -1, "csv"));
        assertThat(read.rejectDescriptions()).containsExactly("4: occupancy 'maybe' is not 1, 0, -1, true, false or empty");
    }

    @Test
    void local_iso_timestamps_are_utc_unless_a_zone_is_given(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("fleet.csv"), "vehicle_id,timestamp,latitude,longitude", "1,2008-02-02 15:36:08,39.9,116.5");

        assertThat(Reading.of(GpsSources.open(file, CSV)).points).extracting(GpsPoint::epochMicros)
                .containsExactly(micros("2008-02-02T15:36:08Z"));
        assertThat(Reading.of(GpsSources.open(file, CSV.withZone(ZoneId.of("Asia/Shanghai")))).points)
                .extracting(GpsPoint::epochMicros).containsExactly(micros("2008-02-02T07:36:08Z"));
    }

    @Test
    void named_columns_a_semicolon_and_epoch_seconds_are_detected_and_read(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("export.txt"), "Busy;Y;X;Taxi;When", "true;37.75;-122.39;cab 7;1211033530",
                "false;37.76;-122.40;cab 7;1211033590.5");
        SourceOptions options = SourceOptions.defaults()
                .withMapping("vehicle=taxi,time=when,lat=y,lon=x,occupancy=busy,time-format=epoch-s,delimiter=;");

        assertThat(GpsSources.detect(file, options).name()).isEqualTo("csv");
        assertThat(Reading.of(GpsSources.open(file, options)).points).containsExactly(
                new GpsPoint("cab 7", 1_211_033_530_000_000L, 37.75, -122.39, 1, "csv"),
                new GpsPoint("cab 7", 1_211_033_590_500_000L, 37.76, -122.40, 0, "csv"));
    }

    @Test
    void epoch_milliseconds_microseconds_and_patterns_with_a_zone(@TempDir Path dir) throws IOException {
        Path millis = write(dir.resolve("ms.csv"), "vehicle_id,timestamp,latitude,longitude", "1,1211033530250,37.75,-122.39");
        Path micros = write(dir.resolve("us.csv"), "vehicle_id,timestamp,latitude,longitude", "1,1211033530250001,37.75,-122.39");
        Path pattern = write(dir.resolve("p.csv"), "vehicle_id,timestamp,latitude,longitude",
                "1,01/02/2014 08:00:03,41.9,12.5", "1,yesterday,41.9,12.5");

        assertThat(Reading.of(GpsSources.open(millis, CSV.withMapping("time-format=epoch-ms"))).points)
                .extracting(GpsPoint::epochMicros).containsExactly(1_211_033_530_250_000L);
        assertThat(Reading.of(GpsSources.open(micros, CSV.withMapping("time-format=epoch-us"))).points)
                .extracting(GpsPoint::epochMicros).containsExactly(1_211_033_530_250_001L);
        Reading read = Reading.of(GpsSources.open(pattern, CSV.withZone(ZoneId.of("Europe/Rome"))
                .withMapping("time-format=" + "dd/MM/yyyy HH:mm:ss")));
        assertThat(read.points).extracting(GpsPoint::epochMicros).containsExactly(Reading.micros("2014-02-01T07:00:03Z"));
        assertThat(read.rejectDescriptions()).containsExactly("3: unparseable timestamp 'yesterday'");
    }
}
