package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.Detection;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code rome-kaggle}: the Rome taxi traces as re-published on Kaggle, CSV with header
 * {@code DriveNo,Date and Time,Latitude,Longitude}, optionally a leading row-number column, and in some copies the
 * two coordinate headers swapped (detected from the values, see {@link KaggleRomeReader}).
 */
public final class KaggleRomeFormat implements GpsFormat {
    public static final String NAME = "rome-kaggle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Rome taxis as re-published on Kaggle: CSV DriveNo,Date and Time,Latitude,Longitude; a leading "
                + "row-number column and swapped coordinate headers are handled";
    }

    @Override
    public String exampleLine() {
        return "\"1\",156,\"2014-02-01 00:00:00.739166+01\",41.883671828,12.48777756";
    }

    @Override
    public Optional<City> city() {
        return Optional.of(City.ROME);
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return Detection.headerHas(firstLines, ',', "driveno", "date and time") ? 100 : 0;
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        return new KaggleRomeReader(file, options.zoneOr(City.ROME.zone()));
    }
}
