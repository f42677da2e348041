package io.urbanflow.spark.mobility;

import io.urbanflow.pipeline.IntervalAggregation;
import java.time.ZoneId;

/** Spark SQL spellings of the mobility models' expressions. Stateless. */
final class MobilitySql {
    private MobilitySql() {
    }

    /**
     * The start of {@code column}'s 10-minute interval aligned on {@code zone}'s wall clock, as the platform computes it
     * ({@link IntervalAggregation#intervalSql}): the instant less its local time modulo 10 minutes.
     * {@code from_utc_timestamp} shifts an instant by its zone offset, so its epoch microseconds are the local time's.
     */
    static String interval(String column, ZoneId zone) {
        return "timestamp_micros(unix_micros(" + column + ") - unix_micros(from_utc_timestamp(" + column + ", '"
                + zone.getId().replace("'", "''") + "')) % " + IntervalAggregation.INTERVAL_MICROS + ")";
    }
}
