package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.Detection;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code rome-crawdad}: the CRAWDAD roma/taxi traces, {@code id;local time with offset;POINT(lat lon)}. */
public final class CrawdadRomeFormat implements GpsFormat {
    public static final String NAME = "rome-crawdad";

    private static final Pattern LINE = Pattern.compile(
            "^[^;]+;\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}([.,]\\d*)?)? ?(Z|[+-]\\d{2}(:?\\d{2})?)?;\\s*POINT\\s*\\(");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Rome taxis (CRAWDAD roma/taxi, Feb 2014): id;timestamp with offset;POINT(latitude longitude), latitude first";
    }

    @Override
    public String exampleLine() {
        return "156;2014-02-01 00:00:00.739166+01;POINT(41.8836718276551 12.4877775603346)";
    }

    @Override
    public Optional<City> city() {
        return Optional.of(City.ROME);
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return Detection.share(firstLines, 0, LINE);
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        return new CrawdadRomeReader(file, options.zoneOr(City.ROME.zone()));
    }
}
