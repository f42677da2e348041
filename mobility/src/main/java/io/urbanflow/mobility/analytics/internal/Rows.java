package io.urbanflow.mobility.analytics.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Conversions between epoch microseconds and the values Iceberg generic records and DuckDB SQL text hold. */
public final class Rows {
    public static final long DAY_MICROS = 86_400_000_000L;
    public static final long HOUR_MICROS = 3_600_000_000L;
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private Rows() {
    }

    public static OffsetDateTime timestamptz(long epochMicros) {
        return instant(epochMicros).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    public static long epochMicros(OffsetDateTime time) {
        return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000L;
    }

    /** The local day of a local wall-clock time in microseconds. */
    public static long day(long localMicros) {
        return Math.floorDiv(localMicros, DAY_MICROS);
    }

    public static LocalDate date(long epochDay) {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** The hour of day, 0-23, of a local wall-clock time in microseconds. */
    public static int hour(long localMicros) {
        return (int) (Math.floorMod(localMicros, DAY_MICROS) / HOUR_MICROS);
    }

    /** A DuckDB TIMESTAMPTZ literal for the instant, exact to the microsecond. */
    public static String timestamptzLiteral(long epochMicros) {
        return "TIMESTAMPTZ '" + SQL_TIMESTAMP.format(instant(epochMicros).atOffset(ZoneOffset.UTC)) + "+00'";
    }
}
