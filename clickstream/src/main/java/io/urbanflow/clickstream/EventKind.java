package io.urbanflow.clickstream;

import io.urbanflow.lake.RawTable;
import java.util.List;

/**
 * The four kinds of clickstream event, one file, topic and raw table each. Browser and location events share the
 * {@code event_id} of a page view; browser, device and geo events share the {@code click_id} of a visitor.
 */
public enum EventKind {
    BROWSER("browser_events", ClickstreamTables.BROWSER_EVENTS, List.of("event_id", "click_id"), "click_id",
            List.of("event_id", "event_timestamp", "event_type", "click_id", "browser_name", "browser_user_agent", "browser_language")),
    LOCATION("location_events", ClickstreamTables.LOCATION_EVENTS, List.of("event_id"), "event_id",
            List.of("event_id", "page_url", "page_url_path", "referer_url", "referer_medium", "utm_medium", "utm_source",
                    "utm_content", "utm_campaign")),
    DEVICE("device_events", ClickstreamTables.DEVICE_EVENTS, List.of("click_id"), "click_id",
            List.of("click_id", "os", "os_name", "os_timezone", "device_type", "device_is_mobile", "user_custom_id", "user_domain_id")),
    GEO("geo_events", ClickstreamTables.GEO_EVENTS, List.of("click_id"), "click_id",
            List.of("click_id", "geo_latitude", "geo_longitude", "geo_country", "geo_timezone", "geo_region_name", "ip_address"));

    /** The topic prefix: {@code clickstream.browser_events} and so on. */
    public static final String TOPIC_PREFIX = "clickstream.";

    private final String fileStem;
    private final RawTable table;
    private final List<String> requiredIds;
    private final String keyField;
    private final List<String> fields;

    EventKind(String fileStem, RawTable table, List<String> requiredIds, String keyField, List<String> fields) {
        this.fileStem = fileStem;
        this.table = table;
        this.requiredIds = requiredIds;
        this.keyField = keyField;
        this.fields = fields;
    }

    /** The file's name without its suffix, as in the sample: {@code browser_events}. */
    public String fileStem() {
        return fileStem;
    }

    /** {@code clickstream.browser_events}. */
    public String topic() {
        return TOPIC_PREFIX + fileStem;
    }

    /** The raw table its messages land in. */
    public RawTable table() {
        return table;
    }

    /** The format's name for {@code --format}: {@code clickstream-browser}. */
    public String formatName() {
        return "clickstream-" + name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The id fields an event cannot do without (present, non-blank strings). */
    public List<String> requiredIds() {
        return requiredIds;
    }

    /** The field whose value is the Kafka key: the click_id where the event has one, else the event_id. */
    public String keyField() {
        return keyField;
    }

    /** The fields of a line, in the sample files' order. */
    public List<String> fields() {
        return fields;
    }

    /** Whether the event has a time of its own ({@code event_timestamp}): browser events only. */
    public boolean timed() {
        return this == BROWSER;
    }
}
