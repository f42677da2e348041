package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import java.time.LocalDate;
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
