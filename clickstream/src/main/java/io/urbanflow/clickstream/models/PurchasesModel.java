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
 * {@code mart.purchases}: visiting {@code /product_<id>} adds the product to the click_id's cart (again and again, if
 * visited again); a {@code /confirmation} pays the cart at its time and empties it. One row per confirmation, with its
 * session, the items paid (with repeats) and the distinct products; a confirmation with an empty cart is kept and
 * flagged {@code empty_cart}. Rebuilt by UTC day of the confirmation ({@link ClickHistoryModel}).
 */
public final class PurchasesModel extends ClickHistoryModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_PURCHASES;
    }

    /** One row per confirmation event, in a session of {@code mart.sessions} and an event of the stage. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "event_id"),
                DataTest.notNull(name(), "event_id", "click_id", "session_id", "ts", "items", "empty_cart"),
                DataTest.relationship(name(), "session_id", ClickstreamTables.MART_SESSIONS, "session_id"),
                DataTest.relationship(name(), "event_id", ClickstreamTables.STAGE_EVENTS, "event_id"));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.PURCHASES_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return ClickstreamTables.PURCHASES_SPEC;
    }

    @Override
    String timeColumn() {
        return "ts";
    }

    @Override
    String rows(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return ClickstreamSql.purchases(stageOfDays, stage, days);
    }
}
