package io.urbanflow.mobility.sources;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.stream.PointCodec;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceOptions;
import java.time.ZoneId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A file format of GPS points. As a {@link SourceFormat} it yields {@link PointCodec} records for topic
 * {@value MobilityTables#TOPIC}; inside the domain {@link #openPoints} reads the points themselves. Implementations
 * are stateless and thread-safe; each open returns a new single-use source.
 */
public interface GpsFormat extends SourceFormat {
    /** The city of the data set this format comes from (its zone and bounds), empty for generic formats. */
    Optional<City> city();

    /**
     * The points of one file (plain or gzip-compressed) of this format. Opening is lazy: a missing file or a bad
     * header is reported by {@link PointSource#read}.
     */
    PointSource openPoints(Path file, SourceOptions options);

    @Override
    default String domain() {
        return MobilityTables.DOMAIN;
    }

    @Override
    default Optional<ZoneId> zone() {
        return city().map(City::zone);
    }

    @Override
    default RecordSource open(Path file, SourceOptions options) {
        return new GpsRecordSource(openPoints(file, options), MobilityTables.TOPIC, city());
    }
}
