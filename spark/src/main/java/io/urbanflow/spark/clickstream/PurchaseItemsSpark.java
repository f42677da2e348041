package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code mart.purchase_items} in Spark SQL: each purchase's products, as {@code PurchaseItemsModel} (see {@link ClickstreamSparkSql}). */
final class PurchaseItemsSpark implements SparkModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_PURCHASE_ITEMS;
    }

    @Override
    public String description() {
        return "one row per product of a purchase with its quantity, from stage.clickstream_events";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        return session.sql(ClickstreamSparkSql.purchaseItems(ClickstreamConfig.from(settings).sessionTimeoutMicros()));
    }
}
