package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code mart.funnel_daily} in Spark SQL: per UTC day, the sessions that reached each funnel step and the step rates,
 * from {@code mart.sessions} as {@code FunnelDailyModel} reads it (no setting applies).
 */
final class FunnelDailySpark implements SparkModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_FUNNEL_DAILY;
    }

    @Override
    public String description() {
        return "sessions reaching home, product, cart, payment and confirmation per UTC day and the step rates, from mart.sessions";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        return session.sql(ClickstreamSparkSql.funnelDaily());
    }
}
