package io.urbanflow.cli.demo;

import io.urbanflow.stream.ReplaySpeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a demo did, once the lake held every point sent and the last aggregates ran. Immutable.
 *
 * @param source           the source as given (a path or a synthetic specification)
 * @param sent             points the broker acknowledged
 * @param sourceRejected   input lines the source rejected
 * @param quarantineFile   where those lines are, when there were any
 * @param ingested         points this demo committed to {@code raw.gps_points}
 * @param ingestRejected   messages this demo committed to {@code raw.gps_points_rejected}
 * @param lakePointsBefore rows {@code raw.gps_points} held before the demo started
 * @param tables           every lake table with its rows, by name
 * @param elapsed          wall time from start to report, broker start-up included
 * @param replayElapsed    wall time of the replay
 * @param ingestElapsed    wall time from the replay's start until the lake held every point
 * @param speed            the replay's pacing
 * @param aggregateRuns    pipeline runs, the final one included
 * @param finalAggregate   wall time of the final pipeline run
 * @param analytics        wall time of the analytics (trips, stops, clusters), when they ran
 * @param bootstrapServers the demo's Kafka broker
 * @param dashboardUrl     the dashboard's address, when it is served
 * @param queries          SQL worth trying next, each checked to run on this lake
 * @param ending           whether the demo ends with this report or keeps running until stopped
 */
public record DemoReport(String source, long sent, long sourceRejected, Optional<Path> quarantineFile, long ingested,
                         long ingestRejected, long lakePointsBefore, List<TableRows> tables, Duration elapsed,
                         Duration replayElapsed, Duration ingestElapsed, ReplaySpeed speed, long aggregateRuns,
                         Duration finalAggregate, Optional<Duration> analytics, String bootstrapServers,
                         Optional<String> dashboardUrl, List<String> queries, DemoOptions.Ending ending) {
    public DemoReport {
        quarantineFile = quarantineFile == null ? Optional.empty() : quarantineFile;
        tables = List.copyOf(tables);
        analytics = analytics == null ? Optional.empty() : analytics;
        dashboardUrl = dashboardUrl == null ? Optional.empty() : dashboardUrl;
        queries = List.copyOf(queries);
    }

    /** Points this demo brought into the lake per second, from the replay's start until the lake held them all. */
    public double throughputPointsPerSecond() {
        long millis = ingestElapsed.toMillis();
        return millis <= 0 ? 0 : ingested * 1000.0 / millis;
    }

    /** The rows of a table, or -1 when the lake has no such table. */
    public long rows(String table) {
        for (TableRows entry : tables) {
            if (entry.name().equals(table)) {
                return entry.rows();
            }
        }
        return -1;
    }

    /**
     * A lake table's size at the end of the demo.
     *
     * @param name e.g. {@code raw.gps_points}
     * @param rows rows in its current snapshot
     */
    public record TableRows(String name, long rows) {
    }
}
