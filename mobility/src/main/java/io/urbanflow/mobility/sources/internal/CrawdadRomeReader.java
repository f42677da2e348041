package io.urbanflow.mobility.sources.internal;

import io.urbanflow.sources.text.LineScanner;
import io.urbanflow.sources.text.ByteNumbers;
import io.urbanflow.sources.text.Timestamps;
import io.urbanflow.sources.text.InternedIds;
import io.urbanflow.sources.text.LocalTimeConverter;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The hot path of format {@code rome-crawdad}: {@code 156;2014-02-01 00:00:00.739166+01;POINT(41.88367 12.48777)}.
 * Single use, not thread-safe.
 *
 * <p>Invariants, which keep it above a million points per second on one core:
 * <ul>
 *   <li>bytes are parsed in place in the {@link LineScanner}'s buffer (1 MiB reads); no {@code String.split},
 *       regular expression, {@code java.time} or boxing per line;</li>
 *   <li>the vehicle id is hashed while scanning for the first {@code ;} and interned ({@link InternedIds}), so a
 *       point allocates only itself;</li>
 *   <li>the timestamp is parsed by {@link Timestamps} (days-from-civil arithmetic, 0-9 fraction digits truncated to
 *       microseconds, offset {@code ±HH[:MM]}); a timestamp without offset is local time in the reader's zone
 *       (Europe/Rome unless overridden), converted by a {@link LocalTimeConverter} that caches the current offset;</li>
 *   <li>coordinates use {@link ByteNumbers#parseDecimal}: exact fast path for up to 2<sup>53</sup> mantissa digits,
 *       {@link Double#parseDouble} otherwise, so values equal the JDK's parse bit for bit;</li>
 *   <li>latitude comes first inside {@code POINT(...)}, as in the data set (not WKT's x y order);</li>
 *   <li>a malformed line costs one stack-less {@link InvalidRecordException} and becomes a reject; it never stops
 *       the read.</li>
 * </ul>
 */
final class CrawdadRomeReader extends LineFileSource {
    private static final byte[] POINT_PREFIX = {'P', 'O', 'I', 'N', 'T', '('};

    private final InternedIds vehicleIds = new InternedIds();
    private final LocalTimeConverter localZone;

    CrawdadRomeReader(Path file, ZoneId zone) {
        super(file);
        this.localZone = new LocalTimeConverter(zone);
    }

    @Override
    protected boolean hasHeader() {
        return false;
    }

    @Override
    protected void readLine(byte[] b, int start, int end) {
        int hash = 0;
        int idEnd = start;
        while (idEnd < end && b[idEnd] != ';') {
            hash = 31 * hash + b[idEnd];
            idEnd++;
        }
        int timeStart = idEnd + 1;
        int timeEnd = timeStart;
        while (timeEnd < end && b[timeEnd] != ';') {
            timeEnd++;
        }
        if (timeEnd >= end) {
            throw new InvalidRecordException("expected 3 fields separated by ';', found " + fieldCount(b, start, end));
        }
        long epochMicros = Timestamps.parse(b, timeStart, timeEnd, localZone);
        if (epochMicros == Timestamps.INVALID) {
            throw unparseable("timestamp", b, timeStart, timeEnd);
        }
        int pointStart = timeEnd + 1;
        int pointEnd = end;
        while (pointEnd > pointStart && (b[pointEnd - 1] == ' ' || b[pointEnd - 1] == '\t')) {
            pointEnd--;
        }
        if (pointEnd - pointStart < POINT_PREFIX.length + 4 || b[pointEnd - 1] != ')' || !startsWithPoint(b, pointStart)) {
            throw new InvalidRecordException("expected POINT(latitude longitude), found '"
                    + ByteNumbers.text(b, pointStart, end) + "'");
        }
        int latitudeStart = pointStart + POINT_PREFIX.length;
        int longitudeEnd = pointEnd - 1;
        int space = latitudeStart;
        while (space < longitudeEnd && b[space] != ' ') {
            space++;
        }
        if (space >= longitudeEnd) {
            throw new InvalidRecordException("expected POINT(latitude longitude), found '"
                    + ByteNumbers.text(b, pointStart, end) + "'");
        }
        double latitude = ByteNumbers.parseDecimal(b, latitudeStart, space);
        if (latitude != latitude) {
            throw unparseable("latitude", b, latitudeStart, space);
        }
        int longitudeStart = space + 1;
        while (longitudeStart < longitudeEnd && b[longitudeStart] == ' ') {
            longitudeStart++; // tolerates "POINT(41.9  12.5)"
        }
        double longitude = ByteNumbers.parseDecimal(b, longitudeStart, longitudeEnd);
        if (longitude != longitude) {
            throw unparseable("longitude", b, longitudeStart, longitudeEnd);
        }
        String vehicleId = vehicleIds.intern(b, start, idEnd, hash);
        emit(new GpsPoint(vehicleId, epochMicros, latitude, longitude, GpsPoint.OCCUPANCY_UNKNOWN, CrawdadRomeFormat.NAME));
    }

    private static boolean startsWithPoint(byte[] b, int at) {
        for (int i = 0; i < POINT_PREFIX.length; i++) {
            if (b[at + i] != POINT_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static int fieldCount(byte[] b, int start, int end) {
        int count = 1;
        for (int i = start; i < end; i++) {
            if (b[i] == ';') {
                count++;
            }
        }
        return count;
    }
}
