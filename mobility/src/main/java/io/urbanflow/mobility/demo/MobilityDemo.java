package io.urbanflow.mobility.demo;

import io.urbanflow.domain.DemoSource;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.mobility.sources.GpsRecordSource;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.web.MapConfig;
import io.urbanflow.model.Durations;
import io.urbanflow.model.Settings;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryResult;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How the demo runs the mobility domain: a synthetic Rome day by default, measured before the replay (its data span
 * from the fleet's options, or a first pass over a file), paced to replay in the target time; the latest 10-minute
 * interval in the live summary (the analytics are one of the domain's models, run with the others). A second demo on
 * a lake that holds points continues with the next synthetic day. Stateless and thread-safe.
 */
public final class MobilityDemo implements DemoSource {
    /** A synthetic Rome day: about a million points from 300 taxis. */
    public static final String DEFAULT_SOURCE = "synthetic:rome,taxis=300,days=1,seed=7";
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern START_GIVEN = Pattern.compile("[:,]\\s*start\\s*=", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final String LATEST_INTERVAL_SQL = "SELECT epoch_us(interval_10min) AS start_us, total_points, unique_taxis"
            + " FROM mart.traffic_10min ORDER BY interval_10min DESC LIMIT 1";

    @Override
    public String defaultSpecification() {
        return DEFAULT_SOURCE;
    }

    @Override
    public String sizeName() {
        return "taxis";
    }

    @Override
    public Plan prepare(Request request) {
        String specification = request.specification();
        if (SyntheticFleet.isSpec(specification)) {
            FleetOptions fleet = SyntheticFleet.parseSpec(specification);
            if (request.size().isPresent()) {
                fleet = fleet.withTaxis(request.size().getAsInt());
            }
            Optional<LocalDate> next = nextDay(specification, fleet, latestPoint(request.engine()));
            if (next.isPresent()) {
                fleet = fleet.withStart(next.get());
            }
            TimeWindow window = SyntheticFleet.of(fleet).window();
            long first = window.start().getEpochSecond() * 1_000_000L;
            long last = window.end().getEpochSecond() * 1_000_000L;
            String description = String.format(Locale.ROOT, "a synthetic %s %s, %d taxis (%s)", cityName(fleet.city()),
                    fleet.days() == 1 ? "day" : fleet.days() + " days", fleet.taxis(), fleet.toSpec());
            FleetOptions chosen = fleet;
            return new GpsPlan(fleet.toSpec(), description, () -> new GpsRecordSource(SyntheticFleet.of(chosen),
                    MobilityTables.TOPIC, Optional.of(chosen.city())), Optional.of(fleet.city()), fleet.city().zone(), first, last,
                    request.speed().orElseGet(() -> speedFor(first, last, request.replayTime())),
                    next.map(day -> "the next synthetic day, " + day));
        }
        if (request.size().isPresent()) {
            throw new UrbanFlowException("Cannot run demo: --" + sizeName() + " applies to a synthetic source, not to " + specification);
        }
        SourceOptions options = request.sourceOptions();
        PointSource probe = GpsSources.open(specification, options);
        java.util.function.Supplier<RecordSource> open = () -> request.sources().open(specification, options);
        if (request.speed().isPresent()) {
            Optional<City> city = firstPoint(GpsSources.open(specification, options))
                    .flatMap(point -> City.containing(point.latitude(), point.longitude()));
            return new GpsPlan(specification, probe.name() + city.map(found -> " (" + cityName(found) + ")").orElse(""),
                    open, city, zoneOf(options, city), -1, -1, request.speed().get(), Optional.empty());
        }
        request.info().accept("Measuring the time span of " + specification + " (a first pass; --speed skips it)...");
        Span span = new Span();
        probe.read(span, reject -> { });
        if (span.points == 0) {
            throw new UrbanFlowException("Cannot run demo: " + specification + " holds no valid GPS point (see urbanflow formats)");
        }
        Optional<City> city = City.containing(span.firstLatitude, span.firstLongitude);
        String description = String.format(Locale.ROOT, "%s (%,d points, %s of data%s)", probe.name(), span.points,
                Durations.text(Duration.ofMillis((span.last - span.first) / 1000)), city.map(found -> ", " + cityName(found)).orElse(""));
        return new GpsPlan(specification, description, open, city, zoneOf(options, city), span.first, span.last,
                speedFor(span.first, span.last, request.replayTime()), Optional.empty());
    }

    /**
     * The day after the lake's latest point, in the fleet's city, when the lake already holds points and the
     * specification names no start date: a second demo adds a day instead of the same day again.
     */
    static Optional<LocalDate> nextDay(String specification, FleetOptions fleet, Optional<Instant> lakeLatest) {
        if (lakeLatest.isEmpty() || START_GIVEN.matcher(specification).find()) {
            return Optional.empty();
        }
        LocalDate next = lakeLatest.get().atZone(fleet.city().zone()).toLocalDate().plusDays(1);
        return next.isAfter(fleet.start()) ? Optional.of(next) : Optional.empty();
    }

    /**
     * The speed that replays {@code first..last} in {@code target}: at least real time, a whole factor above 10.
     */
    public static ReplaySpeed speedFor(long firstEpochMicros, long lastEpochMicros, Duration target) {
        double factor = (lastEpochMicros - firstEpochMicros) / 1000.0 / target.toMillis();
        if (factor <= 1) {
            return ReplaySpeed.times(1);
        }
        return ReplaySpeed.times(factor >= 10 ? Math.rint(factor) : Math.rint(factor * 10) / 10);
    }

    /** The time of the lake's latest point, if it holds any. */
    private static Optional<Instant> latestPoint(DuckDbQueryEngine engine) {
        try {
            List<List<Object>> rows = engine.query("SELECT epoch_us(max(ts)) FROM " + MobilityTables.RAW_GPS_POINTS).rows();
            Object micros = rows.isEmpty() ? null : rows.get(0).get(0);
            return micros == null ? Optional.empty() : Optional.of(Instant.EPOCH.plus(((Number) micros).longValue(), ChronoUnit.MICROS));
        } catch (RuntimeException e) {
            return Optional.empty(); // no table yet
        }
    }

    /**
     * The zone of the data's clock: the one given for the file, else its city's, else UTC (by its region name:
     * DuckDB knows no zone called {@code Z}).
     */
    private static ZoneId zoneOf(SourceOptions options, Optional<City> city) {
        if (options.zone() != null) {
            return options.zone();
        }
        return city.map(City::zone).orElse(UTC);
    }

    /** The source's first valid point, reading no further. */
    private static Optional<GpsPoint> firstPoint(PointSource source) {
        GpsPoint[] first = new GpsPoint[1];
        try {
            source.read(point -> {
                first[0] = point;
                throw new FirstPointFound();
            }, reject -> { });
        } catch (FirstPointFound found) {
            // read enough
        }
        return Optional.ofNullable(first[0]);
    }

    static String cityName(City city) {
        String key = city.key().replace('-', ' ');
        StringBuilder name = new StringBuilder(key.length());
        boolean upper = true;
        for (char c : key.toCharArray()) {
            name.append(upper ? Character.toUpperCase(c) : c);
            upper = c == ' ';
        }
        return name.toString();
    }

    /** Ends a read at its first point. */
    private static final class FirstPointFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FirstPointFound() {
            super("first point found", null, false, false);
        }
    }

    /** Time span of a first pass; the points need not be in time order. */
    private static final class Span implements PointSink {
        long points;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double firstLatitude;
        double firstLongitude;

        @Override
        public void accept(GpsPoint point) {
            if (points++ == 0) {
                firstLatitude = point.latitude();
                firstLongitude = point.longitude();
            }
            first = Math.min(first, point.epochMicros());
            last = Math.max(last, point.epochMicros());
        }
    }

    /** A measured GPS source. Immutable. */
    private record GpsPlan(String specification, String description, java.util.function.Supplier<RecordSource> opener,
                           Optional<City> city, ZoneId zone, long firstEpochMicros, long lastEpochMicros, ReplaySpeed speed,
                           Optional<String> continuedWith) implements Plan {
        @Override
        public RecordSource open() {
            return opener.get();
        }

        @Override
        public String unit() {
            return "points";
        }

        @Override
        public Duration span() {
            return firstEpochMicros < 0 ? Duration.ZERO : Duration.ofMillis((lastEpochMicros - firstEpochMicros) / 1000);
        }

        @Override
        public double progress(long dataEpochMicros) {
            if (firstEpochMicros < 0 || lastEpochMicros <= firstEpochMicros) {
                return Double.NaN;
            }
            if (dataEpochMicros < 0) {
                return 0;
            }
            return Math.max(0, Math.min(1, (dataEpochMicros - firstEpochMicros) / (double) (lastEpochMicros - firstEpochMicros)));
        }

        /** The 10-minute intervals follow the data's zone, the map its city, unless configured. */
        @Override
        public Settings localize(Settings settings) {
            Settings localized = settings;
            if (localized.string(MobilityConfig.ZONE, null) == null) {
                localized = localized.with(MobilityConfig.ZONE, zone.getId());
            }
            if (localized.string(MapConfig.CITY, null) == null && city.isPresent()) {
                localized = localized.with(MapConfig.CITY, city.get().key());
            }
            return localized;
        }

        @Override
        public Optional<String> status(DuckDbQueryEngine engine) {
            try {
                QueryResult result = engine.query(LATEST_INTERVAL_SQL);
                if (result.rows().isEmpty()) {
                    return Optional.empty();
                }
                List<Object> row = result.rows().get(0);
                Instant start = Instant.EPOCH.plus(((Number) row.get(0)).longValue(), ChronoUnit.MICROS);
                return Optional.of(String.format(Locale.ROOT, "latest interval %s-%s: %,d points, %,d taxis",
                        TIME.format(start.atZone(zone)), TIME.format(start.plusSeconds(600).atZone(zone)),
                        ((Number) row.get(1)).longValue(), ((Number) row.get(2)).longValue()));
            } catch (RuntimeException e) {
                return Optional.empty(); // not aggregated yet
            }
        }

        @Override
        public List<String> queries(Predicate<String> tableHasRows) {
            return MobilityQueries.candidates(tableHasRows, zone);
        }
    }
}
