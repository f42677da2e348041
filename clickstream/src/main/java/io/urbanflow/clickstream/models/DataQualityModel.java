package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.clickstream.internal.DayReplacement;
import io.urbanflow.clickstream.internal.TableInput;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code mart.data_quality}: per UTC day, what the raw tables hold that the marts leave out or could not use
 * ({@link ClickstreamTables#DATA_QUALITY_SCHEMA}): duplicates, orphans (a location event whose event_id no browser
 * event has, a device or geo event of a click_id without browser events), browser events without their location
 * event, visitors without device or geo, rejected messages and empty-cart purchases. Nothing is dropped silently:
 * every raw row is either in the stage or counted here.
 *
 * <p>Orphans are a property of all the data (an orphan stops being one when its browser event arrives, whatever day it
 * was ingested on), so the mart is recomputed in full whenever any input received a snapshot; the raw tables are
 * read by their id and time columns only.
 */
public final class DataQualityModel implements Model {
    private static final String OPTIONS = "v1";

    @Override
    public String name() {
        return ClickstreamTables.MART_DATA_QUALITY;
    }

    @Override
    public List<String> inputs() {
        return List.of(ClickstreamTables.RAW_BROWSER_EVENTS, ClickstreamTables.RAW_LOCATION_EVENTS, ClickstreamTables.RAW_DEVICE_EVENTS,
                ClickstreamTables.RAW_GEO_EVENTS, ClickstreamTables.RAW_REJECTED, ClickstreamTables.MART_PURCHASES);
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.DATA_QUALITY_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return PartitionSpec.unpartitioned();
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        context.input(ClickstreamTables.RAW_BROWSER_EVENTS, name());
        Table target = context.createIfMissing(name(), schema(), partitionSpec());
        TableInput browser = TableInput.of(context, ClickstreamTables.RAW_BROWSER_EVENTS, ClickstreamTables.BROWSER_EVENTS_SCHEMA, "event_timestamp");
        TableInput location = TableInput.of(context, ClickstreamTables.RAW_LOCATION_EVENTS, ClickstreamTables.LOCATION_EVENTS_SCHEMA, "ingested_at");
        TableInput device = TableInput.of(context, ClickstreamTables.RAW_DEVICE_EVENTS, ClickstreamTables.DEVICE_EVENTS_SCHEMA, "ingested_at");
        TableInput geo = TableInput.of(context, ClickstreamTables.RAW_GEO_EVENTS, ClickstreamTables.GEO_EVENTS_SCHEMA, "ingested_at");
        TableInput rejected = TableInput.of(context, ClickstreamTables.RAW_REJECTED, IngestTables.REJECTED_SCHEMA, "rejected_at");
        TableInput purchases = TableInput.of(context, ClickstreamTables.MART_PURCHASES, ClickstreamTables.PURCHASES_SCHEMA, "ts");
        List<TableInput> inputs = List.of(browser, location, device, geo, rejected, purchases);
        target.refresh();
        Snapshot last = target.currentSnapshot();
        Map<String, String> summary = last == null ? Map.of() : last.summary();
        boolean current = mode == BuildMode.INCREMENTAL && OPTIONS.equals(summary.get(ModelContext.OPTIONS_KEY))
                && inputs.stream().allMatch(input -> input.processedBy(summary).orElse(-2L) == input.snapshotId());
        if (current) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        Map<String, String> state = new HashMap<>();
        long inputRows = 0;
        for (TableInput input : inputs) {
            state.putAll(input.state(OPTIONS));
            inputRows += input.rows();
        }
        String sql = sql(browser.scan(), location.scan(), device.scan(), geo.scan(), rejected.scan(), purchases.scan());
        long written = DayReplacement.replace(context.duckdb(), target, "day", Optional.empty(), sql, state);
        return new ModelResult(name(), RunMode.FULL, inputRows, written, List.of(), Duration.ofNanos(System.nanoTime() - started),
                Optional.empty());
    }

    static String sql(String browser, String location, String device, String geo, String rejected, String purchases) {
        return """
                WITH browser AS (
                    SELECT event_id, click_id, event_timestamp,
                           row_number() OVER (PARTITION BY event_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                               event_timestamp, click_id, event_type, browser_name, browser_user_agent, browser_language) AS copy
                    FROM %1$s
                ),
                location AS (
                    SELECT event_id, ingested_at,
                           row_number() OVER (PARTITION BY event_id ORDER BY ingested_at, kafka_partition, kafka_offset,
                               page_url, page_url_path, referer_url, referer_medium, utm_medium, utm_source, utm_content, utm_campaign) AS copy
                    FROM %2$s
                ),
                device AS (SELECT click_id, ingested_at FROM %3$s),
                geo AS (SELECT click_id, ingested_at FROM %4$s),
                clicks AS (
                    SELECT click_id, min(event_timestamp) AS first_seen FROM browser WHERE copy = 1 GROUP BY click_id
                ),
                counts AS (
                    SELECT %5$s AS day, count(*) AS browser_events, count(*) FILTER (WHERE copy > 1) AS duplicate_browser_events,
                           count(*) FILTER (WHERE copy = 1 AND event_id NOT IN (SELECT event_id FROM location)) AS browser_events_without_location
                    FROM browser GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %6$s AS day, count(*) AS location_events, count(*) FILTER (WHERE copy > 1) AS duplicate_location_events,
                           count(*) FILTER (WHERE event_id NOT IN (SELECT event_id FROM browser)) AS orphan_location_events
                    FROM location GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %6$s AS day, count(*) AS device_events,
                           count(*) FILTER (WHERE click_id NOT IN (SELECT click_id FROM clicks)) AS orphan_device_events
                    FROM device GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %6$s AS day, count(*) AS geo_events,
                           count(*) FILTER (WHERE click_id NOT IN (SELECT click_id FROM clicks)) AS orphan_geo_events
                    FROM geo GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %7$s AS day,
                           count(*) FILTER (WHERE click_id NOT IN (SELECT click_id FROM device)) AS clicks_without_device,
                           count(*) FILTER (WHERE click_id NOT IN (SELECT click_id FROM geo)) AS clicks_without_geo
                    FROM clicks GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %8$s AS day, count(*) AS rejected_messages
                    FROM %9$s WHERE topic LIKE 'clickstream.%%' GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %10$s AS day, count(*) FILTER (WHERE empty_cart) AS empty_cart_purchases
                    FROM %11$s GROUP BY ALL
                )
                SELECT day,
                       coalesce(sum(browser_events), 0) AS browser_events,
                       coalesce(sum(duplicate_browser_events), 0) AS duplicate_browser_events,
                       coalesce(sum(browser_events_without_location), 0) AS browser_events_without_location,
                       coalesce(sum(location_events), 0) AS location_events,
                       coalesce(sum(duplicate_location_events), 0) AS duplicate_location_events,
                       coalesce(sum(orphan_location_events), 0) AS orphan_location_events,
                       coalesce(sum(device_events), 0) AS device_events,
                       coalesce(sum(orphan_device_events), 0) AS orphan_device_events,
                       coalesce(sum(geo_events), 0) AS geo_events,
                       coalesce(sum(orphan_geo_events), 0) AS orphan_geo_events,
                       coalesce(sum(clicks_without_device), 0) AS clicks_without_device,
                       coalesce(sum(clicks_without_geo), 0) AS clicks_without_geo,
                       coalesce(sum(rejected_messages), 0) AS rejected_messages,
                       coalesce(sum(empty_cart_purchases), 0) AS empty_cart_purchases
                FROM counts
                GROUP BY day
                """.formatted(browser, location, device, geo, ClickstreamSql.utcDay("event_timestamp"), ClickstreamSql.utcDay("ingested_at"),
                ClickstreamSql.utcDay("first_seen"), ClickstreamSql.utcDay("rejected_at"), rejected, ClickstreamSql.utcDay("ts"), purchases);
    }
}
