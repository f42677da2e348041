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
 * {@code mart.purchase_items}: one row per product of a purchase ({@link PurchasesModel}'s carts), with how many
 * times it was added. Rebuilt by UTC day of the confirmation ({@link ClickHistoryModel}).
 */
public final class PurchaseItemsModel extends ClickHistoryModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_PURCHASE_ITEMS;
    }

    /** One row per product of a purchase, each of a purchase in {@code mart.purchases} and a session in {@code mart.sessions}. */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "event_id", "product_id"),
                DataTest.notNull(name(), "event_id", "session_id", "product_id", "quantity"),
                DataTest.relationship(name(), "event_id", ClickstreamTables.MART_PURCHASES, "event_id"),
                DataTest.relationship(name(), "session_id", ClickstreamTables.MART_SESSIONS, "session_id"));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.PURCHASE_ITEMS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return ClickstreamTables.PURCHASE_ITEMS_SPEC;
    }

    @Override
    String timeColumn() {
        return "ts";
    }

    @Override
    String rows(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days) {
        return ClickstreamSql.purchaseItems(stageOfDays, stage, days);
    }
}
