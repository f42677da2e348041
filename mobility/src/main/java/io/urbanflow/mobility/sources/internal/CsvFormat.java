package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.Timestamps;
import io.urbanflow.sources.text.Detection;
import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.sources.CsvColumns;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * {@code csv}: any CSV with a header, its columns named by {@link CsvColumns}. The defaults read the canonical CSV
 * that {@code urbanflow generate} writes. Timestamps without an offset are UTC unless {@code --zone} says otherwise.
 */
public final class CsvFormat implements GpsFormat {
    public static final String NAME = "csv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Any CSV with a header; columns and time format set by the CSV options, by default the canonical "
                + "vehicle_id,timestamp,latitude,longitude,occupancy with ISO-8601 timestamps";
    }

    @Override
    public String exampleLine() {
        return "156,2014-02-01T08:00:03.250+01:00,41.8836,12.4877,1";
    }

    @Override
    public Optional<City> city() {
        return Optional.empty();
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        if (firstLines.isEmpty()) {
            return 0;
        }
        CsvColumns columns = CsvColumns.of(options);
        List<String> names = Detection.headerNames(firstLines.get(0), columns.delimiter());
        boolean allThere = contains(names, columns.vehicle()) && contains(names, columns.time())
                && contains(names, columns.latitude()) && contains(names, columns.longitude());
        if (!allThere) {
            return 0;
        }
        // Below the data sets' own formats, whose headers are more specific, unless the user named the columns.
        return options.mapping() != null ? 99 : 90;
    }

    private static boolean contains(List<String> names, String column) {
        return names.contains(column.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        CsvColumns columns = CsvColumns.of(options);
        if (columns.delimiter() > 127) {
            throw new UrbanFlowException("Cannot read " + file + " as CSV: delimiter '" + columns.delimiter()
                    + "' is not an ASCII character");
        }
        return new CsvReader(file, columns, options.zoneOr(ZoneOffset.UTC));
    }
}
