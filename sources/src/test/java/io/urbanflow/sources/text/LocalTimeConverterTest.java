package io.urbanflow.sources.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalTimeConverterTest {
    @ParameterizedTest
    @ValueSource(strings = {"Europe/Rome", "America/Los_Angeles", "Asia/Shanghai", "Europe/Lisbon", "Australia/Lord_Howe", "UTC", "+05:30"})
    void agrees_with_java_time_every_seven_minutes_of_two_years_including_gaps_and_overlaps(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        LocalTimeConverter converter = new LocalTimeConverter(zone);
        LocalDateTime end = LocalDateTime.of(2015, 1, 1, 0, 0);
        for (LocalDateTime local = LocalDateTime.of(2013, 1, 1, 0, 0); local.isBefore(end); local = local.plusMinutes(7)) {
            long expected = ZonedDateTime.ofLocal(local, zone, null).toEpochSecond();
            assertThat(converter.toEpochSecond(local.toEpochSecond(ZoneOffset.UTC))).as(local.toString()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Rome", "America/Los_Angeles"})
    void jumping_back_and_forth_in_time_stays_right(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        LocalTimeConverter converter = new LocalTimeConverter(zone);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            long local = LocalDateTime.of(2010, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) + random.nextLong(10L * 365 * 86_400);
            long expected = ZonedDateTime.ofLocal(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC), zone, null).toEpochSecond();
            assertThat(converter.toEpochSecond(local)).isEqualTo(expected);
        }
    }
}
