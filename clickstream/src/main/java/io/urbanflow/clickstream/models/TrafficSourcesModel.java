package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.pipeline.DataTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.iceberg.Schema;

/**
 * {@code mart.traffic_sources}: per UTC day of session start and source, medium and campaign (a session's first
 * event's: the UTM values, else the referrer's domain and medium): sessions, converted sessions, purchases and the
 * conversion rate ({@link ClickstreamTables#TRAFFIC_SOURCES_SCHEMA}). From {@code mart.sessions}.
 */
public final class TrafficSourcesModel extends DailyMartModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_TRAFFIC_SOURCES;
    }

    /** One row per day, source, medium and campaign. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "day", "source", "medium", "campaign"),
                DataTest.notNull(name(), "day", "source", "medium", "campaign", "sessions"));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.TRAFFIC_SOURCES_SCHEMA;
    }

    @Override
    List<DailyInput> dailyInputs() {
        return List.of(new DailyInput(ClickstreamTables.MART_SESSIONS, "session_start"));
    }

    @Override
    String rows(List<String> scans, Optional<SortedSet<LocalDate>> days) {
        return """
                SELECT %s AS day, source, medium, campaign,
                       count(*) AS sessions,
                       count(*) FILTER (WHERE converted) AS converted_sessions,
                       sum(purchases) AS purchases,
                       count(*) FILTER (WHERE converted) / count(*) AS conversion_rate
                FROM %s
                WHERE %s
                GROUP BY ALL
                """.formatted(ClickstreamSql.utcDay("session_start"), scans.get(0), ClickstreamSql.inDays("session_start", days));
    }
}
