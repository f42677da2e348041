package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.ByteNumbers;
import io.urbanflow.sources.text.CsvLine;
import io.urbanflow.sources.text.HeaderColumns;
import io.urbanflow.sources.text.InternedIds;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads format {@code porto}: one row per trip, one point per {@code POLYLINE} pair, the i-th (0-based) at
 * {@code TIMESTAMP + 15 * i} seconds, vehicle {@code TAXI_ID}, occupancy {@link GpsPoint#OCCUPIED} (every trip of
 * the data set carries a passenger). Rows flagged {@code MISSING_DATA=True} have gaps the data set cannot place, so
 * their points are read with the nominal 15 s spacing like the others. A polyline that does not parse rejects the
 * whole row before any of its points is emitted; a pair that fails validation rejects only that point. The
 * coordinate arrays are reused row after row. Single use, not thread-safe.
 */
final class PortoReader extends LineFileSource {
    static final long SECONDS_BETWEEN_POINTS = 15;
    private static final String EXPECTED = "TAXI_ID, TIMESTAMP, POLYLINE";

    private final CsvLine csv = new CsvLine();
    private final InternedIds vehicleIds = new InternedIds();
    private double[] longitudes = new double[256];
    private double[] latitudes = new double[256];
    private int taxiColumn;
    private int timeColumn;
    private int polylineColumn;
    private int neededFields;

    PortoReader(Path file) {
        super(file);
    }

    @Override
    protected boolean hasHeader() {
        return true;
    }

    @Override
    protected void readHeader(String header) {
        HeaderColumns columns = new HeaderColumns(file, header, ',');
        taxiColumn = columns.require("TAXI_ID", EXPECTED);
        timeColumn = columns.require("TIMESTAMP", EXPECTED);
        polylineColumn = columns.require("POLYLINE", EXPECTED);
        neededFields = 1 + Math.max(taxiColumn, Math.max(timeColumn, polylineColumn));
    }

    @Override
    protected void readLine(byte[] b, int start, int end) {
        csv.split(b, start, end, (byte) ',');
        csv.requireAtLeast(neededFields);
        int timeStart = ByteNumbers.trimStart(b, csv.start(timeColumn), csv.end(timeColumn));
        int timeEnd = ByteNumbers.trimEnd(b, timeStart, csv.end(timeColumn));
        long seconds = ByteNumbers.parseLong(b, timeStart, timeEnd);
        if (seconds == ByteNumbers.NOT_A_NUMBER || Math.abs(seconds) > 100_000_000_000L) {
            throw unparseable("TIMESTAMP", b, timeStart, timeEnd);
        }
        int points = parsePolyline(b, csv.start(polylineColumn), csv.end(polylineColumn));
        if (points == 0) {
            return;
        }
        String vehicleId = csv.id(taxiColumn, vehicleIds);
        for (int i = 0; i < points; i++) {
            long epochMicros = (seconds + SECONDS_BETWEEN_POINTS * i) * 1_000_000L;
            GpsPoint point;
            try {
                point = new GpsPoint(vehicleId, epochMicros, latitudes[i], longitudes[i], GpsPoint.OCCUPIED, PortoFormat.NAME);
            } catch (InvalidRecordException e) {
                rejectPart("point " + (i + 1) + " of POLYLINE: " + e.reason());
                continue;
            }
            emit(point);
        }
    }

    /** Fills the coordinate arrays from {@code [[lon,lat],...]}; returns the number of pairs. */
    private int parsePolyline(byte[] b, int start, int end) {
        int i = skipSpaces(b, start, end);
        if (i >= end || b[i] != '[') {
            throw polylineError(b, start, end, "does not start with '['");
        }
        i = skipSpaces(b, i + 1, end);
        int count = 0;
        if (i < end && b[i] == ']') {
            i = skipSpaces(b, i + 1, end);
            if (i != end) {
                throw polylineError(b, start, end, "has text after its closing ']'");
            }
            return 0;
        }
        while (true) {
            if (i >= end || b[i] != '[') {
                throw polylineError(b, start, end, "expected '[' to open pair " + (count + 1));
            }
            int longitudeStart = skipSpaces(b, i + 1, end);
            int comma = longitudeStart;
            while (comma < end && b[comma] != ',' && b[comma] != ']') {
                comma++;
            }
            if (comma >= end || b[comma] != ',') {
                throw polylineError(b, start, end, "pair " + (count + 1) + " is not [longitude, latitude]");
            }
            int latitudeStart = skipSpaces(b, comma + 1, end);
            int close = latitudeStart;
            while (close < end && b[close] != ']' && b[close] != ',') {
                close++;
            }
            if (close >= end || b[close] != ']') {
                throw polylineError(b, start, end, "pair " + (count + 1) + " is not [longitude, latitude]");
            }
            double longitude = ByteNumbers.parseDecimal(b, longitudeStart, ByteNumbers.trimEnd(b, longitudeStart, comma));
            double latitude = ByteNumbers.parseDecimal(b, latitudeStart, ByteNumbers.trimEnd(b, latitudeStart, close));
            if (longitude != longitude || latitude != latitude) {
                throw polylineError(b, start, end, "pair " + (count + 1) + " has an unparseable number '"
                        + ByteNumbers.text(b, longitudeStart, close) + "'");
            }
            if (count == longitudes.length) {
                longitudes = Arrays.copyOf(longitudes, count * 2);
                latitudes = Arrays.copyOf(latitudes, count * 2);
            }
            longitudes[count] = longitude;
            latitudes[count] = latitude;
            count++;
            i = skipSpaces(b, close + 1, end);
            if (i < end && b[i] == ',') {
                i = skipSpaces(b, i + 1, end);
                continue;
            }
            if (i < end && b[i] == ']') {
                if (skipSpaces(b, i + 1, end) != end) {
                    throw polylineError(b, start, end, "has text after its closing ']'");
                }
                return count;
            }
            throw polylineError(b, start, end, "is not closed after pair " + count);
        }
    }

    private static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static InvalidRecordException polylineError(byte[] b, int start, int end, String problem) {
        return new InvalidRecordException("POLYLINE '" + ByteNumbers.text(b, start, end) + "' " + problem);
    }
}
