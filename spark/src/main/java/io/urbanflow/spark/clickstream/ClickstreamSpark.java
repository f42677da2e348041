package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamDomain;
import io.urbanflow.spark.SparkDomain;
import io.urbanflow.spark.SparkModel;
import java.util.List;

/**
 * The clickstream domain on Spark: {@code mart.sessions}, {@code mart.purchases} and {@code mart.purchase_items} from
 * {@code stage.clickstream_events}, each click_id's walk computed by Spark ({@link ClickstreamSparkSql}), and
 * {@code mart.funnel_daily} from {@code mart.sessions}. No jobs of its own. Registered in
 * {@code META-INF/services/io.urbanflow.spark.SparkDomain}.
 */
public final class ClickstreamSpark implements SparkDomain {
    @Override
    public String name() {
        return ClickstreamDomain.NAME;
    }

    @Override
    public List<SparkModel> models() {
        return List.of(new SessionsSpark(), new PurchasesSpark(), new PurchaseItemsSpark(), new FunnelDailySpark());
    }
}
