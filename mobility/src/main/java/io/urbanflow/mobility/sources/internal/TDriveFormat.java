package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.CsvLine;
import io.urbanflow.sources.text.Detection;
import io.urbanflow.sources.text.InternedIds;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code tdrive}: Microsoft T-Drive Beijing taxi traces, {@code id,yyyy-MM-dd HH:mm:ss,longitude,latitude} without
 * header, in Beijing local time (Asia/Shanghai) unless {@code --zone} says otherwise. Longitude comes first.
 */
public final class TDriveFormat implements GpsFormat {
    public static final String NAME = "tdrive";

    private static final Pattern LINE = Pattern.compile(
            "^\\s*[^,]+,\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d*)?)?,\\s*-?\\d+(\\.\\d*)?,\\s*-?\\d+(\\.\\d*)?\\s*$");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Beijing taxis (Microsoft T-Drive, 2008): id,local time,longitude,latitude without header, "
                + "Beijing time unless --zone";
    }

    @Override
    public String exampleLine() {
        return "1,2008-02-02 15:36:08,116.51172,39.92123";
    }

    @Override
    public Optional<City> city() {
        return Optional.of(City.BEIJING);
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return Detection.share(firstLines, 0, LINE);
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        return new Reader(file, options.zoneOr(City.BEIJING.zone()));
    }

    /** One T-Drive file. Single use, not thread-safe. */
    private static final class Reader extends LineFileSource {
        private final CsvLine csv = new CsvLine();
        private final InternedIds vehicleIds = new InternedIds();
        private final LocalTimeConverter localZone;

        Reader(Path file, ZoneId zone) {
            super(file);
            this.localZone = new LocalTimeConverter(zone);
        }

        @Override
        protected boolean hasHeader() {
            return false;
        }

        @Override
        protected void readLine(byte[] b, int start, int end) {
            csv.split(b, start, end, (byte) ',');
            if (csv.count() != 4) {
                throw new InvalidRecordException("expected 4 fields (id,time,longitude,latitude), found " + csv.count());
            }
            long epochMicros = csv.localTimestamp(1, localZone);
            double longitude = csv.decimal(2, "longitude");
            double latitude = csv.decimal(3, "latitude");
            emit(new GpsPoint(csv.id(0, vehicleIds), epochMicros, latitude, longitude,
                    GpsPoint.OCCUPANCY_UNKNOWN, NAME));
        }
    }
}
