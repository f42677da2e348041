package io.urbanflow.cli.demo;

import io.urbanflow.stream.ReplaySpeed;
import java.time.ZoneId;
import java.util.List;

/**
 * A snapshot of a running demo, for the live summary. Immutable.
 *
 * @param phase           what the demo is doing
 * @param elapsedMillis   wall time since the demo started
 * @param dataEpochMicros the first replay's data clock (time of the latest record sent), -1 before the first
 * @param progress        share of the sources' time spans replayed (the slowest), 0..1; NaN when unknown
 * @param sent            records the broker acknowledged
 * @param sourceRejected  input lines the sources rejected (kept in the quarantine file)
 * @param ingested        records this demo committed to the raw tables
 * @param ingestRejected  messages this demo committed to the rejected tables
 * @param lag             messages in the topics not yet in the lake; -1 when unknown
 * @param latest          each domain's latest figures after the last pipeline run, e.g. the latest 10-minute interval
 * @param aggregateRuns   pipeline runs so far
 * @param speed           the first replay's pacing
 * @param zone            the first source's local zone, for clocks
 * @param unit            what the records are called: points, events, records
 */
public record DemoStatus(Phase phase, long elapsedMillis, long dataEpochMicros, double progress, long sent,
                         long sourceRejected, long ingested, long ingestRejected, long lag, List<String> latest,
                         long aggregateRuns, ReplaySpeed speed, ZoneId zone, String unit) {
    public DemoStatus {
        latest = latest == null ? List.of() : List.copyOf(latest);
    }

    /** What the demo is doing. */
    public enum Phase {
        REPLAYING("replaying"),
        CATCHING_UP("ingest catching up"),
        FINISHING("final aggregates and analytics"),
        RUNNING("running until Ctrl-C");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
