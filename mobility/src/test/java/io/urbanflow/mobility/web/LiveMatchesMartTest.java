package io.urbanflow.mobility.web;

import io.urbanflow.domain.LiveStart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.urbanflow.lake.Lake;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryResult;
import io.urbanflow.stream.ReplayResult;
import io.urbanflow.mobility.live.CellIntervalFigures;
import io.urbanflow.mobility.live.LiveAggregator;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveOptions;
import io.urbanflow.mobility.live.LiveTotals;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view's closed intervals equal mart.cell_traffic_10min: the real Rome sample goes through an embedded
 * broker into the live aggregator on one side, and through ingest, stage.gps_points and the mart on the other.
 */
class LiveMatchesMartTest {
    @TempDir
    Path dir;

    @Test
    void closed_live_intervals_equal_mart_cell_traffic_10min_cell_by_cell() {
        try (WebFixture fixture = WebFixture.start(dir)) {
            ReplayResult replayed = fixture.replayRome("gps.points");
            fixture.ingest("gps.points", replayed.sent());

            LiveAggregator aggregator = new LiveAggregator(LiveOptions.defaults(), Clock.systemUTC());
            try (LiveConsumer consumer = LiveConsumer.start(fixture.broker.bootstrapServers(), "gps.points",
                    LiveStart.earliest(), aggregator)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    LiveTotals totals = aggregator.totals();
                    return totals.points() + totals.duplicates() + totals.outliers() == replayed.sent();
                });
            }

            Map<String, QueryResultRow> mart = new HashMap<>();
            try (Lake lake = Lake.open(fixture.lakeConfig); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
                var run = new PipelineRunner(io.urbanflow.pipeline.ModelContext.of(lake, engine.trustedConnection(), io.urbanflow.model.Settings.empty(), Clock.systemUTC()), new io.urbanflow.mobility.MobilityDomain().models()).run(BuildMode.FULL);
                assertThat(run.results()).allSatisfy(result -> assertThat(result.error()).as(result.model()).isEmpty());
                QueryResult rows = engine.query("SELECT epoch_us(interval_10min), h3_cell, points, vehicles, mean_speed_kmh, speed_samples"
                        + " FROM mart.cell_traffic_10min");
                for (List<Object> row : rows.rows()) {
                    QueryResultRow value = new QueryResultRow(((Number) row.get(2)).longValue(), ((Number) row.get(3)).intValue(),
                            row.get(4) == null ? Double.NaN : ((Number) row.get(4)).doubleValue(), ((Number) row.get(5)).longValue());
                    mart.put(key(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue()), value);
                }
            }

            List<CellIntervalFigures> closed = aggregator.closedIntervalFigures();
            Set<Instant> closedIntervals = new TreeSet<>();
            closed.forEach(row -> closedIntervals.add(row.intervalStart()));
            assertThat(closedIntervals).as("the 24-minute sample closes two 10-minute intervals").hasSize(2);

            long martRowsInClosedIntervals = mart.keySet().stream()
                    .filter(key -> closedIntervals.contains(micros(Long.parseLong(key.split("/")[0])))).count();
            assertThat(closed).hasSize((int) martRowsInClosedIntervals).hasSizeGreaterThan(50);
            for (CellIntervalFigures live : closed) {
                QueryResultRow expected = mart.get(key(live.intervalStart().getEpochSecond() * 1_000_000L, live.cell()));
                assertThat(expected).as("mart row for %s", live).isNotNull();
                assertThat(live.points()).as("points of %s", live).isEqualTo(expected.points());
                assertThat(live.vehicles()).as("vehicles of %s", live).isEqualTo(expected.vehicles());
                assertThat(live.speedSamples()).as("speed samples of %s", live).isEqualTo(expected.speedSamples());
                if (Double.isNaN(expected.meanSpeedKmh())) {
                    assertThat(live.meanSpeedKmh()).isNaN();
                } else {
                    assertThat(live.meanSpeedKmh()).as("mean speed of %s", live).isCloseTo(expected.meanSpeedKmh(), within(1e-9));
                }
            }
        }
    }

    private static String key(long intervalMicros, long cell) {
        return intervalMicros + "/" + cell;
    }

    private static Instant micros(long value) {
        return Instant.ofEpochSecond(value / 1_000_000L);
    }

    private record QueryResultRow(long points, int vehicles, double meanSpeedKmh, long speedSamples) {
    }
}
