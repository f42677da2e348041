package io.urbanflow.cli.demo;

import io.urbanflow.stream.ReplaySpeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a demo did, once the lake held every record sent and the last aggregates ran. Immutable.
 *
 * @param sources          the sources as replayed (paths or generators' specifications)
 * @param unit             what the records are called: points, events, records
 * @param sent             records the broker acknowledged
 * @param sourceRejected   input lines the sources rejected
 * @param quarantineFile   where those lines are, when there were any
 * @param ingested         records this demo committed to the raw tables
 * @param ingestRejected   messages this demo committed to the rejected tables
 * @param rawTables        the raw tables the records landed in, and the rejected tables, by name
 * @param lakeRowsBefore   rows those raw tables held before the demo started
 * @param tables           every lake table with its rows, by name
 * @param elapsed          wall time from start to report, broker start-up included
 * @param replayElapsed    wall time of the longest replay
 * @param ingestElapsed    wall time from the replays' start until the lake held every record
 * @param speed            the first replay's pacing
 * @param aggregateRuns    pipeline runs, the final one included
 * @param finalAggregate   wall time of the final pipeline run
 * @param finished         what each domain's final work did, e.g. "analytics (trips, stops, clusters) 6.1 s"
 * @param bootstrapServers the demo's Kafka broker
 * @param dashboardUrl     the dashboard's address, when it is served
 * @param queries          SQL worth trying next, each checked to run on this lake
 * @param ending           whether the demo ends with this report or keeps running until stopped
 */
public record DemoReport(List<String> sources, String unit, long sent, long sourceRejected, Optional<Path> quarantineFile,
                         long ingested, long ingestRejected, RawTables rawTables, long lakeRowsBefore, List<TableRows> tables,
                         Duration elapsed, Duration replayElapsed, Duration ingestElapsed, ReplaySpeed speed, long aggregateRuns,
                         Duration finalAggregate, List<String> finished, String bootstrapServers, Optional<String> dashboardUrl,
                         List<String> queries, DemoOptions.Ending ending) {
    public DemoReport {
        sources = List.copyOf(sources);
        quarantineFile = quarantineFile == null ? Optional.empty() : quarantineFile;
        tables = List.copyOf(tables);
        finished = List.copyOf(finished);
        dashboardUrl = dashboardUrl == null ? Optional.empty() : dashboardUrl;
        queries = List.copyOf(queries);
    }

    /** Records this demo brought into the lake per second, from the replays' start until the lake held them all. */
    public double throughputRecordsPerSecond() {
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

    /** The raw tables of the demo's topics and their rejected tables. */
    public record RawTables(List<String> rows, List<String> rejected) {
        public RawTables {
            rows = List.copyOf(rows);
            rejected = List.copyOf(rejected);
        }
    }
}
