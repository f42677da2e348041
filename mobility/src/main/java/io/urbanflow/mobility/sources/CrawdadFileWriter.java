package io.urbanflow.mobility.sources;

import io.urbanflow.sources.text.Timestamps;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * Writes synthetic lines in the Rome CRAWDAD format for benchmarks and tests:
 * {@code 156;2014-02-01 00:00:00.739166+01;POINT(41.8836718276551 12.4877775603346)}. Same arguments, same bytes.
 * Timestamps start at 2014-02-01 00:00 +01 and increase by 0-599 ms per line; 320 taxis; positions in central
 * Rome with 13 decimals, like the real file's. Stateless.
 */
public final class CrawdadFileWriter {
    private static final int TAXIS = 320;
    private static final long START_LOCAL_MILLIS = LocalDateTime.of(2014, 2, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000L;
    private static final long COORDINATE_SCALE = 10_000_000_000_000L; // 13 decimals

    private CrawdadFileWriter() {
    }

    /**
     * Writes {@code points} lines to {@code file}, replacing it.
     *
     * @return the number of bytes written
     * @throws UrbanFlowException when the file cannot be written
     */
    public static long write(Path file, long points, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buffer = new byte[1 << 20];
        int used = 0;
        long bytes = 0;
        long localMicros = START_LOCAL_MILLIS * 1_000L;
        long cachedSecond = Long.MIN_VALUE;
        byte[] secondText = new byte[19];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long i = 0; i < points; i++) {
                localMicros += random.nextLong(600_000L);
                long second = Math.floorDiv(localMicros, 1_000_000L);
                if (second != cachedSecond) {
                    cachedSecond = second;
                    LocalDateTime time = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
                    int at = appendPadded(secondText, 0, time.getYear(), 4);
                    secondText[at++] = '-';
                    at = appendPadded(secondText, at, time.getMonthValue(), 2);
                    secondText[at++] = '-';
                    at = appendPadded(secondText, at, time.getDayOfMonth(), 2);
                    secondText[at++] = ' ';
                    at = appendPadded(secondText, at, time.getHour(), 2);
                    secondText[at++] = ':';
                    at = appendPadded(secondText, at, time.getMinute(), 2);
                    secondText[at++] = ':';
                    appendPadded(secondText, at, time.getSecond(), 2);
                }
                if (used > buffer.length - 200) {
                    out.write(buffer, 0, used);
                    bytes += used;
                    used = 0;
                }
                used = appendLong(buffer, used, 1 + random.nextInt(TAXIS));
                buffer[used++] = ';';
                System.arraycopy(secondText, 0, buffer, used, secondText.length);
                used += secondText.length;
                buffer[used++] = '.';
                used = appendPadded(buffer, used, Math.floorMod(localMicros, 1_000_000L), 6);
                buffer[used++] = '+';
                buffer[used++] = '0';
                buffer[used++] = '1';
                buffer[used++] = ';';
                used = appendAscii(buffer, used, "POINT(");
                used = appendCoordinate(buffer, used, 41, 8_000_000_000_000L + random.nextLong(1_900_000_000_000L));
                buffer[used++] = ' ';
                used = appendCoordinate(buffer, used, 12, 4_000_000_000_000L + random.nextLong(2_000_000_000_000L));
                buffer[used++] = ')';
                buffer[used++] = '\n';
            }
            out.write(buffer, 0, used);
            bytes += used;
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    private static int appendCoordinate(byte[] buffer, int at, int degrees, long fraction) {
        at = appendLong(buffer, at, degrees);
        buffer[at++] = '.';
        return appendPadded(buffer, at, fraction % COORDINATE_SCALE, 13);
    }

    private static int appendLong(byte[] buffer, int at, long value) {
        String text = Long.toString(value);
        return appendAscii(buffer, at, text);
    }

    private static int appendPadded(byte[] buffer, int at, long value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buffer[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static int appendAscii(byte[] buffer, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            buffer[at++] = (byte) text.charAt(i);
        }
        return at;
    }
}
