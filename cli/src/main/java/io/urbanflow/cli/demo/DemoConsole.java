package io.urbanflow.cli.demo;

import io.urbanflow.cli.demo.DemoStatus.Phase;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The demo as text: on a terminal a three-line block redrawn in place (ANSI cursor movement), otherwise a plain line
 * every few seconds; then the report with the queries to try next. Thread-safe: every method is synchronized, so a
 * line never lands inside the block.
 */
public final class DemoConsole implements DemoListener {
    private static final int BAR_WIDTH = 20;
    /** Lines are cut here so that none wraps (a wrapped line would break the block's redraw). */
    private static final int MAX_WIDTH = 79;
    private static final long RATE_WINDOW_MILLIS = 3_000;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final PrintWriter out;
    private final boolean terminal;
    private final String command;
    private final Duration interval;
    private final Deque<long[]> ingestHistory = new ArrayDeque<>();
    private int drawnLines;

    private DemoConsole(PrintWriter out, boolean terminal, String command, Duration interval) {
        this.out = out;
        this.terminal = terminal;
        this.command = command;
        this.interval = interval;
    }

    /**
     * A block redrawn twice a second, for terminals that understand ANSI escapes.
     *
     * @param command how the user runs urbanflow, for the suggested commands, e.g. {@code ./urbanflow} or
     *                {@code ./urbanflow --data-dir /tmp/demo}
     */
    public static DemoConsole terminal(PrintWriter out, String command) {
        return new DemoConsole(out, true, command, Duration.ofMillis(500));
    }

    /** A plain line every five seconds, for logs and pipes. */
    public static DemoConsole lines(PrintWriter out, String command) {
        return new DemoConsole(out, false, command, Duration.ofSeconds(5));
    }

    @Override
    public Duration statusInterval() {
        return interval;
    }

    @Override
    public synchronized void info(String line) {
        eraseBlock();
        out.println(line);
        out.flush();
    }

    @Override
    public synchronized void status(DemoStatus status) {
        double rate = ingestRate(status);
        if (terminal) {
            String[] lines = block(status, rate);
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "F");
            }
            for (String line : lines) {
                out.print("\033[2K");
                out.println(cut(line));
            }
            drawnLines = lines.length;
        } else {
            out.println(line(status, rate));
        }
        out.flush();
    }

    @Override
    public synchronized void report(DemoReport report) {
        eraseBlock();
        for (String line : reportLines(report, command)) {
            out.println(line);
        }
        out.flush();
    }

    private void eraseBlock() {
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "F\033[J");
            drawnLines = 0;
        }
    }

    /** Points per second into the lake over the last few seconds. */
    private double ingestRate(DemoStatus status) {
        ingestHistory.addLast(new long[] {status.elapsedMillis(), status.ingested()});
        while (ingestHistory.size() > 2 && status.elapsedMillis() - ingestHistory.peekFirst()[0] > RATE_WINDOW_MILLIS) {
            ingestHistory.removeFirst();
        }
        long[] oldest = ingestHistory.peekFirst();
        long millis = status.elapsedMillis() - oldest[0];
        return millis <= 0 ? 0 : (status.ingested() - oldest[1]) * 1000.0 / millis;
    }

    static String[] block(DemoStatus status, double rate) {
        String replay;
        if (status.phase() == Phase.REPLAYING) {
            replay = String.format(Locale.ROOT, "  replay  %s %s  %s  %s", bar(status.progress()), percent(status.progress()),
                    clock(status.dataEpochMicros(), status.zone()), status.speed());
        } else {
            replay = String.format(Locale.ROOT, "  replay  done, %,d %s; %s", status.sent(), status.unit(), status.phase().label());
        }
        String records = String.format(Locale.ROOT, "  %-6s  %,d sent | %,d in lake, %,.0f/s | %,d rejected | lag %s", status.unit(),
                status.sent(), status.ingested(), rate, status.sourceRejected() + status.ingestRejected(), lag(status.lag()));
        String latest = "  latest  " + (status.latest().isEmpty() ? "not aggregated yet"
                : String.join("; ", status.latest()) + String.format(Locale.ROOT, " (%d runs)", status.aggregateRuns()));
        return new String[] {replay, records, latest};
    }

    static String line(DemoStatus status, double rate) {
        StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT, "demo %s: %s", elapsed(status.elapsedMillis()), status.phase().label()));
        if (status.phase() == Phase.REPLAYING) {
            line.append(' ').append(percent(status.progress()).trim()).append(", data clock ")
                    .append(clock(status.dataEpochMicros(), status.zone()));
        }
        line.append(String.format(Locale.ROOT, "; sent %d, in lake %d (%.0f %s/s), rejected %d, lag %s",
                status.sent(), status.ingested(), rate, status.unit(), status.sourceRejected() + status.ingestRejected(),
                status.lag() < 0 ? "?" : Long.toString(status.lag())));
        status.latest().forEach(latest -> line.append("; ").append(latest));
        return line.toString();
    }

    /** The report as lines, the suggested commands written with {@code command}. */
    static java.util.List<String> reportLines(DemoReport report, String command) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add(String.format(Locale.ROOT, "Done in %s: the lake holds every %s sent.", duration(report.elapsed()),
                singular(report.unit())));
        lines.add(String.format(Locale.ROOT, "  sent        %,d %s in %s (speed %s)%s", report.sent(), report.unit(),
                duration(report.replayElapsed()), report.speed(),
                report.sourceRejected() == 0 ? "" : String.format(Locale.ROOT, ", %,d input lines rejected", report.sourceRejected())));
        report.quarantineFile().ifPresent(file -> lines.add("              rejected input lines are in " + file));
        lines.add(String.format(Locale.ROOT, "  ingested    %,d %s into %s, %,d messages into %s", report.ingested(), report.unit(),
                String.join(", ", report.rawTables().rows()), report.ingestRejected(), String.join(", ", report.rawTables().rejected())));
        if (report.lakeRowsBefore() > 0) {
            lines.add(String.format(Locale.ROOT, "              (the lake held %,d %s before this run)", report.lakeRowsBefore(), report.unit()));
        }
        lines.add(String.format(Locale.ROOT, "  throughput  %,.0f %s/s, exactly once, from the first send until the lake held them all (%s)",
                report.throughputRecordsPerSecond(), report.unit(), duration(report.ingestElapsed())));
        lines.add(String.format(Locale.ROOT, "  aggregates  %d incremental runs, the final one %s%s", report.aggregateRuns(),
                duration(report.finalAggregate()), report.finished().isEmpty() ? "" : "; " + String.join("; ", report.finished())));
        lines.add("");
        lines.add("Tables (rows):");
        int width = 0;
        for (DemoReport.TableRows table : report.tables()) {
            width = Math.max(width, table.name().length());
        }
        for (DemoReport.TableRows table : report.tables()) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %,12d", table.name(), table.rows()));
        }
        lines.add("");
        lines.add("Try next:");
        for (String sql : report.queries()) {
            lines.add("  " + command + " sql \"" + sql + "\"");
        }
        lines.add("  " + command + " sql                 an interactive SQL shell over the lake");
        if (report.ending() == DemoOptions.Ending.WHEN_CAUGHT_UP) {
            lines.add("  " + command + " serve               the dashboard over this lake"
                    + (report.dashboardUrl().isPresent() ? " (it stopped with the demo)" : ""));
        }
        lines.add("  " + command + " reset               start afresh");
        if (report.ending() == DemoOptions.Ending.ON_STOP) {
            lines.add("");
            lines.add("Still ingesting from " + report.bootstrapServers() + " and aggregating"
                    + (report.dashboardUrl().isPresent() ? ", the dashboard at " + report.dashboardUrl().get() : "")
                    + "; Ctrl-C stops. More " + report.unit() + ":");
            lines.add("  " + command + " replay --source FILE --bootstrap-servers " + report.bootstrapServers());
        }
        return lines;
    }

    /** {@code 24 h}, {@code 1 h 30 min}, {@code 2 min 5 s}, {@code 45 s}, {@code 1.3 s}. */
    public static String duration(Duration duration) {
        return io.urbanflow.model.Durations.text(duration);
    }

    private static String elapsed(long millis) {
        return String.format(Locale.ROOT, "%d:%02d", millis / 60_000, millis / 1000 % 60);
    }

    private static String bar(double progress) {
        StringBuilder bar = new StringBuilder(BAR_WIDTH + 2).append('[');
        int filled = Double.isNaN(progress) ? 0 : (int) Math.round(progress * BAR_WIDTH);
        for (int index = 0; index < BAR_WIDTH; index++) {
            bar.append(index < filled ? '#' : '.');
        }
        return bar.append(']').toString();
    }

    private static String percent(double progress) {
        return Double.isNaN(progress) ? "   ?" : String.format(Locale.ROOT, "%3d%%", Math.round(progress * 100));
    }

    private static String clock(long epochMicros, ZoneId zone) {
        if (epochMicros < 0) {
            return "-";
        }
        return clock(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L)), zone);
    }

    /** {@code 2014-02-01 23:59 Europe/Rome}. */
    static String clock(Instant instant, ZoneId zone) {
        return CLOCK.format(instant.atZone(zone)) + " " + zone.getId();
    }

    /** {@code points} is {@code point}: the unit's singular, for "every point sent". */
    static String singular(String unit) {
        return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }

    private static String lag(long lag) {
        return lag < 0 ? "?" : String.format(Locale.ROOT, "%,d", lag);
    }

    private static String cut(String line) {
        return line.length() <= MAX_WIDTH ? line : line.substring(0, MAX_WIDTH - 3) + "...";
    }
}
