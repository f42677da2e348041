package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.ByteNumbers;
import io.urbanflow.sources.text.Timestamps;
import io.urbanflow.sources.text.CsvLine;
import io.urbanflow.sources.text.HeaderColumns;
import io.urbanflow.sources.text.InternedIds;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.mobility.sources.CsvColumns;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Reads format {@code csv} with a {@link CsvColumns} mapping. ISO and epoch timestamps are parsed from bytes; a
 * {@link DateTimeFormatter} pattern goes through {@code java.time} (slower, for odd exports). Occupancy accepts
 * {@code 1|0|-1|true|false} or empty (unknown). Single use, not thread-safe.
 */
final class CsvReader extends LineFileSource {
    private static final String SOURCE = CsvFormat.NAME;

    private enum TimeKind { ISO, EPOCH_SECONDS, EPOCH_MILLIS, EPOCH_MICROS, PATTERN }

    private final CsvColumns columns;
    private final byte delimiter;
    private final ZoneId zone;
    private final LocalTimeConverter localZone;
    private final TimeKind timeKind;
    private final DateTimeFormatter pattern;
    private final CsvLine csv = new CsvLine();
    private final InternedIds vehicleIds = new InternedIds();
    private int vehicleColumn;
    private int timeColumn;
    private int latitudeColumn;
    private int longitudeColumn;
    private int occupancyColumn = -1;
    private int neededFields;

    CsvReader(Path file, CsvColumns columns, ZoneId zone) {
        super(file);
        this.columns = columns;
        this.delimiter = (byte) columns.delimiter();
        this.zone = zone;
        this.localZone = new LocalTimeConverter(zone);
        switch (columns.timeFormat()) {
            case CsvColumns.ISO -> timeKind = TimeKind.ISO;
            case CsvColumns.EPOCH_SECONDS -> timeKind = TimeKind.EPOCH_SECONDS;
            case CsvColumns.EPOCH_MILLIS -> timeKind = TimeKind.EPOCH_MILLIS;
            case CsvColumns.EPOCH_MICROS -> timeKind = TimeKind.EPOCH_MICROS;
            default -> timeKind = TimeKind.PATTERN;
        }
        this.pattern = timeKind == TimeKind.PATTERN ? DateTimeFormatter.ofPattern(columns.timeFormat()) : null;
    }

    @Override
    protected boolean hasHeader() {
        return true;
    }

    @Override
    protected void readHeader(String header) {
        HeaderColumns found = new HeaderColumns(file, header, columns.delimiter());
        String expected = "columns " + columns.vehicle() + ", " + columns.time() + ", " + columns.latitude() + ", "
                + columns.longitude() + "; name others with the CSV column options";
        vehicleColumn = found.require(columns.vehicle(), expected);
        timeColumn = found.require(columns.time(), expected);
        latitudeColumn = found.require(columns.latitude(), expected);
        longitudeColumn = found.require(columns.longitude(), expected);
        occupancyColumn = columns.occupancy() == null ? -1 : found.find(columns.occupancy());
        neededFields = 1 + Math.max(Math.max(vehicleColumn, timeColumn), Math.max(latitudeColumn, longitudeColumn));
    }

    @Override
    protected void readLine(byte[] b, int start, int end) {
        csv.split(b, start, end, delimiter);
        csv.requireAtLeast(neededFields);
        int timeStart = ByteNumbers.trimStart(b, csv.start(timeColumn), csv.end(timeColumn));
        int timeEnd = ByteNumbers.trimEnd(b, timeStart, csv.end(timeColumn));
        long epochMicros = parseTime(b, timeStart, timeEnd);
        double latitude = csv.decimal(latitudeColumn, "latitude");
        double longitude = csv.decimal(longitudeColumn, "longitude");
        int occupancy = occupancyColumn >= 0 && occupancyColumn < csv.count() ? occupancy(b, occupancyColumn)
                : GpsPoint.OCCUPANCY_UNKNOWN;
        emit(new GpsPoint(csv.id(vehicleColumn, vehicleIds), epochMicros, latitude, longitude, occupancy, SOURCE));
    }

    private long parseTime(byte[] b, int start, int end) {
        long epochMicros;
        switch (timeKind) {
            case ISO -> epochMicros = Timestamps.parse(b, start, end, localZone);
            case EPOCH_SECONDS -> epochMicros = epoch(b, start, end, 1_000_000L);
            case EPOCH_MILLIS -> epochMicros = epoch(b, start, end, 1_000L);
            case EPOCH_MICROS -> epochMicros = epoch(b, start, end, 1L);
            default -> epochMicros = withPattern(ByteNumbers.text(b, start, end));
        }
        if (epochMicros == Timestamps.INVALID) {
            throw unparseable("timestamp", b, start, end);
        }
        return epochMicros;
    }

    private static long epoch(byte[] b, int start, int end, long microsPerUnit) {
        long whole = ByteNumbers.parseLong(b, start, end);
        if (whole != ByteNumbers.NOT_A_NUMBER) {
            return Math.abs(whole) < Long.MAX_VALUE / microsPerUnit ? whole * microsPerUnit : Timestamps.INVALID;
        }
        double value = ByteNumbers.parseDecimal(b, start, end);
        if (value != value || Math.abs(value) * microsPerUnit > 9.0e18) {
            return Timestamps.INVALID;
        }
        return Math.round(value * microsPerUnit);
    }

    private long withPattern(String text) {
        try {
            TemporalAccessor parsed = pattern.parse(text);
            Instant instant = parsed.isSupported(ChronoField.INSTANT_SECONDS) ? Instant.from(parsed)
                    : ZonedDateTime.ofLocal(LocalDateTime.from(parsed), zone, null).toInstant();
            return GpsPoint.toEpochMicros(instant);
        } catch (DateTimeException | ArithmeticException e) {
            return Timestamps.INVALID;
        }
    }

    private int occupancy(byte[] b, int column) {
        int fieldStart = ByteNumbers.trimStart(b, csv.start(column), csv.end(column));
        int fieldEnd = ByteNumbers.trimEnd(b, fieldStart, csv.end(column));
        if (fieldStart == fieldEnd) {
            return GpsPoint.OCCUPANCY_UNKNOWN;
        }
        long value = ByteNumbers.parseLong(b, fieldStart, fieldEnd);
        if (value >= -1 && value <= 1) {
            return (int) value;
        }
        String text = ByteNumbers.text(b, fieldStart, fieldEnd);
        if (text.equalsIgnoreCase("true")) {
            return GpsPoint.OCCUPIED;
        }
        if (text.equalsIgnoreCase("false")) {
            return GpsPoint.FREE;
        }
        throw new InvalidRecordException("occupancy '" + text + "' is not 1, 0, -1, true, false or empty");
    }
}
