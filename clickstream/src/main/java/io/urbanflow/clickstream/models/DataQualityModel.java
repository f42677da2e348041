package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.clickstream.internal.DayReplacement;
import io.urbanflow.clickstream.internal.TableInput;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.DataTest;
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
 * <p>Each row counts on the day of the event it belongs to: a browser event on the UTC day of its
 * {@code event_timestamp}, a location event on its browser event's day (by event_id), a device or geo event on the day
 * of its click_id's first browser event. Only true orphans, which have no such browser event, count on the UTC day
 * they were ingested (their raw tables have no event time), and rejected messages on the day they were rejected; so a
 * clean load shows the event days alone, whatever day it ran.
 *
 * <p>Orphans are a property of all the data (an orphan stops being one when its browser event arrives, whatever day it
 * was ingested on), so the mart is recomputed in full whenever any input received a snapshot; the raw tables are
 * read by their id and time columns only, and compared with the stage: the duplicates of a day are its raw browser
 * rows less its stage rows (one per event_id), and only when location events have copies at all are they numbered.
 */
public final class DataQualityModel implements Model {
    private static final String OPTIONS = "v3";

    @Override
    public String name() {
        return ClickstreamTables.MART_DATA_QUALITY;
    }

    @Override
    public List<String> inputs() {
        return List.of(ClickstreamTables.RAW_BROWSER_EVENTS, ClickstreamTables.RAW_LOCATION_EVENTS, ClickstreamTables.RAW_DEVICE_EVENTS,
                ClickstreamTables.RAW_GEO_EVENTS, ClickstreamTables.RAW_REJECTED, ClickstreamTables.STAGE_EVENTS, ClickstreamTables.MART_PURCHASES);
    }

    /** One row per day. */
    @Override
    public List<DataTest> tests() {
        return List.of(DataTest.unique(name(), "day"), DataTest.notNull(name(), "day"));
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
        TableInput stage = TableInput.of(context, ClickstreamTables.STAGE_EVENTS, ClickstreamTables.STAGE_EVENTS_SCHEMA, "event_timestamp");
        List<TableInput> inputs = List.of(browser, location, device, geo, rejected, stage, purchases);
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
        String locationScan = location.scan();
        String sql = sql(browser.scan(), locationScan, repeats(context, location, locationScan, stage), device.scan(), geo.scan(),
                rejected.scan(), stage.scan(), purchases.scan());
        long written = DayReplacement.replace(context.duckdb(), target, "day", Optional.empty(), sql, state);
        return new ModelResult(name(), RunMode.FULL, inputRows, written, List.of(), Duration.ofNanos(System.nanoTime() - started),
                Optional.empty());
    }

    /**
     * Whether location events have copies: as the stage recorded it when the stage processed this same snapshot of
     * them, else asked of every row.
     */
    private static boolean repeats(ModelContext context, TableInput location, String relation, TableInput stage) {
        Map<String, String> stageSummary = stage.table().filter(table -> stage.snapshotId() != -1)
                .map(table -> table.snapshot(stage.snapshotId()).summary()).orElse(Map.of());
        String recorded = stageSummary.get(StageClickstreamEventsModel.COPIES_PREFIX + location.name());
        if (recorded != null && location.processedBy(stageSummary).orElse(-2L) == location.snapshotId()) {
            return Boolean.parseBoolean(recorded);
        }
        return StageClickstreamEventsModel.ask(context, ClickstreamSql.repeats(relation, "event_id"), ClickstreamTables.MART_DATA_QUALITY);
    }

    static String sql(String browser, String location, boolean locationRepeats, String device, String geo, String rejected,
                      String stage, String purchases) {
        // a location event is dated by its browser event, a device or geo event by its click_id's first browser event;
        // only an orphan (no such browser event) by the day it was ingested
        String locationDay = "coalesce(" + ClickstreamSql.utcDay("s.event_timestamp") + ", " + ClickstreamSql.utcDay("l.ingested_at") + ")";
        String locationDuplicates = !locationRepeats ? """

                    UNION ALL BY NAME
                    SELECT CAST(NULL AS DATE) AS day, CAST(0 AS BIGINT) AS duplicate_location_events WHERE FALSE""" : """
                    UNION ALL BY NAME
                    SELECT %s AS day, count(*) AS duplicate_location_events
                    FROM (
                        SELECT event_id, ingested_at
                        FROM %s
                        WHERE hash(event_id) IN (SELECT hash(event_id) FROM %s GROUP BY 1 HAVING count(*) > 1)
                        QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY %s) > 1
                    ) l
                    LEFT JOIN stage s ON s.event_id = l.event_id
                    GROUP BY ALL""".formatted(locationDay, location, location, ClickstreamSql.LOCATION_ORDER);
        return """
                WITH stage AS (
                    SELECT event_id, click_id, event_timestamp, has_location, has_device, has_geo FROM %1$s
                ),
                clicks AS (
                    SELECT click_id, min(event_timestamp) AS first_seen, bool_or(has_device) AS has_device, bool_or(has_geo) AS has_geo
                    FROM stage GROUP BY click_id
                ),
                counts AS (
                    SELECT %2$s AS day, count(*) AS browser_events, count(*) AS duplicate_browser_events
                    FROM %3$s GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %2$s AS day, -count(*) AS duplicate_browser_events,
                           count(*) FILTER (WHERE NOT has_location) AS browser_events_without_location
                    FROM stage GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %4$s AS day, count(*) AS location_events, count(*) FILTER (WHERE s.event_id IS NULL) AS orphan_location_events
                    FROM %5$s l LEFT JOIN stage s ON s.event_id = l.event_id GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %6$s AS day, count(*) AS device_events, count(*) FILTER (WHERE c.click_id IS NULL) AS orphan_device_events
                    FROM %7$s d LEFT JOIN clicks c ON c.click_id = d.click_id GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %8$s AS day, count(*) AS geo_events, count(*) FILTER (WHERE c.click_id IS NULL) AS orphan_geo_events
                    FROM %9$s g LEFT JOIN clicks c ON c.click_id = g.click_id GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %10$s AS day, count(*) FILTER (WHERE NOT has_device) AS clicks_without_device,
                           count(*) FILTER (WHERE NOT has_geo) AS clicks_without_geo
                    FROM clicks GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %11$s AS day, count(*) AS rejected_messages
                    FROM %12$s WHERE topic LIKE 'clickstream.%%' GROUP BY ALL
                    UNION ALL BY NAME
                    SELECT %13$s AS day, count(*) FILTER (WHERE empty_cart) AS empty_cart_purchases
                    FROM %14$s GROUP BY ALL
                    %15$s
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
                """.formatted(stage, ClickstreamSql.utcDay("event_timestamp"), browser, locationDay, location,
                clickDay("d"), device, clickDay("g"), geo, ClickstreamSql.utcDay("first_seen"), ClickstreamSql.utcDay("rejected_at"),
                rejected, ClickstreamSql.utcDay("ts"), purchases, locationDuplicates);
    }

    /** The day of a device or geo event (alias {@code alias}) joined to {@code clicks c}: its click's first day, else its ingestion day. */
    private static String clickDay(String alias) {
        return "coalesce(" + ClickstreamSql.utcDay("c.first_seen") + ", " + ClickstreamSql.utcDay(alias + ".ingested_at") + ")";
    }
}
