package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.clickstream.internal.DayReplacement;
import io.urbanflow.clickstream.internal.TableInput;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.InputChanges;
import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.pipeline.SqlText;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Orphans are a property of all the data: an orphan stops being one when its browser event arrives, whatever day it
 * was ingested on. An incremental run therefore first works out which days' figures can have changed
 * ({@link #changedDays}), among them the days on which the rows that stopped being orphans were ingested, and
 * recounts those days alone: it gathers the rows that count on them (reading the other rows by id only) and counts
 * them as a full run does. The rows that count on a day are those of its page views and every row ingested on it;
 * when the rows ingested on the days to recount are more than an eighth of all (a short history, or one loaded at
 * once and topped up the same day), gathering them costs more than counting everything, and the run recounts every
 * day. Both give
 * the same figures. The raw tables are read by their id and time columns only, and compared with the stage: the
 * duplicates of a day are its raw browser rows less its stage rows (one per event_id), and only when location events
 * have copies at all are they numbered.
 */
public final class DataQualityModel implements Model {
    private static final Logger LOG = LoggerFactory.getLogger(DataQualityModel.class);
    private static final String OPTIONS = "v3";
    /**
     * Recount only the changed days when the rows ingested on them are at most this share of all raw rows: on ten
     * streamed days, recounting one day's rows cost 8.6–9.4 s and counting everything 4.4 s after five days and 12.0 s
     * after ten.
     */
    private static final double MOST_SELECTED = 0.125;

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
        Optional<SortedSet<LocalDate>> days = mode == BuildMode.FULL || !OPTIONS.equals(summary.get(ModelContext.OPTIONS_KEY))
                ? Optional.empty() : changedDays(context, summary, inputs, browser, location, device, geo, stage);
        if (days.isPresent() && !fewIngestedOn(days.get(), List.of(location, device, geo))) {
            days = Optional.empty();
        }
        String locationScan = location.scan();
        boolean locationRepeats = repeats(context, location, locationScan, stage);
        long written;
        if (days.isEmpty()) {
            String sql = sql(browser.scan(), locationScan, locationRepeats, device.scan(), geo.scan(), rejected.scan(), stage.scan(),
                    purchases.scan());
            written = DayReplacement.replace(context.duckdb(), target, "day", Optional.empty(), sql, state);
        } else {
            written = recount(context, target, days.get(), state, browser, location, locationRepeats, device, geo, rejected, stage, purchases);
        }
        List<TimeWindow> recomputed = new ArrayList<>();
        days.ifPresent(set -> ClickstreamSql.ranges(set).forEach(range -> recomputed.add(range.toTimeWindow())));
        return new ModelResult(name(), days.isPresent() ? RunMode.INCREMENTAL : RunMode.FULL, inputRows, written, recomputed,
                Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }

    /**
     * Recounts {@code days} alone: the rows that count on them are gathered first into temporary tables (each read
     * once), then counted as a full run counts, and the other days' rows are kept.
     */
    private static long recount(ModelContext context, Table target, SortedSet<LocalDate> days, Map<String, String> state, TableInput browser,
                                TableInput location, boolean locationRepeats, TableInput device, TableInput geo, TableInput rejected,
                                TableInput stage, TableInput purchases) {
        Optional<List<MicrosRange>> ranges = Optional.of(ClickstreamSql.ranges(days));
        Optional<SortedSet<LocalDate>> someDays = Optional.of(days);
        String ingestedOnDays = ClickstreamSql.inDays("ingested_at", someDays);
        String prefix = "urbanflow_quality_" + UUID.randomUUID().toString().replace("-", "") + "_";
        // the stage rows of the days; location rows of their page views or ingested on the days (orphans count on the
        // day they were ingested), with every copy; device and geo rows of their visitors or ingested on the days; and
        // the stage rows that tell those rows' orphans apart and date them (every row of those visitors)
        String stageDays = prefix + "stage_days";
        String locationRows = prefix + "location";
        String deviceRows = prefix + "device";
        String geoRows = prefix + "geo";
        String stageRows = prefix + "stage";
        Map<String, String> temporary = new LinkedHashMap<>();
        temporary.put(stageDays, "SELECT event_id, click_id FROM " + stage.scan(ranges) + " WHERE " + ClickstreamSql.inDays("event_timestamp", someDays));
        temporary.put(locationRows, "SELECT * FROM " + location.scan() + " WHERE event_id IN (SELECT event_id FROM " + stageDays
                + " UNION ALL SELECT event_id FROM " + location.scan(ranges) + " WHERE " + ingestedOnDays + ")");
        for (Map.Entry<String, TableInput> visitorRows : Map.of(deviceRows, device, geoRows, geo).entrySet()) {
            TableInput input = visitorRows.getValue();
            temporary.put(visitorRows.getKey(), "SELECT * FROM " + input.scan() + " WHERE click_id IN (SELECT click_id FROM " + stageDays
                    + " UNION ALL SELECT click_id FROM " + input.scan(ranges) + " WHERE " + ingestedOnDays + ")");
        }
        temporary.put(stageRows, "SELECT event_id, click_id, event_timestamp, has_location, has_device, has_geo FROM " + stage.scan()
                + " WHERE click_id IN (SELECT click_id FROM " + stageDays + " UNION ALL SELECT click_id FROM " + deviceRows
                + " UNION ALL SELECT click_id FROM " + geoRows + ") OR event_id IN (SELECT event_id FROM " + locationRows + ")");
        List<String> created = new ArrayList<>();
        try (Statement statement = context.duckdb().createStatement()) {
            for (Map.Entry<String, String> table : temporary.entrySet()) {
                statement.execute("CREATE TEMP TABLE " + table.getKey() + " AS " + table.getValue());
                created.add(table.getKey());
            }
            String sql = "SELECT * FROM (" + sql(browser.scan(ranges), locationRows, locationRepeats, deviceRows, geoRows,
                    rejected.scan(ranges), stageRows, purchases.scan(ranges)) + ") WHERE day IN " + DayReplacement.dateList(days);
            return DayReplacement.replace(context.duckdb(), target, "day", someDays, sql, state);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + ClickstreamTables.MART_DATA_QUALITY + ": " + e.getMessage(), e);
        } finally {
            try (Statement statement = context.duckdb().createStatement()) {
                for (String table : created) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            } catch (SQLException e) {
                LOG.debug("Dropping the temporary tables of {} failed", ClickstreamTables.MART_DATA_QUALITY, e);
            }
        }
    }

    /**
     * Whether the rows of {@code inputs} ingested on {@code days} are at most {@value #MOST_SELECTED} of all their
     * rows, by the files' row counts and time bounds (no data is read): then recounting those days costs less than
     * counting every day.
     */
    private static boolean fewIngestedOn(SortedSet<LocalDate> days, List<TableInput> inputs) {
        List<MicrosRange> ranges = ClickstreamSql.ranges(days);
        long selected = 0;
        long total = 0;
        for (TableInput input : inputs) {
            selected += input.rows(ranges);
            total += input.rows();
        }
        return selected <= MOST_SELECTED * total;
    }

    /**
     * The UTC days whose figures can have changed since the snapshots this mart processed last; empty when that
     * cannot be known (an input changed other than by appends, or its history is gone): then every day is recounted.
     * <ul>
     *   <li>the days of every input row added or removed since: an event's day for browser and stage rows, the day a
     *       location, device or geo row was ingested, the rejection day, the purchase day;</li>
     *   <li>the stage day of the page view a new location row describes, and the first day of the visitor a new device
     *       or geo row belongs to (they count there);</li>
     *   <li>the ingestion days of the rows that stopped being orphans: location rows of the page views the stage
     *       gained since, device and geo rows of the visitors it gained (visitors with no page view before).</li>
     * </ul>
     */
    private static Optional<SortedSet<LocalDate>> changedDays(ModelContext context, Map<String, String> summary, List<TableInput> inputs,
                                                             TableInput browser, TableInput location, TableInput device, TableInput geo,
                                                             TableInput stage) {
        SortedSet<LocalDate> days = new TreeSet<>();
        for (TableInput input : inputs) {
            Optional<Long> processed = input.processedBy(summary);
            if (processed.isEmpty() || input.table().isEmpty() && processed.get() != input.snapshotId()) {
                return Optional.empty();
            }
            if (processed.get() != input.snapshotId()) {
                InputChanges changes = InputChanges.since(input.table().get(), processed.get(), input.timeColumn());
                if (changes.full()) {
                    return Optional.empty();
                }
                days.addAll(ClickstreamSql.days(changes.changed()));
            }
        }
        if (!fewIngestedOn(days, List.of(location, device, geo))) {
            return Optional.empty(); // too many already: the queries below would not make it fewer
        }
        List<String> parts = new ArrayList<>();
        String stageRows = stage.scan();
        String ingestDay = ClickstreamSql.utcDay("ingested_at");
        for (TableInput input : List.of(location, device, geo)) {
            Optional<List<String>> added = input.filesAddedSince(input.processedBy(summary).orElseThrow());
            if (added.isEmpty()) {
                return Optional.empty();
            }
            if (added.get().isEmpty()) {
                continue;
            }
            String newRows = SqlText.scan(input.schema(), added.get());
            parts.add(input == location
                    ? "SELECT " + ClickstreamSql.utcDay("event_timestamp") + " FROM " + stageRows + " WHERE event_id IN (SELECT event_id FROM " + newRows + ")"
                    : "SELECT " + ClickstreamSql.utcDay("min(event_timestamp)") + " FROM " + stageRows + " WHERE click_id IN (SELECT click_id FROM "
                            + newRows + ") GROUP BY click_id");
        }
        Optional<String> gained = gainedPageViews(summary, browser, stage);
        if (gained.isEmpty()) {
            return Optional.empty();
        }
        if (!gained.get().isEmpty()) {
            String pageViewsBefore = browser.at(browserProcessedBy(browser, stage, stage.processedBy(summary).orElseThrow()).orElseThrow()).scan();
            parts.add("SELECT " + ingestDay + " FROM " + location.scan() + " WHERE event_id IN (SELECT event_id FROM " + gained.get() + ")");
            String newVisitors = "(SELECT click_id FROM " + gained.get() + " WHERE click_id NOT IN (SELECT click_id FROM " + pageViewsBefore
                    + " WHERE click_id IN (SELECT click_id FROM " + gained.get() + ")))";
            parts.add("SELECT " + ingestDay + " FROM " + device.scan() + " WHERE click_id IN " + newVisitors);
            parts.add("SELECT " + ingestDay + " FROM " + geo.scan() + " WHERE click_id IN " + newVisitors);
        }
        if (!parts.isEmpty()) {
            String sql = "SELECT DISTINCT day FROM (" + String.join(" UNION ALL ", parts.stream().map(part -> "(" + part + ")").toList())
                    + ") AS changed(day) WHERE day IS NOT NULL";
            days.addAll(StageClickstreamEventsModel.askDays(context, sql, ClickstreamTables.MART_DATA_QUALITY));
        }
        return Optional.of(days);
    }

    /**
     * The browser rows the stage took in between the stage snapshot this mart processed last and the current one, as
     * a relation ({@code ""} for none); empty when that cannot be known. The stage holds the first copy of every
     * browser row of the browser snapshot it processed, so these rows hold every page view it gained.
     */
    private static Optional<String> gainedPageViews(Map<String, String> summary, TableInput browser, TableInput stage) {
        long stageThen = stage.processedBy(summary).orElseThrow();
        if (stageThen == stage.snapshotId()) {
            return Optional.of("");
        }
        Optional<Long> then = browserProcessedBy(browser, stage, stageThen);
        Optional<Long> now = browserProcessedBy(browser, stage, stage.snapshotId());
        if (then.isEmpty() || now.isEmpty()) {
            return Optional.empty();
        }
        return browser.at(now.get()).filesAddedSince(then.get())
                .map(files -> files.isEmpty() ? "" : SqlText.scan(browser.schema(), files));
    }

    /** The browser snapshot the stage's snapshot {@code stageSnapshot} was built from ({@code -1} for none). */
    private static Optional<Long> browserProcessedBy(TableInput browser, TableInput stage, long stageSnapshot) {
        if (stageSnapshot == -1) {
            return Optional.of(-1L);
        }
        Snapshot snapshot = stage.table().map(table -> table.snapshot(stageSnapshot)).orElse(null);
        return snapshot == null ? Optional.empty() : browser.processedBy(snapshot.summary());
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
