package io.urbanflow.sources.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static final LocalTimeConverter ROME = new LocalTimeConverter(ZoneId.of("Europe/Rome"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2014-02-01 00:00:00.739166+01 | 2014-01-31T23:00:00.739166Z",
        "2014-02-01 00:00:00+01        | 2014-01-31T23:00:00Z",
        "2014-02-01 00:00:00.7+01      | 2014-01-31T23:00:00.700Z",
        "2014-02-01 00:00:00.73916+01  | 2014-01-31T23:00:00.739160Z",
        "2014-02-01 00:00:00.123456789+01 | 2014-01-31T23:00:00.123456Z",
        "2014-02-01 00:00:00.+01       | 2014-01-31T23:00:00Z",
        "2014-02-01T08:00:03.250+01:00 | 2014-02-01T07:00:03.250Z",
        "2014-02-01T08:00:03.250+0130  | 2014-02-01T06:30:03.250Z",
        "2014-02-01T08:00:03-05:00     | 2014-02-01T13:00:03Z",
        "2014-02-01T08:00:03Z          | 2014-02-01T08:00:03Z",
        "2014-02-01 08:00:03 +01:00    | 2014-02-01T07:00:03Z",
        "2014-02-01T08:00+01:00        | 2014-02-01T07:00:00Z",
        "2014-02-01 08:00:03,5Z        | 2014-02-01T08:00:03.500Z",
        "2000-02-29 23:59:59Z          | 2000-02-29T23:59:59Z",
        "2014-02-01 08:00:03           | 2014-02-01T07:00:03Z",
        "2014-07-01 08:00:03           | 2014-07-01T06:00:03Z",
    })
    void parses_dates_fractions_and_offsets(String text, String expected) {
        assertThat(parse(text.trim())).isEqualTo(micros(Instant.parse(expected.trim())));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "2014-02-31 00:00:00+01", "2013-02-29 00:00:00Z", "2014-13-01 00:00:00Z", "2014-00-01 00:00:00Z",
        "2014-02-01 24:00:00Z", "2014-02-01 23:60:00Z", "2014-02-01 23:00:60Z", "2014-02-01 00:00:00.1234567890Z",
        "2014-02-01 00:00:00+1", "2014-02-01 00:00:00+19", "2014-02-01 00:00:00+01:6", "2014-02-01 00:00:00 x",
        "2014/02/01 00:00:00Z", "14-02-01 00:00:00Z", "2014-02-01", "", "2014-02-01 0a:00:00Z", "2014-02-01X00:00:00Z",
        "2014-02-01 00:00:00ZZ",
    })
    void rejects_what_is_not_a_valid_date_time(String text) {
        assertThat(parse(text)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void without_a_zone_a_local_time_is_invalid() {
        byte[] bytes = "2014-02-01 08:00:03".getBytes(StandardCharsets.US_ASCII);
        assertThat(Timestamps.parse(bytes, 0, bytes.length, null)).isEqualTo(Timestamps.INVALID);
    }

    @Test
    void days_from_civil_matches_java_time_over_centuries() {
        for (LocalDate date = LocalDate.of(1899, 12, 25); date.isBefore(LocalDate.of(2101, 1, 5)); date = date.plusDays(1)) {
            assertThat(Timestamps.daysFromCivil(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
                    .as(date.toString()).isEqualTo(date.toEpochDay());
        }
    }

    @Test
    void parses_in_the_middle_of_a_buffer() {
        byte[] bytes = "156;2014-02-01 00:00:00.739166+01;POINT".getBytes(StandardCharsets.US_ASCII);
        assertThat(Timestamps.parse(bytes, 4, 33, new LocalTimeConverter(ZoneOffset.UTC)))
                .isEqualTo(micros(Instant.parse("2014-01-31T23:00:00.739166Z")));
    }

    private static long parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return Timestamps.parse(bytes, 0, bytes.length, ROME);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
