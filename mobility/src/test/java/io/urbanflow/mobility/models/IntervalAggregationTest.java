package io.urbanflow.mobility.models;

import io.urbanflow.pipeline.IntervalAggregation;
import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.pipeline.MicrosRange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalAggregationTest {
    private static String intervalOf(Statement statement, String instant, String zone) throws Exception {
        try (ResultSet result = statement.executeQuery("SELECT strftime(" + IntervalAggregation.intervalSql("TIMESTAMPTZ '" + instant + "'", ZoneId.of(zone))
                + " AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')")) {
            result.next();
            return result.getString(1);
        }
    }

    private static long micros(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000L + parsed.getNano() / 1_000L;
    }

    @Test
    void intervals_are_aligned_on_the_local_wall_clock() throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            assertThat(intervalOf(statement, "2014-02-01 08:17:03+00", "Europe/Rome")).isEqualTo("2014-02-01T08:10:00Z");
            // Kathmandu is UTC+05:45: local 14:00 is 08:15 UTC, so intervals start at :05, :15, :25 ... UTC
            assertThat(intervalOf(statement, "2014-02-01 08:17:03+00", "Asia/Kathmandu")).isEqualTo("2014-02-01T08:15:00Z");
        }
    }

    @Test
    void the_repeated_hour_of_a_fall_back_night_keeps_two_sets_of_intervals() throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            // 2014-10-26 in Rome: 02:xx local happens at 00:xx UTC (+02) and again at 01:xx UTC (+01)
            assertThat(intervalOf(statement, "2014-10-26 00:12:00+00", "Europe/Rome")).isEqualTo("2014-10-26T00:10:00Z");
            assertThat(intervalOf(statement, "2014-10-26 01:12:00+00", "Europe/Rome")).isEqualTo("2014-10-26T01:10:00Z");
        }
    }

    @Test
    void changed_ranges_become_the_merged_intervals_covering_them() {
        List<MicrosRange> intervals = IntervalAggregation.intervals(List.of(
                new MicrosRange(micros("2014-02-01T08:17:03Z"), micros("2014-02-01T08:17:04Z")),
                new MicrosRange(micros("2014-02-01T08:25:00Z"), micros("2014-02-01T08:31:00Z")),
                new MicrosRange(micros("2014-02-01T10:00:00Z"), micros("2014-02-01T10:00:00.000001Z"))), ZoneId.of("Europe/Rome"));
        assertThat(intervals).containsExactly(
                new MicrosRange(micros("2014-02-01T08:10:00Z"), micros("2014-02-01T08:40:00Z")),
                new MicrosRange(micros("2014-02-01T10:00:00Z"), micros("2014-02-01T10:10:00Z")));
    }
}
