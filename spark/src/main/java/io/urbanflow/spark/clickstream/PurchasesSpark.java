package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code mart.purchases} in Spark SQL: each confirmation and the cart it pays, as {@code PurchasesModel} (see {@link ClickstreamSparkSql}). */
final class PurchasesSpark implements SparkModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_PURCHASES;
    }

    @Override
    public String description() {
        return "one row per confirmation with the items and distinct products of the cart it pays, from stage.clickstream_events";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        return session.sql(ClickstreamSparkSql.purchases(ClickstreamConfig.from(settings).sessionTimeoutMicros()));
    }
}
