package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.micros;
import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.SourceOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TDriveFormatTest {
    @Test
    void beijing_local_time_becomes_utc_and_longitude_comes_first(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("1.txt"), "1,2008-02-02 15:36:08,116.51172,39.92123", "1,2008-02-02 15:46:08,116.51135,39.93883");

        Reading read = Reading.of(new TDriveFormat().openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).containsExactly(
                new GpsPoint("1", micros("2008-02-02T07:36:08Z"), 39.92123, 116.51172, -1, "tdrive"),
                new GpsPoint("1", micros("2008-02-02T07:46:08Z"), 39.93883, 116.51135, -1, "tdrive"));
        assertThat(City.BEIJING.bounds().contains(read.points.get(0).latitude(), read.points.get(0).longitude())).isTrue();
    }

    @Test
    void the_zone_option_overrides_beijing_time(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("1.txt"), "1,2008-02-02 15:36:08,116.51172,39.92123");

        Reading read = Reading.of(new TDriveFormat().openPoints(file, SourceOptions.defaults().withZone(ZoneId.of("UTC"))));
        assertThat(read.points).extracting(GpsPoint::epochMicros).containsExactly(micros("2008-02-02T15:36:08Z"));
    }

    @Test
    void null_island_and_short_lines_are_rejected(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("1.txt"), "1,2008-02-02 15:36:08,0.0,0.0", "1,2008-02-02 15:36:08,116.5", "1,2008-02-30 15:36:08,116.5,39.9");

        Reading read = Reading.of(new TDriveFormat().openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).isEmpty();
        assertThat(read.rejectDescriptions()).containsExactly(
                "1: position (0, 0) is a receiver without a fix",
                "2: expected 4 fields (id,time,longitude,latitude), found 3",
                "3: unparseable timestamp '2008-02-30 15:36:08'");
    }
}
