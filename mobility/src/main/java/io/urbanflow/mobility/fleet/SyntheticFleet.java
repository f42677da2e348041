package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic taxi fleet as a {@link PointSource}: the project's built-in data set, since the real ones cannot ship
 * with it. Taxis drive along the roads of a sketched city map between real hotspots (stations, airports, squares),
 * wait at ranks, carry fares (occupancy 1) and cruise back free (0); their speed follows the hour's traffic, their
 * number the city's daily rhythm (few at night, peaks in the morning and the evening, local time). Devices report
 * every 5-60 s with about 6 m of GPS error, fall silent now and then, and a configurable fraction of points jumps
 * 5-25 km away (outliers).
 *
 * <p>Points come in global timestamp order (ties by vehicle), generated on the fly from a queue holding each taxi's
 * next report: memory grows with the number of taxis, not of points. Every point's {@link GpsPoint#source()} is
 * {@value Taxi#SOURCE}. The same options give the same points, in the same order: each taxi draws from its own
 * generator seeded by the seed and its index, and nothing reads the clock. Each {@link #read} replays the whole
 * simulation from the start. Instances are immutable; a read is confined to its thread.
 */
public final class SyntheticFleet implements PointSource {
    /** The {@link GpsPoint#source()} of every point. */
    public static final String SOURCE_NAME = Taxi.SOURCE;

    private final FleetOptions options;

    private SyntheticFleet(FleetOptions options) {
        this.options = options;
    }

    public static SyntheticFleet of(FleetOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("Cannot build synthetic fleet: options are required");
        }
        return new SyntheticFleet(options);
    }

    /**
     * Reads {@code synthetic:rome,taxis=300,days=1,seed=7,start=2014-02-01,outliers=0.001}; see {@link FleetOptions#parseSpec}.
     *
     * @throws UrbanFlowException naming the bad key or value
     */
    public static FleetOptions parseSpec(String spec) {
        return FleetOptions.parseSpec(spec);
    }

    /** True when {@code text} names a synthetic source ({@code synthetic} or {@code synthetic:...}) rather than a file. */
    public static boolean isSpec(String text) {
        return FleetOptions.isSpec(text);
    }

    /** The conditions of each simulated day (all plain work days under {@link FleetCalendar#FLAT}). */
    public List<CalendarDay> days() {
        return FleetDays.plan(options);
    }

    /** The ranks of a city's synthetic map, e.g. to label a dashboard. */
    public static List<Hotspot> hotspots(City city) {
        String problem = FleetOptions.problem(city, 1, FleetOptions.defaults().start(), 1, 0);
        if (problem != null) {
            throw new UrbanFlowException("Cannot list hotspots: " + problem);
        }
        return CityMaps.of(city).hotspots();
    }

    public FleetOptions options() {
        return options;
    }

    /** The simulated span: from local midnight of the start date for the given number of days, in the city's zone. */
    public TimeWindow window() {
        ZonedDateTime start = options.start().atStartOfDay(options.city().zone());
        return new TimeWindow(start.toInstant(), start.plusDays(options.days()).toInstant());
    }

    /** The textual form of the options, e.g. {@code synthetic:rome,taxis=300,days=1,seed=7,...}. */
    @Override
    public String name() {
        return options.toSpec();
    }

    /** Runs the simulation, handing every point to {@code points} in timestamp order; nothing is ever rejected. */
    @Override
    public ReadSummary read(PointSink points, RejectSink rejects) {
        TimeWindow window = window();
        long startMicros = GpsPoint.toEpochMicros(window.start());
        long endMicros = GpsPoint.toEpochMicros(window.end());
        CityMap map = CityMaps.of(options.city());
        DailyRhythm rhythm = new DailyRhythm(options.city().zone(), window.start().getEpochSecond(), window.end().getEpochSecond(),
                options.calendar() == FleetCalendar.FLAT ? null : FleetDays.withMargins(options));
        Taxi[] taxis = new Taxi[options.taxis()];
        TaxiEventQueue queue = new TaxiEventQueue(taxis.length);
        for (int index = 0; index < taxis.length; index++) {
            taxis[index] = new Taxi(vehicleId(index), taxiRandom(options.seed(), index), map, rhythm,
                    options.outlierFraction(), endMicros);
            taxis[index].begin(startMicros);
            if (taxis[index].nextReportMicros() < endMicros) {
                queue.add(taxis[index].nextReportMicros(), index);
            }
        }
        long accepted = 0;
        while (!queue.isEmpty()) {
            long now = queue.firstTime();
            Taxi taxi = taxis[queue.firstTaxi()];
            GpsPoint point = taxi.report(now);
            if (point != null) {
                points.accept(point);
                accepted++;
            }
            long next = taxi.nextReportMicros();
            if (next < endMicros) {
                queue.replaceFirst(next);
            } else {
                queue.removeFirst();
            }
        }
        return new ReadSummary(accepted, 0);
    }

    /** {@code taxi-0001}, {@code taxi-0002}, ...: sorts in fleet order up to 9999 taxis. */
    static String vehicleId(int index) {
        String number = Integer.toString(index + 1);
        return "taxi-" + "0000".substring(Math.min(4, number.length())) + number;
    }

    /** Each taxi's generator depends on the seed and its index only, so adding taxis leaves the others unchanged. */
    static SplittableRandom taxiRandom(long seed, int index) {
        return new SplittableRandom(mix(mix(seed) + index));
    }

    /** Stafford's mix13 (the finalizer of SplitMix64): nearby inputs give unrelated outputs. */
    static long mix(long value) {
        long z = value + 0x9e37_79b9_7f4a_7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
