package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.SourceOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortoReaderTest {
    private static final String HEADER =
            "\"TRIP_ID\",\"CALL_TYPE\",\"ORIGIN_CALL\",\"ORIGIN_STAND\",\"TAXI_ID\",\"TIMESTAMP\",\"DAY_TYPE\",\"MISSING_DATA\",\"POLYLINE\"";

    @Test
    void emits_each_pair_fifteen_seconds_after_the_previous_even_with_missing_data(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("train.csv"), HEADER,
                "\"1\",\"A\",\"\",\"\",\"20000001\",\"1372636800\",\"A\",\"True\",\"[[-8.61, 41.14], [ -8.62 ,41.15 ],[-8.63,41.16]]\"",
                "\"2\",\"B\",\"\",\"7\",\"20000002\",\"1372636900\",\"A\",\"False\",\"[]\"");

        Reading read = Reading.of(new PortoFormat().openPoints(file, SourceOptions.defaults()));
        assertThat(read.rejects).isEmpty();
        assertThat(read.points).containsExactly(
                new GpsPoint("20000001", 1_372_636_800_000_000L, 41.14, -8.61, GpsPoint.OCCUPIED, "porto"),
                new GpsPoint("20000001", 1_372_636_815_000_000L, 41.15, -8.62, GpsPoint.OCCUPIED, "porto"),
                new GpsPoint("20000001", 1_372_636_830_000_000L, 41.16, -8.63, GpsPoint.OCCUPIED, "porto"));
    }

    @Test
    void a_broken_polyline_rejects_its_row_and_a_bad_pair_only_itself(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("train.csv"), HEADER,
                "\"1\",\"A\",\"\",\"\",\"20000001\",\"1372636800\",\"A\",\"False\",\"[[-8.61,41.14],[-8.62,41.15]\"",
                "\"2\",\"A\",\"\",\"\",\"20000002\",\"1372636800\",\"A\",\"False\",\"[[-8.61,41.14],[-8.62,91.15],[-8.63,41.16]]\"",
                "\"3\",\"A\",\"\",\"\",\"20000003\",\"noon\",\"A\",\"False\",\"[[-8.61,41.14]]\"",
                "\"4\",\"A\",\"\",\"\",\"20000004\",\"1372636800\",\"A\",\"False\",\"[[-8.61 41.14]]\"");

        Reading read = Reading.of(new PortoFormat().openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).extracting(GpsPoint::vehicleId).containsExactly("20000002", "20000002");
        assertThat(read.points).extracting(GpsPoint::epochMicros).containsExactly(1_372_636_800_000_000L, 1_372_636_830_000_000L);
        assertThat(read.rejectDescriptions()).containsExactly(
                "2: POLYLINE '[[-8.61,41.14],[-8.62,41.15]' is not closed after pair 2",
                "3: point 2 of POLYLINE: latitude 91.15 outside [-90, 90]",
                "4: unparseable TIMESTAMP 'noon'",
                "5: POLYLINE '[[-8.61 41.14]]' pair 1 is not [longitude, latitude]");
        assertThat(read.summary.rejected()).isEqualTo(4);
    }
}
