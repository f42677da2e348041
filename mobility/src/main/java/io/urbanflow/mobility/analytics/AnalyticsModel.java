package io.urbanflow.mobility.analytics;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.query.DuckDbQueryEngine;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * The trajectory analytics as one pipeline model, named after its first table: {@link AnalyticsBuilder} brings
 * {@code mart.trips}, {@code mart.stops}, {@code mart.od_matrix}, {@code mart.cell_speed_hourly}, {@code mart.clusters},
 * {@code mart.zone_traffic_hourly} and {@code mart.zone_od} up to date with {@code stage.gps_points} (incrementally by
 * local day; clustering relabels every stop), so the pipeline, the scheduler and {@code urbanflow analyze} run it as a
 * selection of the same DAG. It reads the stage through the query engine's views: it uses the runner's engine, or
 * opens one on the context's lake for the run. Stateless and thread-safe.
 */
public final class AnalyticsModel implements Model {
    private final Consumer<AnalyticsReport> listener;

    public AnalyticsModel() {
        this(report -> { });
    }

    /** @param listener receives each run's report (for {@code analyze}'s lines) */
    public AnalyticsModel(Consumer<AnalyticsReport> listener) {
        this.listener = listener;
    }

    @Override
    public String name() {
        return AnalyticsTables.MART_TRIPS;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.STAGE_GPS_POINTS);
    }

    @Override
    public List<String> outputs() {
        return List.of(AnalyticsTables.MART_TRIPS, AnalyticsTables.MART_STOPS, AnalyticsTables.MART_OD_MATRIX, AnalyticsTables.MART_CELL_SPEED_HOURLY,
                AnalyticsTables.MART_CLUSTERS, AnalyticsTables.MART_ZONE_TRAFFIC_HOURLY, AnalyticsTables.MART_ZONE_OD);
    }

    @Override
    public Schema schema() {
        return AnalyticsTables.TRIPS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return AnalyticsTables.TRIPS_SPEC;
    }

    /** @throws UrbanFlowException when the context has no lake (it was made from a bare catalog) or the stage is missing */
    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        Lake lake = context.lake().orElseThrow(() -> new UrbanFlowException("Cannot build " + name()
                + ": the analytics need the lake, not only its catalog (run them with urbanflow pipeline run or analyze)"));
        AnalyticsConfig config = AnalyticsConfig.from(context.settings());
        AnalyticsReport report;
        Optional<DuckDbQueryEngine> engine = context.engine();
        if (engine.isPresent()) {
            report = new AnalyticsBuilder(lake, engine.get(), config, context.clock()).build(mode);
        } else {
            try (DuckDbQueryEngine own = DuckDbQueryEngine.open(lake)) {
                report = new AnalyticsBuilder(lake, own, config, context.clock()).build(mode);
            }
        }
        listener.accept(report);
        ZoneId zone = MobilityConfig.from(context.settings()).zone();
        List<TimeWindow> days = new ArrayList<>();
        for (LocalDate day : report.days()) {
            days.add(new TimeWindow(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()));
        }
        long rows = report.tables().stream().mapToLong(AnalyticsReport.TableReport::rows).sum();
        return new ModelResult(name(), report.mode(), report.pointsRead(), rows, days, report.elapsed(), Optional.empty());
    }
}
