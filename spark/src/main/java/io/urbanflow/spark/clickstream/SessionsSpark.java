package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.model.Settings;
import io.urbanflow.spark.SparkModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code mart.sessions} in Spark SQL: the sessions of each click_id's walk, as {@code SessionsModel} (see {@link ClickstreamSparkSql}). */
final class SessionsSpark implements SparkModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_SESSIONS;
    }

    @Override
    public String description() {
        return "sessions (clickstream.session-timeout) with pages, attribution, device, funnel step and purchases, from stage.clickstream_events";
    }

    @Override
    public Dataset<Row> rows(SparkSession session, Settings settings) {
        return session.sql(ClickstreamSparkSql.sessions(ClickstreamConfig.from(settings).sessionTimeoutMicros()));
    }
}
