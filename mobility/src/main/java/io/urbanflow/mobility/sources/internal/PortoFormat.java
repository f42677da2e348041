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
 * {@code porto}: the ECML/PKDD 2015 Porto taxi trips, one CSV row per trip whose {@code POLYLINE} is a JSON list of
 * {@code [longitude, latitude]} pairs, one every 15 s from {@code TIMESTAMP} (unix seconds).
 */
public final class PortoFormat implements GpsFormat {
    public static final String NAME = "porto";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Porto taxi trips (ECML/PKDD 2015): CSV with TAXI_ID, TIMESTAMP (unix s) and POLYLINE, a JSON list of "
                + "[longitude, latitude] pairs 15 s apart; one point per pair, occupied";
    }

    @Override
    public String exampleLine() {
        return "\"1372636858620000589\",\"C\",\"\",\"\",\"20000589\",\"1372636858\",\"A\",\"False\","
                + "\"[[-8.618643,41.141412],[-8.618499,41.141376]]\"";
    }

    @Override
    public Optional<City> city() {
        return Optional.of(City.PORTO);
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return Detection.headerHas(firstLines, ',', "polyline", "timestamp") ? 100 : 0;
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        return new PortoReader(file);
    }
}
