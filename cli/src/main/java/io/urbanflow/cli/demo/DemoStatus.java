package io.urbanflow.cli.demo;

import io.urbanflow.stream.ReplaySpeed;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A snapshot of a running demo, for the live summary. Immutable.
 *
 * @param phase           what the demo is doing
 * @param elapsedMillis   wall time since the demo started
 * @param dataEpochMicros the replay's data clock (time of the latest point sent), -1 before the first
 * @param progress        share of the source's time span replayed, 0..1; NaN when the span is unknown
 * @param sent            points the broker acknowledged
 * @param sourceRejected  input lines the source rejected (kept in the quarantine file)
 * @param ingested        points this demo committed to {@code raw.gps_points}
 * @param ingestRejected  messages this demo committed to {@code raw.gps_points_rejected}
 * @param lag             messages in the topic not yet in the lake; -1 when unknown
 * @param latestInterval  the latest 10-minute interval of {@code mart.traffic_10min}, once aggregated
 * @param aggregateRuns   pipeline runs so far
 * @param speed           the replay's pacing
 * @param zone            the data's local zone, for clocks and intervals
 */
public record DemoStatus(Phase phase, long elapsedMillis, long dataEpochMicros, double progress, long sent,
                         long sourceRejected, long ingested, long ingestRejected, long lag,
                         Optional<TrafficInterval> latestInterval, long aggregateRuns, ReplaySpeed speed, ZoneId zone) {
    public DemoStatus {
        latestInterval = latestInterval == null ? Optional.empty() : latestInterval;
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

    /**
     * One row of {@code mart.traffic_10min}.
     *
     * @param start       start of the interval
     * @param totalPoints points in it
     * @param uniqueTaxis distinct vehicles in it
     */
    public record TrafficInterval(Instant start, long totalPoints, long uniqueTaxis) {
    }
}
