package io.urbanflow.cli;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.PointCsvWriter;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.mobility.fleet.FleetCalendar;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow generate}: writes a synthetic taxi fleet's points to a canonical CSV file. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write a synthetic taxi fleet's GPS points to a CSV file (format csv: vehicle_id,timestamp,latitude,longitude,occupancy).",
            "Taxis drive between a city's real hotspots, follow its daily rhythm and traffic, report every 5-60 s with GPS noise, "
                + "drop out now and then and occasionally jump (outliers). The same seed gives the same file.",
        })
public final class GenerateCommand implements Callable<Integer> {
    private static final long TERMINAL_PROGRESS_NANOS = 1_000_000_000L;
    private static final long PLAIN_PROGRESS_NANOS = 5_000_000_000L;

    @Option(names = "--city", paramLabel = "CITY", defaultValue = FleetOptions.DEFAULT_CITY_NAME,
            description = "rome, san-francisco or porto (default: ${DEFAULT-VALUE}).")
    private String city;

    @Option(names = "--taxis", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_TAXIS,
            description = "Fleet size; not all are on duty at once (default: ${DEFAULT-VALUE}).")
    private int taxis;

    @Option(names = "--start", paramLabel = "DATE", defaultValue = FleetOptions.DEFAULT_START_TEXT,
            description = "First local day, yyyy-MM-dd, from midnight in the city's zone (default: ${DEFAULT-VALUE}).")
    private String start;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_DAYS,
            description = "Number of days (default: ${DEFAULT-VALUE}).")
    private int days;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + FleetOptions.DEFAULT_SEED,
            description = "Random seed; the same seed gives the same points (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--outliers", paramLabel = "FRACTION", defaultValue = "" + FleetOptions.DEFAULT_OUTLIER_FRACTION,
            description = "Fraction of points displaced by 5-25 km, 0 to 0.5 (default: ${DEFAULT-VALUE}).")
    private double outliers;

    @Option(names = "--calendar", paramLabel = "CALENDAR", defaultValue = "flat",
            description = "flat: every day a work day; weeks: weekdays and weekends, public holidays, day-to-day variation,"
                    + " rain and events, drawn from the seed, for multi-week runs (default: ${DEFAULT-VALUE}).")
    private String calendar;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The CSV file to write (replaced if it exists); a name ending in .gz is gzipped.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        FleetOptions options = new FleetOptions(FleetOptions.cityByName(city), taxis, FleetOptions.parseStartDate(start),
                days, seed, outliers, FleetCalendar.byName(calendar));
        PrintWriter console = spec.commandLine().getOut();
        Path file = out.toAbsolutePath().normalize();
        ZoneId zone = options.city().zone();
        long started = System.nanoTime();
        Progress progress;
        try (PointCsvWriter writer = PointCsvWriter.open(file, zone)) {
            progress = new Progress(writer, console, zone, System.console() != null, started);
            SyntheticFleet.of(options).read(progress, RejectSink.strict());
            progress.finish();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        console.printf(Locale.ROOT, "generated %,d points in %.1f s (%,.0f points/s)%n",
                progress.count, seconds, progress.count / seconds);
        console.println("points=" + progress.count + " taxis=" + options.taxis() + " file=" + file);
        console.flush();
        return 0;
    }

    /** Counts the points on their way to the file and reports progress every few seconds. */
    private static final class Progress implements PointSink {
        private static final DateTimeFormatter DATA_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT);

        private final PointSink target;
        private final PrintWriter console;
        private final ZoneId zone;
        private final boolean terminal;
        private final long started;
        private long lastReport;
        private boolean reported;
        long count;

        Progress(PointSink target, PrintWriter console, ZoneId zone, boolean terminal, long started) {
            this.target = target;
            this.console = console;
            this.zone = zone;
            this.terminal = terminal;
            this.started = started;
            this.lastReport = started;
        }

        @Override
        public void accept(GpsPoint point) {
            target.accept(point);
            count++;
            if ((count & 0x3fff) == 0) {
                long now = System.nanoTime();
                if (now - lastReport >= (terminal ? TERMINAL_PROGRESS_NANOS : PLAIN_PROGRESS_NANOS)) {
                    lastReport = now;
                    report(point, now);
                }
            }
        }

        private void report(GpsPoint point, long now) {
            double seconds = (now - started) / 1e9;
            String line = String.format(Locale.ROOT, "generating: %,d points, data clock %s, %,.0f points/s",
                    count, DATA_CLOCK.format(Instant.ofEpochMilli(point.epochMillis()).atZone(zone)), count / seconds);
            if (terminal) {
                console.print("\r" + line);
            } else {
                console.println(line);
            }
            console.flush();
            reported = true;
        }

        void finish() {
            if (terminal && reported) {
                console.println();
            }
        }
    }
}
