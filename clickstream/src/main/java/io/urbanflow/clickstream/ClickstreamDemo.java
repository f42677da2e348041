package io.urbanflow.clickstream;

import io.urbanflow.domain.DemoSource;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryResult;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How {@code urbanflow demo --domain clickstream} runs: by default a synthetic shop day of
 * {@value SyntheticClickstream.Options#DEFAULT_VISITORS} visitors (about 160,000 events), replayed in the demo's replay
 * time (a minute: 1,440 times faster than the data's clock); after a lake that already holds shop days, the next day.
 * Event files replay at the pace that fits their span into the replay time. After each pipeline run the status line
 * gives the latest hour's sessions and purchases. Stateless and thread-safe.
 */
public final class ClickstreamDemo implements DemoSource {
    private static final SyntheticClickstream GENERATOR = new SyntheticClickstream();

    @Override
    public String defaultSpecification() {
        return SyntheticClickstream.Options.defaults().specification();
    }

    @Override
    public String sizeName() {
        return "visitors";
    }

    @Override
    public Plan prepare(Request request) {
        String specification = request.specification() == null || request.specification().isBlank()
                ? defaultSpecification() : request.specification().trim();
        if (GENERATOR.accepts(specification)) {
            return generated(specification, request);
        }
        if (request.size().isPresent()) {
            throw new UrbanFlowException("Cannot size " + specification + ": --size sets the " + sizeName()
                    + " of the synthetic shop, not of a file");
        }
        return files(specification, request);
    }

    private Plan generated(String specification, Request request) {
        SyntheticClickstream.Options options = SyntheticClickstream.Options.parse(specification);
        if (request.size().isPresent()) {
            options = options.withVisitors(request.size().getAsInt());
        }
        Optional<String> continued = Optional.empty();
        boolean startGiven = specification.toLowerCase(Locale.ROOT).contains("start=")
                && !specification.equals(defaultSpecification());
        if (!startGiven) {
            Optional<LocalDate> last = lastDay(request.engine());
            if (last.isPresent() && !last.get().isBefore(options.start())) {
                options = options.withStart(last.get().plusDays(1));
                continued = Optional.of("the next synthetic shop day, " + options.start());
                request.info().accept("The lake holds clickstream events up to " + last.get() + ": continuing with " + options.start());
            }
        }
        Duration span = Duration.ofDays(options.days());
        ReplaySpeed speed = request.speed().orElse(fitted(span, request.replayTime()));
        long startMicros = options.start().toEpochDay() * 86_400_000_000L;
        String description = String.format(Locale.ROOT, "a synthetic shop, %,d visitors a day over %d day%s from %s (about %,d events)",
                options.visitors(), options.days(), options.days() == 1 ? "" : "s", options.start(), Math.round(options.visitors() * 10.9 * options.days()));
        SyntheticClickstream.Options chosen = options;
        return new ShopPlan(chosen.specification(), description, () -> SyntheticClickstream.open(chosen), speed, span, startMicros, continued);
    }

    private Plan files(String specification, Request request) {
        Sources sources = request.sources();
        SourceOptions options = request.sourceOptions() == null ? SourceOptions.defaults() : request.sourceOptions();
        long[] bounds = {Long.MAX_VALUE, Long.MIN_VALUE, 0};
        RecordSource measured = sources.open(specification, options);
        if (!measured.topics().stream().allMatch(topic -> topic.startsWith(EventKind.TOPIC_PREFIX))) {
            throw new UrbanFlowException("Cannot replay " + specification + " as clickstream: its records go to " + measured.topics());
        }
        measured.read(record -> {
            bounds[2]++;
            if (record.eventTimeMicros() >= 0) {
                bounds[0] = Math.min(bounds[0], record.eventTimeMicros());
                bounds[1] = Math.max(bounds[1], record.eventTimeMicros());
            }
        }, reject -> { });
        if (bounds[2] == 0) {
            throw new UrbanFlowException("Cannot replay " + specification + ": it holds no clickstream event");
        }
        boolean timed = bounds[0] <= bounds[1];
        Duration span = timed ? Duration.ofNanos((bounds[1] - bounds[0]) * 1_000L) : Duration.ZERO;
        ReplaySpeed speed = request.speed().orElse(span.isZero() ? ReplaySpeed.MAX : fitted(span, request.replayTime()));
        String description = String.format(Locale.ROOT, "%s: %,d clickstream events%s", specification, bounds[2],
                timed ? " from " + Instant.ofEpochSecond(bounds[0] / 1_000_000L) + " over " + span.toMinutes() + " min" : "");
        return new ShopPlan(specification, description, () -> sources.open(specification, options), speed, span,
                timed ? bounds[0] : -1, Optional.empty());
    }

    /** The pace that replays {@code span} of data in {@code replayTime}. */
    private static ReplaySpeed fitted(Duration span, Duration replayTime) {
        if (span.isZero() || replayTime == null || replayTime.isZero() || replayTime.isNegative()) {
            return ReplaySpeed.MAX;
        }
        return ReplaySpeed.times(Math.max(1.0, (double) span.toMillis() / replayTime.toMillis()));
    }

    /** The last UTC day with browser events in the lake, if it has any. */
    private static Optional<LocalDate> lastDay(DuckDbQueryEngine engine) {
        if (engine == null || !engine.tables().contains(ClickstreamTables.RAW_BROWSER_EVENTS)) {
            return Optional.empty();
        }
        Object day = engine.query("SELECT max(CAST(timezone('UTC', event_timestamp) AS DATE)) FROM raw.browser_events").rows().get(0).get(0);
        return Optional.ofNullable((LocalDate) day);
    }

    /** A source to open afresh. */
    @FunctionalInterface
    private interface Opener {
        RecordSource open();
    }

    /** A measured source. Immutable. */
    private record ShopPlan(String specification, String description, Opener opener, ReplaySpeed speed, Duration span, long startMicros,
                            Optional<String> continuedWith) implements Plan {
        @Override
        public String unit() {
            return "events";
        }

        @Override
        public RecordSource open() {
            return opener.open();
        }

        @Override
        public ZoneId zone() {
            return ZoneOffset.UTC;
        }

        @Override
        public double progress(long dataClockMicros) {
            if (startMicros < 0 || span.isZero() || dataClockMicros < 0) {
                return -1;
            }
            return Math.max(0, Math.min(1, (dataClockMicros - startMicros) / (span.toNanos() / 1_000.0)));
        }

        /** "latest hour 20:00-21:00 UTC: 1,234 sessions, 98 purchases (conversion 7.9 %)". */
        @Override
        public Optional<String> status(DuckDbQueryEngine engine) {
            if (!engine.tables().containsAll(List.of(ClickstreamTables.MART_SESSIONS, ClickstreamTables.MART_PURCHASES))) {
                return Optional.empty();
            }
            QueryResult result = engine.query("""
                    WITH latest AS (SELECT date_trunc('hour', timezone('UTC', max(session_start))) AS hour FROM mart.sessions)
                    SELECT (SELECT hour FROM latest),
                           (SELECT count(*) FROM mart.sessions WHERE date_trunc('hour', timezone('UTC', session_start)) = (SELECT hour FROM latest)),
                           (SELECT count(*) FILTER (WHERE converted) FROM mart.sessions
                                WHERE date_trunc('hour', timezone('UTC', session_start)) = (SELECT hour FROM latest)),
                           (SELECT count(*) FROM mart.purchases WHERE date_trunc('hour', timezone('UTC', ts)) = (SELECT hour FROM latest))""");
            List<Object> row = result.rows().get(0);
            if (row.get(0) == null) {
                return Optional.empty();
            }
            String hour = row.get(0).toString();
            long sessions = ((Number) row.get(1)).longValue();
            long converted = ((Number) row.get(2)).longValue();
            String from = hour.length() >= 16 ? hour.substring(11, 16) : hour;
            int next = (Integer.parseInt(from.substring(0, 2)) + 1) % 24;
            return Optional.of(String.format(Locale.ROOT, "latest hour %s-%02d:00 UTC: %,d sessions, %,d purchases (conversion %.1f %%)",
                    from, next, sessions, ((Number) row.get(3)).longValue(), sessions == 0 ? 0.0 : 100.0 * converted / sessions));
        }

        @Override
        public List<String> queries(Predicate<String> tableHasRows) {
            List<String> queries = new ArrayList<>();
            if (tableHasRows.test(ClickstreamTables.MART_FUNNEL_DAILY)) {
                queries.add("SELECT day, sessions, reached_cart, reached_confirmation, round(conversion_rate * 100, 1) AS conversion_pct "
                        + "FROM mart.funnel_daily ORDER BY day");
            }
            if (tableHasRows.test(ClickstreamTables.MART_TRAFFIC_SOURCES)) {
                queries.add("SELECT source, medium, sum(sessions) AS sessions, sum(purchases) AS purchases, "
                        + "round(100.0 * sum(converted_sessions) / sum(sessions), 1) AS conversion_pct "
                        + "FROM mart.traffic_sources GROUP BY source, medium ORDER BY sessions DESC LIMIT 10");
            }
            if (tableHasRows.test(ClickstreamTables.MART_PRODUCTS)) {
                queries.add("SELECT product_id, sum(adds) AS adds, sum(purchased_quantity) AS bought FROM mart.products "
                        + "GROUP BY product_id ORDER BY adds DESC");
            }
            if (tableHasRows.test(ClickstreamTables.MART_SESSIONS)) {
                queries.add("SELECT device_type, count(*) AS sessions, round(avg(page_views), 1) AS pages, "
                        + "round(100.0 * count(*) FILTER (WHERE converted) / count(*), 1) AS conversion_pct "
                        + "FROM mart.sessions GROUP BY device_type ORDER BY sessions DESC");
            }
            if (tableHasRows.test(ClickstreamTables.MART_PURCHASES)) {
                queries.add("SELECT ts, click_id, items, distinct_products, empty_cart FROM mart.purchases ORDER BY ts DESC LIMIT 10");
            }
            if (tableHasRows.test(ClickstreamTables.MART_DATA_QUALITY)) {
                queries.add("SELECT * FROM mart.data_quality ORDER BY day");
            }
            return queries;
        }
    }
}
