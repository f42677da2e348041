package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.SourceOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CabspottingFormatTest {
    @Test
    void the_cab_id_is_the_file_name_after_new_without_extensions() {
        assertThat(CabspottingFormat.vehicleIdOf(Path.of("/data/new_abboip.txt"))).isEqualTo("abboip");
        assertThat(CabspottingFormat.vehicleIdOf(Path.of("new_abboip.txt.gz"))).isEqualTo("abboip");
        assertThat(CabspottingFormat.vehicleIdOf(Path.of("cab42.txt"))).isEqualTo("cab42");
        assertThat(CabspottingFormat.vehicleIdOf(Path.of("new_"))).isEqualTo("new_");
    }

    @Test
    void reads_unix_seconds_and_occupancy_and_explains_bad_lines(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("new_abcd.txt"),
                "37.75153 -122.39447 0 1211033530",
                "  37.75149\t-122.39447 1 1211033614 ",
                "37.75149 -122.39447 2 1211033674",
                "37.75149 -122.39447 0",
                "37.75149 west 0 1211033674",
                "37.75149 -122.39447 0 later");

        Reading read = Reading.of(new CabspottingFormat().openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).containsExactly(
                new GpsPoint("abcd", 1_211_033_530_000_000L, 37.75153, -122.39447, GpsPoint.FREE, "sf-cabspotting"),
                new GpsPoint("abcd", 1_211_033_614_000_000L, 37.75149, -122.39447, GpsPoint.OCCUPIED, "sf-cabspotting"));
        assertThat(read.rejectDescriptions()).containsExactly(
                "3: occupancy '2' is not 0 or 1",
                "4: expected 4 fields (latitude longitude occupancy unix_seconds), found 3",
                "5: unparseable longitude 'west'",
                "6: unparseable unix time 'later'");
    }
}
