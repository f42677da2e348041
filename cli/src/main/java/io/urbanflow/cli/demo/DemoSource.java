package io.urbanflow.cli.demo;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The demo's source, measured before the replay: its data time span (from the fleet's options, or a first pass over
 * a file), its city and the speed that replays the span in the target time. Immutable.
 */
final class DemoSource {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern START_GIVEN = Pattern.compile("[:,]\\s*start\\s*=", Pattern.CASE_INSENSITIVE);
    private final String specification;
    private final DemoOptions options;
    private final FleetOptions fleet;
    private final String description;
    private final Optional<City> city;
    private final ZoneId zone;
    private final long firstEpochMicros;
    private final long lastEpochMicros;
    private final ReplaySpeed speed;
    private final Optional<LocalDate> continuedWith;

    private DemoSource(String specification, DemoOptions options, FleetOptions fleet, String description,
                       Optional<City> city, ZoneId zone, long firstEpochMicros, long lastEpochMicros, ReplaySpeed speed,
                       Optional<LocalDate> continuedWith) {
        this.specification = specification;
        this.options = options;
        this.fleet = fleet;
        this.description = description;
        this.city = city;
        this.zone = zone;
        this.firstEpochMicros = firstEpochMicros;
        this.lastEpochMicros = lastEpochMicros;
        this.speed = speed;
        this.continuedWith = continuedWith;
    }

    /**
     * Checks that the source can be opened (a file exists and its format is known; a synthetic specification
     * parses), reading nothing, so that a typo fails before anything is created in the data dir.
     *
     * @throws UrbanFlowException naming what is wrong
     */
    static void check(DemoOptions options) {
        if (SyntheticFleet.isSpec(options.source())) {
            SyntheticFleet.parseSpec(options.source());
        } else if (options.taxis().isPresent()) {
            throw new UrbanFlowException("Cannot run demo: --taxis applies to a synthetic source, not to " + options.source());
        } else {
            GpsSources.open(options.source(), options.sourceOptions());
        }
    }

    /**
     * Measures the source named by {@code options}; a file is read once (a first pass) unless a speed is given.
     *
     * @throws UrbanFlowException when the source cannot be opened, holds no point, or {@code --taxis} is given for
     *                            a file
     */
    static DemoSource prepare(DemoOptions options, Optional<Instant> lakeLatest, Consumer<String> info) {
        if (SyntheticFleet.isSpec(options.source())) {
            FleetOptions fleet = SyntheticFleet.parseSpec(options.source());
            if (options.taxis().isPresent()) {
                fleet = fleet.withTaxis(options.taxis().getAsInt());
            }
            Optional<LocalDate> next = nextDay(options.source(), fleet, lakeLatest);
            if (next.isPresent()) {
                fleet = fleet.withStart(next.get());
            }
            TimeWindow window = SyntheticFleet.of(fleet).window();
            long first = micros(window.start().getEpochSecond());
            long last = micros(window.end().getEpochSecond());
            String description = String.format(Locale.ROOT, "a synthetic %s %s, %d taxis (%s)", cityName(fleet.city()),
                    fleet.days() == 1 ? "day" : fleet.days() + " days", fleet.taxis(), fleet.toSpec());
            return new DemoSource(fleet.toSpec(), options, fleet, description, Optional.of(fleet.city()),
                    fleet.city().zone(), first, last, options.speed().orElseGet(() -> speedFor(first, last, options.replayTarget())),
                    next);
        }
        if (options.taxis().isPresent()) {
            throw new UrbanFlowException("Cannot run demo: --taxis applies to a synthetic source, not to " + options.source());
        }
        PointSource probe = GpsSources.open(options.source(), options.sourceOptions());
        if (options.speed().isPresent()) {
            Optional<City> city = firstPoint(GpsSources.open(options.source(), options.sourceOptions()))
                    .flatMap(point -> cityOf(point.latitude(), point.longitude()));
            return new DemoSource(options.source(), options, null, probe.name() + city.map(found -> " (" + cityName(found) + ")").orElse(""),
                    city, zoneOf(options, city), -1, -1, options.speed().get(), Optional.empty());
        }
        info.accept("Measuring the time span of " + options.source() + " (a first pass; --speed skips it)...");
        Span span = new Span();
        probe.read(span, reject -> { });
        if (span.points == 0) {
            throw new UrbanFlowException("Cannot run demo: " + options.source() + " holds no valid GPS point (see urbanflow formats)");
        }
        Optional<City> city = cityOf(span.firstLatitude, span.firstLongitude);
        ZoneId zone = zoneOf(options, city);
        String description = String.format(Locale.ROOT, "%s (%,d points, %s of data%s)", probe.name(), span.points,
                DemoConsole.duration(Duration.ofMillis((span.last - span.first) / 1000)),
                city.map(found -> ", " + cityName(found)).orElse(""));
        return new DemoSource(options.source(), options, null, description, city, zone, span.first, span.last,
                speedFor(span.first, span.last, options.replayTarget()), Optional.empty());
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

    /** The synthetic day this demo continues with, when it does (see {@link #nextDay}). */
    Optional<LocalDate> continuedWith() {
        return continuedWith;
    }

    /** A fresh source to replay (a source can be read once). */
    PointSource open() {
        return fleet != null ? SyntheticFleet.of(fleet) : GpsSources.open(specification, options.sourceOptions());
    }

    String specification() {
        return specification;
    }

    String description() {
        return description;
    }

    Optional<City> city() {
        return city;
    }

    ZoneId zone() {
        return zone;
    }

    ReplaySpeed speed() {
        return speed;
    }

    /** The data time span, or {@link Duration#ZERO} when it was not measured. */
    Duration span() {
        return firstEpochMicros < 0 ? Duration.ZERO : Duration.ofMillis((lastEpochMicros - firstEpochMicros) / 1000);
    }

    /** How far the data clock is through the span, 0..1; NaN when the span is unknown. */
    double progress(long dataEpochMicros) {
        if (firstEpochMicros < 0 || lastEpochMicros <= firstEpochMicros) {
            return Double.NaN;
        }
        if (dataEpochMicros < 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (dataEpochMicros - firstEpochMicros) / (double) (lastEpochMicros - firstEpochMicros)));
    }

    /**
     * The speed that replays {@code first..last} in {@code target}: at least real time, a whole factor above 10.
     */
    static ReplaySpeed speedFor(long firstEpochMicros, long lastEpochMicros, Duration target) {
        double factor = (lastEpochMicros - firstEpochMicros) / 1000.0 / target.toMillis();
        if (factor <= 1) {
            return ReplaySpeed.times(1);
        }
        return ReplaySpeed.times(factor >= 10 ? Math.rint(factor) : Math.rint(factor * 10) / 10);
    }

    /**
     * The zone of the data's clock: the one given for the file, else its city's, else UTC (by its region name:
     * DuckDB knows no zone called {@code Z}).
     */
    private static ZoneId zoneOf(DemoOptions options, Optional<City> city) {
        if (options.sourceOptions().zone() != null) {
            return options.sourceOptions().zone();
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

    /** Ends a read at its first point. */
    private static final class FirstPointFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FirstPointFound() {
            super("first point found", null, false, false);
        }
    }

    static Optional<City> cityOf(double latitude, double longitude) {
        for (City city : City.values()) {
            if (city.bounds().contains(latitude, longitude)) {
                return Optional.of(city);
            }
        }
        return Optional.empty();
    }

    private static String cityName(City city) {
        String key = city.key().replace('-', ' ');
        StringBuilder name = new StringBuilder(key.length());
        boolean upper = true;
        for (char c : key.toCharArray()) {
            name.append(upper ? Character.toUpperCase(c) : c);
            upper = c == ' ';
        }
        return name.toString();
    }

    private static long micros(long epochSeconds) {
        return epochSeconds * 1_000_000L;
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
}
