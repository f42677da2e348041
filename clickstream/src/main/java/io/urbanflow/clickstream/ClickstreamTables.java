package io.urbanflow.clickstream;

import io.urbanflow.ingest.IngestTables;
import io.urbanflow.lake.RawTable;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

/**
 * The clickstream domain's tables: names, schemas and partitioning. Immutable constants.
 *
 * <h2>Raw</h2>
 * One table per event file, with the file's fields under their own names, typed where it is cheap and useful
 * ({@code event_timestamp} a timestamptz, {@code device_is_mobile} a boolean; coordinates stay strings as they come),
 * plus where each row came from: {@code kafka_partition} (-1 for a loaded file), {@code kafka_offset} (the record's
 * ordinal in a loaded file) and {@code ingested_at}. The id a row cannot live without ({@code event_id},
 * {@code click_id}) is required; every other field may be missing.
 * <ul>
 *   <li>{@code raw.browser_events} is partitioned by {@code day(event_timestamp)}: its rows have an event time, the
 *       stage rebuilds by day, and a day's files are found from partition metadata alone.</li>
 *   <li>{@code raw.location_events}, {@code raw.device_events}, {@code raw.geo_events} have no event time; they are
 *       partitioned by {@code day(ingested_at)}, which costs nothing (a batch writes one ingest day, so the file count
 *       equals an unpartitioned table's) and lets retention and compaction work a day at a time. The stage joins them
 *       by id over every day, never by their partition.</li>
 *   <li>{@code raw.clickstream_rejected}: messages of the four topics that could not be decoded, with the reason
 *       ({@link IngestTables#REJECTED_SCHEMA}).</li>
 * </ul>
 */
public final class ClickstreamTables {
    public static final String RAW_BROWSER_EVENTS = "raw.browser_events";
    public static final String RAW_LOCATION_EVENTS = "raw.location_events";
    public static final String RAW_DEVICE_EVENTS = "raw.device_events";
    public static final String RAW_GEO_EVENTS = "raw.geo_events";
    public static final String RAW_REJECTED = "raw.clickstream_rejected";

    public static final String STAGE_EVENTS = "stage.clickstream_events";
    public static final String MART_SESSIONS = "mart.sessions";
    public static final String MART_PURCHASES = "mart.purchases";
    public static final String MART_PURCHASE_ITEMS = "mart.purchase_items";
    public static final String MART_FUNNEL_DAILY = "mart.funnel_daily";
    public static final String MART_TRAFFIC_SOURCES = "mart.traffic_sources";
    public static final String MART_PRODUCTS = "mart.products";
    public static final String MART_DATA_QUALITY = "mart.data_quality";

    /** The values of {@code stage.clickstream_events.page_category}. */
    public static final List<String> PAGE_CATEGORIES = List.of("home", "product", "cart", "payment", "confirmation", "other");
    /** The values of {@code mart.sessions.furthest_step}: the funnel's steps in order, after {@code none}. */
    public static final List<String> FUNNEL_STEPS = List.of("none", "home", "product", "cart", "payment", "confirmation");

    public static final Schema BROWSER_EVENTS_SCHEMA = new Schema(
            required(1, "event_id", Types.StringType.get()),
            required(2, "event_timestamp", Types.TimestampType.withZone()),
            optional(3, "event_type", Types.StringType.get()),
            required(4, "click_id", Types.StringType.get()),
            optional(5, "browser_name", Types.StringType.get()),
            optional(6, "browser_user_agent", Types.StringType.get()),
            optional(7, "browser_language", Types.StringType.get()),
            required(8, "kafka_partition", Types.IntegerType.get()),
            required(9, "kafka_offset", Types.LongType.get()),
            required(10, "ingested_at", Types.TimestampType.withZone()));

    public static final Schema LOCATION_EVENTS_SCHEMA = new Schema(
            required(1, "event_id", Types.StringType.get()),
            optional(2, "page_url", Types.StringType.get()),
            optional(3, "page_url_path", Types.StringType.get()),
            optional(4, "referer_url", Types.StringType.get()),
            optional(5, "referer_medium", Types.StringType.get()),
            optional(6, "utm_medium", Types.StringType.get()),
            optional(7, "utm_source", Types.StringType.get()),
            optional(8, "utm_content", Types.StringType.get()),
            optional(9, "utm_campaign", Types.StringType.get()),
            required(10, "kafka_partition", Types.IntegerType.get()),
            required(11, "kafka_offset", Types.LongType.get()),
            required(12, "ingested_at", Types.TimestampType.withZone()));

    public static final Schema DEVICE_EVENTS_SCHEMA = new Schema(
            required(1, "click_id", Types.StringType.get()),
            optional(2, "os", Types.StringType.get()),
            optional(3, "os_name", Types.StringType.get()),
            optional(4, "os_timezone", Types.StringType.get()),
            optional(5, "device_type", Types.StringType.get()),
            optional(6, "device_is_mobile", Types.BooleanType.get()),
            optional(7, "user_custom_id", Types.StringType.get()),
            optional(8, "user_domain_id", Types.StringType.get()),
            required(9, "kafka_partition", Types.IntegerType.get()),
            required(10, "kafka_offset", Types.LongType.get()),
            required(11, "ingested_at", Types.TimestampType.withZone()));

    public static final Schema GEO_EVENTS_SCHEMA = new Schema(
            required(1, "click_id", Types.StringType.get()),
            optional(2, "geo_latitude", Types.StringType.get()),
            optional(3, "geo_longitude", Types.StringType.get()),
            optional(4, "geo_country", Types.StringType.get()),
            optional(5, "geo_timezone", Types.StringType.get()),
            optional(6, "geo_region_name", Types.StringType.get()),
            optional(7, "ip_address", Types.StringType.get()),
            required(8, "kafka_partition", Types.IntegerType.get()),
            required(9, "kafka_offset", Types.LongType.get()),
            required(10, "ingested_at", Types.TimestampType.withZone()));

    public static final RawTable BROWSER_EVENTS = RawTable.of(RAW_BROWSER_EVENTS, BROWSER_EVENTS_SCHEMA,
            PartitionSpec.builderFor(BROWSER_EVENTS_SCHEMA).day("event_timestamp").build());
    public static final RawTable LOCATION_EVENTS = RawTable.of(RAW_LOCATION_EVENTS, LOCATION_EVENTS_SCHEMA,
            PartitionSpec.builderFor(LOCATION_EVENTS_SCHEMA).day("ingested_at").build());
    public static final RawTable DEVICE_EVENTS = RawTable.of(RAW_DEVICE_EVENTS, DEVICE_EVENTS_SCHEMA,
            PartitionSpec.builderFor(DEVICE_EVENTS_SCHEMA).day("ingested_at").build());
    public static final RawTable GEO_EVENTS = RawTable.of(RAW_GEO_EVENTS, GEO_EVENTS_SCHEMA,
            PartitionSpec.builderFor(GEO_EVENTS_SCHEMA).day("ingested_at").build());
    public static final RawTable REJECTED = IngestTables.rejected(RAW_REJECTED);

    /**
     * {@code stage.clickstream_events}: one row per event_id (the first received of its copies), the browser event
     * with its location event (by event_id) and its click's device and geo events (by click_id, the first received of
     * each), typed, with the page's category and product. {@code has_location}, {@code has_device} and
     * {@code has_geo} say whether the joined event was there. Each event also has its place in its click_id's events
     * (ordered by time, then event_id): {@code event_number} from 1, the session it belongs to ({@code session_id},
     * {@code session_start}: a gap over {@code clickstream.session-timeout} starts a new one) and {@code cart_number},
     * the click_id's confirmations before it (a product view with cart number k is paid by the confirmation with cart
     * number k). Partitioned by {@code day(event_timestamp)}.
     */
    public static final Schema STAGE_EVENTS_SCHEMA = new Schema(
            required(1, "event_id", Types.StringType.get()),
            required(2, "click_id", Types.StringType.get()),
            required(3, "event_timestamp", Types.TimestampType.withZone()),
            optional(4, "event_type", Types.StringType.get()),
            optional(5, "page_url", Types.StringType.get()),
            optional(6, "page_url_path", Types.StringType.get()),
            required(7, "page_category", Types.StringType.get()),
            optional(8, "product_id", Types.StringType.get()),
            optional(9, "referer_url", Types.StringType.get()),
            optional(10, "referer_domain", Types.StringType.get()),
            optional(11, "referer_medium", Types.StringType.get()),
            optional(12, "utm_source", Types.StringType.get()),
            optional(13, "utm_medium", Types.StringType.get()),
            optional(14, "utm_campaign", Types.StringType.get()),
            optional(15, "utm_content", Types.StringType.get()),
            optional(16, "browser_name", Types.StringType.get()),
            optional(17, "browser_language", Types.StringType.get()),
            optional(18, "browser_user_agent", Types.StringType.get()),
            optional(19, "os", Types.StringType.get()),
            optional(20, "os_name", Types.StringType.get()),
            optional(21, "os_timezone", Types.StringType.get()),
            optional(22, "device_type", Types.StringType.get()),
            optional(23, "device_is_mobile", Types.BooleanType.get()),
            optional(24, "user_custom_id", Types.StringType.get()),
            optional(25, "user_domain_id", Types.StringType.get()),
            optional(26, "geo_latitude", Types.DoubleType.get()),
            optional(27, "geo_longitude", Types.DoubleType.get()),
            optional(28, "geo_country", Types.StringType.get()),
            optional(29, "geo_timezone", Types.StringType.get()),
            optional(30, "geo_region_name", Types.StringType.get()),
            optional(31, "ip_address", Types.StringType.get()),
            required(32, "has_location", Types.BooleanType.get()),
            required(33, "has_device", Types.BooleanType.get()),
            required(34, "has_geo", Types.BooleanType.get()),
            required(35, "event_number", Types.IntegerType.get()),
            required(36, "session_id", Types.StringType.get()),
            required(37, "session_start", Types.TimestampType.withZone()),
            required(38, "cart_number", Types.IntegerType.get()));
    public static final PartitionSpec STAGE_EVENTS_SPEC = PartitionSpec.builderFor(STAGE_EVENTS_SCHEMA).day("event_timestamp").build();

    /**
     * {@code mart.sessions}: a click_id's run of events with no gap over the session timeout. {@code session_id} is
     * {@code <click_id>-<epoch microseconds of its start>}; source, medium and campaign, device, OS, browser and
     * country are those of its first event. Partitioned by {@code day(session_start)}.
     */
    public static final Schema SESSIONS_SCHEMA = new Schema(
            required(1, "session_id", Types.StringType.get()),
            required(2, "click_id", Types.StringType.get()),
            required(3, "session_start", Types.TimestampType.withZone()),
            required(4, "session_end", Types.TimestampType.withZone()),
            required(5, "duration_seconds", Types.DoubleType.get()),
            required(6, "page_views", Types.IntegerType.get()),
            optional(7, "landing_page", Types.StringType.get()),
            optional(8, "exit_page", Types.StringType.get()),
            required(9, "source", Types.StringType.get()),
            required(10, "medium", Types.StringType.get()),
            required(11, "campaign", Types.StringType.get()),
            optional(12, "device_type", Types.StringType.get()),
            optional(13, "os_name", Types.StringType.get()),
            optional(14, "browser_name", Types.StringType.get()),
            optional(15, "country", Types.StringType.get()),
            required(16, "products_added", Types.IntegerType.get()),
            required(17, "furthest_step", Types.StringType.get()),
            required(18, "converted", Types.BooleanType.get()),
            required(19, "purchases", Types.IntegerType.get()));
    public static final PartitionSpec SESSIONS_SPEC = PartitionSpec.builderFor(SESSIONS_SCHEMA).day("session_start").build();

    /**
     * {@code mart.purchases}: one row per confirmation event ({@code event_id}), paying the products the click_id added
     * since its previous confirmation; {@code items} counts them with repeats. {@code empty_cart} flags a
     * confirmation with nothing to pay (kept, with zero items). Partitioned by {@code day(ts)}.
     */
    public static final Schema PURCHASES_SCHEMA = new Schema(
            required(1, "event_id", Types.StringType.get()),
            required(2, "click_id", Types.StringType.get()),
            required(3, "session_id", Types.StringType.get()),
            required(4, "ts", Types.TimestampType.withZone()),
            required(5, "items", Types.IntegerType.get()),
            required(6, "distinct_products", Types.IntegerType.get()),
            required(7, "empty_cart", Types.BooleanType.get()));
    public static final PartitionSpec PURCHASES_SPEC = PartitionSpec.builderFor(PURCHASES_SCHEMA).day("ts").build();

    /** {@code mart.purchase_items}: one row per product of a purchase, with how many times it was added. Partitioned by {@code day(ts)}. */
    public static final Schema PURCHASE_ITEMS_SCHEMA = new Schema(
            required(1, "event_id", Types.StringType.get()),
            required(2, "click_id", Types.StringType.get()),
            required(3, "session_id", Types.StringType.get()),
            required(4, "ts", Types.TimestampType.withZone()),
            required(5, "product_id", Types.StringType.get()),
            required(6, "quantity", Types.IntegerType.get()));
    public static final PartitionSpec PURCHASE_ITEMS_SPEC = PartitionSpec.builderFor(PURCHASE_ITEMS_SCHEMA).day("ts").build();

    /**
     * {@code mart.funnel_daily}: per UTC day of session start, the sessions whose furthest step reached each funnel
     * step (home, product, cart, payment, confirmation: a session that reached the cart also counts for home and
     * product), the step-to-step conversion rates and the overall conversion rate (confirmation / sessions). Rates
     * are null where their denominator is 0. Unpartitioned (one row a day).
     */
    public static final Schema FUNNEL_DAILY_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "sessions", Types.LongType.get()),
            required(3, "reached_home", Types.LongType.get()),
            required(4, "reached_product", Types.LongType.get()),
            required(5, "reached_cart", Types.LongType.get()),
            required(6, "reached_payment", Types.LongType.get()),
            required(7, "reached_confirmation", Types.LongType.get()),
            optional(8, "home_to_product_rate", Types.DoubleType.get()),
            optional(9, "product_to_cart_rate", Types.DoubleType.get()),
            optional(10, "cart_to_payment_rate", Types.DoubleType.get()),
            optional(11, "payment_to_confirmation_rate", Types.DoubleType.get()),
            optional(12, "conversion_rate", Types.DoubleType.get()));

    /**
     * {@code mart.traffic_sources}: per UTC day of session start and source, medium and campaign: sessions, converted
     * sessions, purchases (confirmations in those sessions) and conversion rate (converted / sessions).
     */
    public static final Schema TRAFFIC_SOURCES_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "source", Types.StringType.get()),
            required(3, "medium", Types.StringType.get()),
            required(4, "campaign", Types.StringType.get()),
            required(5, "sessions", Types.LongType.get()),
            required(6, "converted_sessions", Types.LongType.get()),
            required(7, "purchases", Types.LongType.get()),
            required(8, "conversion_rate", Types.DoubleType.get()));

    /**
     * {@code mart.products}: per UTC day and product: adds (visits of {@code /product_<id>} that day), purchases
     * (purchases that day holding it) and the quantity they paid (adds paid, with repeats).
     */
    public static final Schema PRODUCTS_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "product_id", Types.StringType.get()),
            required(3, "adds", Types.LongType.get()),
            required(4, "purchases", Types.LongType.get()),
            required(5, "purchased_quantity", Types.LongType.get()));

    /**
     * {@code mart.data_quality}: per UTC day, what the raw tables hold that the marts do not show. Every event counts on
     * the day of the page view it belongs to: a browser event on the day of its {@code event_timestamp}, a location event
     * on its browser event's day (by event_id), a device or geo event (which have no event time) on the day of their
     * click_id's first browser event. Only orphans (no matching browser event) count on the day they were ingested, and
     * rejects on the day they were rejected.
     * <ul>
     *   <li>{@code browser_events}, {@code duplicate_browser_events}: raw rows, and rows beyond the first of an event_id;</li>
     *   <li>{@code browser_events_without_location}: distinct browser events no location event matches;</li>
     *   <li>{@code location_events}, {@code duplicate_location_events}, {@code orphan_location_events}: raw rows,
     *       copies beyond the first, and rows whose event_id no browser event has;</li>
     *   <li>{@code device_events}, {@code orphan_device_events}, {@code geo_events}, {@code orphan_geo_events}: raw rows,
     *       and rows whose click_id no browser event has;</li>
     *   <li>{@code clicks_without_device}, {@code clicks_without_geo}: click_ids first seen that day without any device
     *       (geo) event;</li>
     *   <li>{@code rejected_messages}: rows of {@code raw.clickstream_rejected};</li>
     *   <li>{@code empty_cart_purchases}: confirmations with nothing in the cart.</li>
     * </ul>
     */
    public static final Schema DATA_QUALITY_SCHEMA = new Schema(
            required(1, "day", Types.DateType.get()),
            required(2, "browser_events", Types.LongType.get()),
            required(3, "duplicate_browser_events", Types.LongType.get()),
            required(4, "browser_events_without_location", Types.LongType.get()),
            required(5, "location_events", Types.LongType.get()),
            required(6, "duplicate_location_events", Types.LongType.get()),
            required(7, "orphan_location_events", Types.LongType.get()),
            required(8, "device_events", Types.LongType.get()),
            required(9, "orphan_device_events", Types.LongType.get()),
            required(10, "geo_events", Types.LongType.get()),
            required(11, "orphan_geo_events", Types.LongType.get()),
            required(12, "clicks_without_device", Types.LongType.get()),
            required(13, "clicks_without_geo", Types.LongType.get()),
            required(14, "rejected_messages", Types.LongType.get()),
            required(15, "empty_cart_purchases", Types.LongType.get()));

    private ClickstreamTables() {
    }
}
