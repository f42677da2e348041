package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.CsvLine;
import io.urbanflow.sources.text.HeaderColumns;
import io.urbanflow.sources.text.InternedIds;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.mobility.BoundingBox;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * Reads format {@code rome-kaggle}. Columns are found by header name, so a leading row-number column is ignored.
 *
 * <p>Some copies label the latitude column "Longitude" and vice versa. Rome's latitudes (41-42) and longitudes
 * (12-13) do not overlap, so the values tell: the first line whose coordinates fall in Rome's bounds (widened by a
 * degree) one way round only decides for the whole file. Lines before that decision are read as labelled. Single
 * use, not thread-safe.
 */
final class KaggleRomeReader extends LineFileSource {
    private static final String EXPECTED = "DriveNo, Date and Time, Latitude, Longitude";
    private static final BoundingBox AROUND_ROME = widened(City.ROME.bounds(), 1.0);

    private enum Orientation { UNDECIDED, AS_LABELLED, SWAPPED }

    private final CsvLine csv = new CsvLine();
    private final InternedIds vehicleIds = new InternedIds();
    private final LocalTimeConverter localZone;
    private int vehicleColumn;
    private int timeColumn;
    private int latitudeColumn;
    private int longitudeColumn;
    private int neededFields;
    private Orientation orientation = Orientation.UNDECIDED;

    KaggleRomeReader(Path file, ZoneId zone) {
        super(file);
        this.localZone = new LocalTimeConverter(zone);
    }

    @Override
    protected boolean hasHeader() {
        return true;
    }

    @Override
    protected void readHeader(String header) {
        HeaderColumns columns = new HeaderColumns(file, header, ',');
        vehicleColumn = columns.require("DriveNo", EXPECTED);
        timeColumn = columns.require("Date and Time", EXPECTED);
        latitudeColumn = columns.require("Latitude", EXPECTED);
        longitudeColumn = columns.require("Longitude", EXPECTED);
        neededFields = 1 + Math.max(Math.max(vehicleColumn, timeColumn), Math.max(latitudeColumn, longitudeColumn));
    }

    /** Whether the file's coordinate headers turned out swapped (for tests and messages). */
    boolean swapped() {
        return orientation == Orientation.SWAPPED;
    }

    @Override
    protected void readLine(byte[] b, int start, int end) {
        csv.split(b, start, end, (byte) ',');
        csv.requireAtLeast(neededFields);
        long epochMicros = csv.localTimestamp(timeColumn, localZone);
        double labelledLatitude = csv.decimal(latitudeColumn, "value of column latitude");
        double labelledLongitude = csv.decimal(longitudeColumn, "value of column longitude");
        if (orientation == Orientation.UNDECIDED) {
            boolean asLabelled = AROUND_ROME.contains(labelledLatitude, labelledLongitude);
            boolean swapped = AROUND_ROME.contains(labelledLongitude, labelledLatitude);
            if (asLabelled != swapped) {
                orientation = swapped ? Orientation.SWAPPED : Orientation.AS_LABELLED;
            }
        }
        double latitude = orientation == Orientation.SWAPPED ? labelledLongitude : labelledLatitude;
        double longitude = orientation == Orientation.SWAPPED ? labelledLatitude : labelledLongitude;
        String vehicleId = csv.id(vehicleColumn, vehicleIds);
        emit(new GpsPoint(vehicleId, epochMicros, latitude, longitude, GpsPoint.OCCUPANCY_UNKNOWN, KaggleRomeFormat.NAME));
    }

    private static BoundingBox widened(BoundingBox box, double degrees) {
        return new BoundingBox(box.south() - degrees, box.west() - degrees, box.north() + degrees, box.east() + degrees);
    }
}
