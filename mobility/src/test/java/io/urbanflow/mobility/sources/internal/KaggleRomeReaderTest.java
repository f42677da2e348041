package io.urbanflow.mobility.sources.internal;

import static io.urbanflow.mobility.sources.internal.Reading.micros;
import static io.urbanflow.mobility.sources.internal.Reading.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleRomeReaderTest {
    private static final KaggleRomeFormat FORMAT = new KaggleRomeFormat();

    @Test
    void the_sample_is_recognised_as_swapped() {
        KaggleRomeReader reader = (KaggleRomeReader) FORMAT.openPoints(SampleData.romeKaggle(), SourceOptions.defaults());
        Reading read = Reading.of(reader);
        assertThat(reader.swapped()).isTrue();
        assertThat(read.points.get(1)).isEqualTo(new GpsPoint("187", micros("2014-01-31T23:00:01.148457Z"),
                41.928543333, 12.469036667, -1, "rome-kaggle"));
    }

    @Test
    void reads_a_copy_with_correct_headers_and_no_row_number_as_labelled(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("taxi.csv"), "DriveNo,Date and Time,Latitude,Longitude",
                "156,2014-02-01 00:00:00.739166+01,41.883671828,12.48777756");
        KaggleRomeReader reader = (KaggleRomeReader) FORMAT.openPoints(file, SourceOptions.defaults());

        Reading read = Reading.of(reader);
        assertThat(reader.swapped()).isFalse();
        assertThat(read.points).containsExactly(new GpsPoint("156", micros("2014-01-31T23:00:00.739166Z"),
                41.883671828, 12.48777756, -1, "rome-kaggle"));
    }

    @Test
    void an_outlier_first_line_does_not_decide_the_orientation(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("taxi.csv"), "\"\",\"DriveNo\",\"Date and Time\",\"Longitude\",\"Latitude\"",
                "\"1\",5,\"2014-02-01 00:00:00+01\",10.0,20.0",
                "\"2\",5,\"2014-02-01 00:00:05+01\",41.9,12.5",
                "\"3\",5,\"2014-02-01 00:00:10+01\",41.8,12.4");

        Reading read = Reading.of(FORMAT.openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).extracting(GpsPoint::latitude).containsExactly(20.0, 41.9, 41.8);
        assertThat(read.points).extracting(GpsPoint::longitude).containsExactly(10.0, 12.5, 12.4);
    }

    @Test
    void local_timestamps_are_rome_time_and_bad_rows_are_explained(@TempDir Path dir) throws IOException {
        Path file = write(dir.resolve("taxi.csv"), "DriveNo,Date and Time,Latitude,Longitude",
                "156,2014-02-01 10:00:00,41.9,12.5",
                "157,2014-02-01 10:00:00",
                "158,2014-02-01 10:00:00,north,12.5",
                "159,\"2014-02-01 10:00:00,41.9,12.5");

        Reading read = Reading.of(FORMAT.openPoints(file, SourceOptions.defaults()));
        assertThat(read.points).extracting(GpsPoint::epochMicros).containsExactly(micros("2014-02-01T09:00:00Z"));
        assertThat(read.rejectDescriptions()).containsExactly(
                "3: expected at least 4 fields, found 2",
                "4: unparseable value of column latitude 'north'",
                "5: unterminated quoted field 2");
    }
}
