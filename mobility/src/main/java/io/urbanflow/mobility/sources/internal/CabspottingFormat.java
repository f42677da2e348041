package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.Inputs;
import io.urbanflow.sources.text.ByteNumbers;
import io.urbanflow.sources.text.Detection;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code sf-cabspotting}: San Francisco cabspotting traces, one file per cab named {@code new_<cab>.txt}, lines
 * {@code latitude longitude occupancy unix_seconds} separated by spaces. The cab id comes from the file name.
 */
public final class CabspottingFormat implements GpsFormat {
    public static final String NAME = "sf-cabspotting";

    private static final Pattern LINE = Pattern.compile(
            "^\\s*-?\\d+(\\.\\d*)?\\s+-?\\d+(\\.\\d*)?\\s+-?[01]\\s+\\d{9,10}\\s*$");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "San Francisco cabspotting (2008): latitude longitude occupancy unix_seconds, one file per cab, "
                + "cab id from the file name new_<cab>.txt; a directory of such files is one source";
    }

    @Override
    public String exampleLine() {
        return "37.75153 -122.39447 0 1211033530";
    }

    @Override
    public Optional<City> city() {
        return Optional.of(City.SAN_FRANCISCO);
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return Detection.share(firstLines, 0, LINE);
    }

    @Override
    public PointSource openPoints(Path file, SourceOptions options) {
        return new Reader(file, vehicleIdOf(file));
    }

    /** {@code new_abboip.txt} (or {@code .txt.gz}) is cab {@code abboip}; other names lose only their extension. */
    public static String vehicleIdOf(Path file) {
        String name = Inputs.baseName(file);
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        if (name.startsWith("new_") && name.length() > 4) {
            name = name.substring(4);
        }
        return name;
    }

    /** One cab's file. Single use, not thread-safe. */
    private static final class Reader extends LineFileSource {
        private final String vehicleId;
        private final int[] starts = new int[4];
        private final int[] ends = new int[4];

        Reader(Path file, String vehicleId) {
            super(file);
            this.vehicleId = vehicleId;
        }

        @Override
        protected boolean hasHeader() {
            return false;
        }

        @Override
        protected void readLine(byte[] b, int start, int end) {
            int fields = 0;
            int i = start;
            while (true) {
                while (i < end && (b[i] == ' ' || b[i] == '\t')) {
                    i++;
                }
                if (i == end) {
                    break;
                }
                int fieldStart = i;
                while (i < end && b[i] != ' ' && b[i] != '\t') {
                    i++;
                }
                if (fields < 4) {
                    starts[fields] = fieldStart;
                    ends[fields] = i;
                }
                fields++;
            }
            if (fields != 4) {
                throw new InvalidRecordException("expected 4 fields (latitude longitude occupancy unix_seconds), found " + fields);
            }
            double latitude = ByteNumbers.parseDecimal(b, starts[0], ends[0]);
            if (latitude != latitude) {
                throw unparseable("latitude", b, starts[0], ends[0]);
            }
            double longitude = ByteNumbers.parseDecimal(b, starts[1], ends[1]);
            if (longitude != longitude) {
                throw unparseable("longitude", b, starts[1], ends[1]);
            }
            long occupancy = ByteNumbers.parseLong(b, starts[2], ends[2]);
            if (occupancy != 0 && occupancy != 1) {
                throw new InvalidRecordException("occupancy '" + ByteNumbers.text(b, starts[2], ends[2]) + "' is not 0 or 1");
            }
            long seconds = ByteNumbers.parseLong(b, starts[3], ends[3]);
            if (seconds == ByteNumbers.NOT_A_NUMBER || Math.abs(seconds) > 100_000_000_000L) {
                throw unparseable("unix time", b, starts[3], ends[3]);
            }
            emit(new GpsPoint(vehicleId, seconds * 1_000_000L, latitude, longitude, (int) occupancy, NAME));
        }
    }
}
