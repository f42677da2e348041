package io.urbanflow.mobility.sources;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes points as the canonical CSV that format {@code csv} reads with its default columns:
 * <pre>
 * vehicle_id,timestamp,latitude,longitude,occupancy
 * taxi-0001,2014-02-01T08:00:03.250+01:00,41.901012,12.501634,1
 * </pre>
 * The timestamp is ISO-8601 with the offset of the given zone at that instant, with milliseconds, or microseconds when
 * the point has them; coordinates have 6 decimals (about 0.1 m); occupancy is {@code 0} or {@code 1}, empty when
 * unknown; a vehicle id holding a comma, quote or line break is quoted as RFC 4180 says. A path ending in
 * {@code .gz} is gzipped.
 *
 * <p>Hot path: each point is formatted by hand into a byte buffer (no {@code String.format}, no {@code java.time}
 * objects per point); the zone's offset and the date's text are cached until the instant leaves their validity.
 * Not thread-safe: one writer per thread.
 */
public final class PointCsvWriter implements PointSink, AutoCloseable {
    public static final String HEADER = "vehicle_id,timestamp,latitude,longitude,occupancy";

    private static final int BUFFER_BYTES = 1 << 16;
    /** Longest line apart from the vehicle id: timestamp 35, two coordinates 2 x 12, occupancy 2, separators. */
    private static final int MAX_LINE_WITHOUT_ID = 80;
    private static final int MAX_CACHED_IDS = 1 << 16;
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private final OutputStream out;
    private final String name;
    private final ZoneRules rules;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private long count;
    private boolean closed;

    private final Map<String, byte[]> idBytes = new HashMap<>();
    private long offsetValidFromSecond = Long.MAX_VALUE;
    private long offsetValidUntilSecond = Long.MIN_VALUE;
    private int offsetSeconds;
    private byte[] offsetText;
    private long cachedLocalDay = Long.MIN_VALUE;
    private final byte[] dateText = new byte[10];

    /**
     * Writes to {@code out}, which the writer owns and closes, starting with the header line.
     *
     * @param name what error messages call the output, such as its path
     * @param zone the zone whose offset each timestamp carries, normally the data set's city's
     */
    public PointCsvWriter(OutputStream out, String name, ZoneId zone) {
        this.out = out;
        this.name = name;
        this.rules = zone.getRules();
        byte[] header = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, buffer, 0, header.length);
        position = header.length;
    }

    /**
     * Creates (or replaces) {@code file} and its missing parent folders; gzips when the name ends in {@code .gz}.
     *
     * @throws UrbanFlowException when the file cannot be created
     */
    public static PointCsvWriter open(Path file, ZoneId zone) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream stream = Files.newOutputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                stream = new FastGzipOutputStream(stream);
            }
            return new PointCsvWriter(stream, file.toString(), zone);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write " + file + ": " + describe(e), e);
        }
    }

    /** Appends one line. @throws UrbanFlowException when the output fails */
    @Override
    public void accept(GpsPoint point) {
        if (closed) {
            throw new IllegalStateException("Cannot write point to " + name + ": the writer is closed");
        }
        byte[] id = idBytes(point.vehicleId());
        if (position + id.length + MAX_LINE_WITHOUT_ID > buffer.length) {
            drain();
        }
        if (id.length + MAX_LINE_WITHOUT_ID > buffer.length) {
            write(id, 0, id.length); // a vehicle id longer than the buffer: straight through
        } else {
            System.arraycopy(id, 0, buffer, position, id.length);
            position += id.length;
        }
        buffer[position++] = ',';
        writeTimestamp(point.epochMicros());
        buffer[position++] = ',';
        writeFixed6(point.latitude());
        buffer[position++] = ',';
        writeFixed6(point.longitude());
        buffer[position++] = ',';
        int occupancy = point.occupancy();
        if (occupancy >= 0) {
            buffer[position++] = (byte) ('0' + occupancy);
        }
        buffer[position++] = '\n';
        count++;
    }

    /** Lines written so far, header excluded. */
    public long count() {
        return count;
    }

    /** Pushes buffered lines to the output stream. */
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write " + name + ": " + describe(e), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream toClose = out) {
            write(buffer, 0, position);
            position = 0;
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write " + name + ": " + describe(e), e);
        }
    }

    private void writeTimestamp(long epochMicros) {
        long epochSecond = Math.floorDiv(epochMicros, MICROS_PER_SECOND);
        int micros = (int) Math.floorMod(epochMicros, MICROS_PER_SECOND);
        if (epochSecond < offsetValidFromSecond || epochSecond >= offsetValidUntilSecond) {
            refreshOffset(epochSecond);
        }
        long localSecond = epochSecond + offsetSeconds;
        long localDay = Math.floorDiv(localSecond, SECONDS_PER_DAY);
        if (localDay != cachedLocalDay) {
            byte[] text = LocalDate.ofEpochDay(localDay).toString().getBytes(StandardCharsets.US_ASCII);
            if (text.length != dateText.length) {
                throw new UrbanFlowException("Cannot write " + name + ": date " + LocalDate.ofEpochDay(localDay) + " has no 4-digit year");
            }
            System.arraycopy(text, 0, dateText, 0, dateText.length);
            cachedLocalDay = localDay;
        }
        System.arraycopy(dateText, 0, buffer, position, dateText.length);
        position += dateText.length;
        int secondOfDay = (int) Math.floorMod(localSecond, SECONDS_PER_DAY);
        buffer[position++] = 'T';
        writeTwoDigits(secondOfDay / 3_600);
        buffer[position++] = ':';
        writeTwoDigits(secondOfDay / 60 % 60);
        buffer[position++] = ':';
        writeTwoDigits(secondOfDay % 60);
        buffer[position++] = '.';
        if (micros % 1_000 == 0) {
            writeDigits(micros / 1_000, 3);
        } else {
            writeDigits(micros, 6);
        }
        System.arraycopy(offsetText, 0, buffer, position, offsetText.length);
        position += offsetText.length;
    }

    /** Caches the offset at {@code epochSecond} and the span until the zone's next transition. */
    private void refreshOffset(long epochSecond) {
        Instant instant = Instant.ofEpochSecond(epochSecond);
        ZoneOffset offset = rules.getOffset(instant);
        ZoneOffsetTransition next = rules.nextTransition(instant);
        offsetSeconds = offset.getTotalSeconds();
        offsetText = offset.getId().getBytes(StandardCharsets.US_ASCII); // "+01:00", or "Z" for UTC
        offsetValidFromSecond = epochSecond;
        offsetValidUntilSecond = next == null ? Long.MAX_VALUE : next.toEpochSecond();
    }

    /** Writes {@code value} rounded to 6 decimals, e.g. {@code -122.419400}. */
    private void writeFixed6(double value) {
        long scaled = Math.round(value * 1e6);
        if (scaled < 0) {
            buffer[position++] = '-';
            scaled = -scaled;
        }
        long whole = scaled / 1_000_000L;
        int fraction = (int) (scaled % 1_000_000L);
        if (whole >= 100) {
            buffer[position++] = (byte) ('0' + whole / 100);
        }
        if (whole >= 10) {
            buffer[position++] = (byte) ('0' + whole / 10 % 10);
        }
        buffer[position++] = (byte) ('0' + whole % 10);
        buffer[position++] = '.';
        writeDigits(fraction, 6);
    }

    private void writeTwoDigits(int value) {
        buffer[position++] = (byte) ('0' + value / 10);
        buffer[position++] = (byte) ('0' + value % 10);
    }

    private void writeDigits(int value, int digits) {
        for (int i = position + digits - 1; i >= position; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        position += digits;
    }

    private byte[] idBytes(String vehicleId) {
        byte[] bytes = idBytes.get(vehicleId);
        if (bytes == null) {
            if (idBytes.size() >= MAX_CACHED_IDS) {
                idBytes.clear();
            }
            bytes = quoteIfNeeded(vehicleId).getBytes(StandardCharsets.UTF_8);
            idBytes.put(vehicleId, bytes);
        }
        return bytes;
    }

    private static String quoteIfNeeded(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + field.replace("\"", "\"\"") + '"';
            }
        }
        return field;
    }

    private void drain() {
        write(buffer, 0, position);
        position = 0;
    }

    private void write(byte[] bytes, int offset, int length) {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write " + name + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + e.getMessage();
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason() + " (" + ((FileSystemException) e).getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** gzip at the fastest level: CSV of points compresses about as well, at several times the speed. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, BUFFER_BYTES);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
