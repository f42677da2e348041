package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.pipeline.DataTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * {@code mart.sessions}: a click_id's runs of events with no gap over {@code clickstream.session-timeout} (30 minutes
 * by default; {@code unlimited} makes one session per click_id), with their pages, attribution, device, place, products
 * added, furthest funnel step and purchases ({@link ClickstreamTables#SESSIONS_SCHEMA}). Rebuilt by UTC day of
 * session start ({@link ClickHistoryModel}).
 */
public final class SessionsModel extends ClickHistoryModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_SESSIONS;
    }

    /** One row per session, its keys and attribution set, its furthest step one of the funnel's. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "session_id"),
                DataTest.notNull(name(), "session_id", "click_id", "session_start", "session_end", "page_views", "source", "medium",
                        "campaign", "furthest_step", "converted"),
                DataTest.acceptedValues(name(), "furthest_step", ClickstreamTables.FUNNEL_STEPS.toArray(String[]::new)));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.SESSIONS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return ClickstreamTables.SESSIONS_SPEC;
    }

    @Override
    String timeColumn() {
        return "session_start";
    }

    @Override
    boolean datedBySessionStart() {
        return true;
    }

    @Override
    String rows(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return ClickstreamSql.sessions(stage, days);
    }
}
