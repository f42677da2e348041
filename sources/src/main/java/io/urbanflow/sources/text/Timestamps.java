package io.urbanflow.sources.text;

/**
 * Parses date-times from ASCII bytes by hand into epoch microseconds, without {@code java.time} per value.
 * Stateless apart from the {@link LocalTimeConverter} passed in.
 *
 * <p>Accepted: {@code YYYY-MM-DD}, then {@code T} or a space, {@code HH:MM}, optional {@code :SS}, optional
 * fraction of 0 to 9 digits after {@code .} or {@code ,} (digits beyond microseconds are dropped, not rounded),
 * then an optional offset: {@code Z}, {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM}, optionally after one space.
 * Without an offset the fields are local time in the converter's zone. Fields are range-checked (month 1-12,
 * the day within its month, hour 0-23, minute and second 0-59, offset up to 18 h); days are counted with the
 * days-from-civil formula of the proleptic Gregorian calendar. Failures return {@link #INVALID}.
 */
public final class Timestamps {
    /** Returned for text that is not a valid date-time. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final int[] FRACTION_SCALE = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Timestamps() {
    }

    /** Epoch microseconds of the date-time in {@code bytes[start, end)}, or {@link #INVALID}. */
    public static long parse(byte[] b, int start, int end, LocalTimeConverter localZone) {
        if (end - start < 16) {
            return INVALID;
        }
        int year = digits4(b, start);
        int month = digits2(b, start + 5);
        int day = digits2(b, start + 8);
        byte separator = b[start + 10];
        int hour = digits2(b, start + 11);
        int minute = digits2(b, start + 14);
        if ((year | month | day | hour | minute) < 0 || b[start + 4] != '-' || b[start + 7] != '-'
                || (separator != ' ' && separator != 'T') || b[start + 13] != ':') {
            return INVALID;
        }
        int i = start + 16;
        int second = 0;
        if (i < end && b[i] == ':') {
            if (end - i < 3) {
                return INVALID;
            }
            second = digits2(b, i + 1);
            if (second < 0) {
                return INVALID;
            }
            i += 3;
        }
        int micros = 0;
        if (i < end && (b[i] == '.' || b[i] == ',')) {
            i++;
            int fractionDigits = 0;
            while (i < end) {
                int digit = b[i] - '0';
                if (digit < 0 || digit > 9) {
                    break;
                }
                if (fractionDigits < 6) {
                    micros = micros * 10 + digit;
                }
                fractionDigits++;
                i++;
            }
            if (fractionDigits > 9) {
                return INVALID;
            }
            micros *= FRACTION_SCALE[Math.min(fractionDigits, 6)];
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            return INVALID;
        }
        long localSeconds = daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        if (i < end && b[i] == ' ') {
            i++;
        }
        if (i == end) {
            if (localZone == null) {
                return INVALID;
            }
            return localZone.toEpochSecond(localSeconds) * 1_000_000L + micros;
        }
        int offsetSeconds;
        byte sign = b[i];
        if (sign == 'Z' || sign == 'z') {
            if (i + 1 != end) {
                return INVALID;
            }
            offsetSeconds = 0;
        } else if (sign == '+' || sign == '-') {
            int remaining = end - i - 1;
            int offsetHours = remaining >= 2 ? digits2(b, i + 1) : -1;
            int offsetMinutes;
            if (remaining == 2) {
                offsetMinutes = 0;
            } else if (remaining == 4) {
                offsetMinutes = digits2(b, i + 3);
            } else if (remaining == 5 && b[i + 3] == ':') {
                offsetMinutes = digits2(b, i + 4);
            } else {
                return INVALID;
            }
            if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
                return INVALID;
            }
            offsetSeconds = offsetHours * 3_600 + offsetMinutes * 60;
            if (sign == '-') {
                offsetSeconds = -offsetSeconds;
            }
        } else {
            return INVALID;
        }
        return (localSeconds - offsetSeconds) * 1_000_000L + micros;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    public static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static int digits2(byte[] b, int at) {
        int tens = b[at] - '0';
        int ones = b[at + 1] - '0';
        if (tens < 0 || tens > 9 || ones < 0 || ones > 9) {
            return -1;
        }
        return tens * 10 + ones;
    }

    private static int digits4(byte[] b, int at) {
        int high = digits2(b, at);
        int low = digits2(b, at + 2);
        return (high | low) < 0 ? -1 : high * 100 + low;
    }
}
