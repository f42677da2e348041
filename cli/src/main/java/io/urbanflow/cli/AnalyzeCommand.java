package io.urbanflow.cli;

import io.urbanflow.mobility.analytics.AnalyticsBuilder;
import io.urbanflow.mobility.analytics.AnalyticsConfig;
import io.urbanflow.mobility.analytics.AnalyticsModel;
import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.analytics.AnalyticsReport;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.orchestration.Dag;
import io.urbanflow.orchestration.DagRunner;
import io.urbanflow.orchestration.OrchestrationConfig;
import io.urbanflow.orchestration.Pipelines;
import io.urbanflow.orchestration.RunRequest;
import io.urbanflow.orchestration.Selection;
import io.urbanflow.orchestration.TaskEnvironment;
import io.urbanflow.orchestration.Trigger;
import io.urbanflow.orchestration.history.RunHistory;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.mobility.models.StageGpsPointsModel;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow analyze}: brings stage.gps_points up to date (the pipeline's stage model), then the trajectory
 * tables (trips, stops, OD matrix, cell speeds, clusters, zone aggregates), and prints rows and seconds per table.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
            "Build stage.gps_points from raw.gps_points, then mart.trips, mart.stops, mart.od_matrix, mart.cell_speed_hourly,"
                + " mart.clusters and, for loaded zones (urbanflow zones load), mart.zone_traffic_hourly and mart.zone_od.",
            "Incremental by default: only the local days whose points changed, and the days their trips reach, are recomputed.",
        })
public final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--trip-gap", paramLabel = "DURATION", description = "A silence longer than this ends a trip (default: 15m).")
    private String tripGap;

    @Option(names = "--stop-radius", paramLabel = "METRES", description = "A stop stays within this distance of its first point (default: 100).")
    private Double stopRadius;

    @Option(names = "--stop-min-duration", paramLabel = "DURATION", description = "Shortest stop (default: 5m).")
    private String stopMinDuration;

    @Option(names = "--clusters", paramLabel = "K|auto|off",
            description = "k-means clusters: a number, auto (best silhouette for k in 2..10 on a sample) or off (default: auto).")
    private String clusters;

    @Option(names = "--dbscan-eps", paramLabel = "METRES", description = "DBSCAN neighbourhood radius; 0 turns DBSCAN off (default: 200).")
    private Double dbscanEps;

    @Option(names = "--dbscan-min-points", paramLabel = "N", description = "DBSCAN: neighbours (itself included) that make a core point (default: 5).")
    private Integer dbscanMinPoints;

    @Option(names = "--cluster-input", paramLabel = "stops|points", description = "Cluster the stops or a sample of the points (default: stops).")
    private String clusterInput;

    @Option(names = "--full", description = "Rebuild every table instead of only what changed.")
    private boolean full;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, flags());
        AnalyticsConfig.from(settings); // the analytics flags: a wrong value fails here, before anything runs
        MobilityConfig pipelineConfig = MobilityConfig.from(settings);
        BuildMode mode = full ? BuildMode.FULL : BuildMode.INCREMENTAL;
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        AnalyticsReport[] report = new AnalyticsReport[1];
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir)); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            // the stage and the analytics as a selection of the DAG, recorded in the run history like every run
            try (RunHistory history = RunHistory.open(lake.config());
                 DagRunner runner = new DagRunner(Dag.of(Pipelines.modelTasks(List.of(new StageGpsPointsModel(),
                         new AnalyticsModel(built -> report[0] = built)))), history,
                         new TaskEnvironment(lake, engine, settings, clock), OrchestrationConfig.from(settings), DagRunner.newHolder(),
                         new java.util.Random())) {
                PipelineRun run = runner.run(new RunRequest(Selection.parse("+" + AnalyticsTables.MART_TRIPS), Selection.Tests.NAMED_ONLY,
                        Trigger.MANUAL, null, mode, java.util.Optional.empty())).pipelineRun();
                for (ModelResult result : run.results()) {
                    if (result.model().equals(AnalyticsTables.MART_TRIPS) && report[0] != null) {
                        print(report[0], out);
                    } else {
                        out.println(AggregateCommand.line(result));
                    }
                    if (result.failed()) {
                        out.flush();
                        spec.commandLine().getErr().println("urbanflow: " + result.error().orElse(""));
                        return UrbanFlowCommand.EXIT_FAILURE;
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    static void print(AnalyticsReport report, PrintWriter out) {
        if (report.mode() == RunMode.UP_TO_DATE) {
            out.println(String.format(Locale.ROOT, "%-26s %-12s %.2f s", "analytics", RunMode.UP_TO_DATE.label(), report.elapsed().toNanos() / 1e9));
            out.flush();
            return;
        }
        for (AnalyticsReport.TableReport table : report.tables()) {
            out.println(String.format(Locale.ROOT, "%-26s %-12s rows=%-9d %.2f s", table.table(), report.mode().label(), table.rows(),
                    table.elapsed().toNanos() / 1e9));
        }
        for (String line : report.clustering()) {
            out.println("clusters: " + line);
        }
        out.println(String.format(Locale.ROOT, "analytics: %s, %d local days (%s), %d stage points read in %d pass%s, %.2f s",
                report.mode().label(), report.days().size(), AnalyticsBuilder.describeDays(report.days()), report.pointsRead(),
                report.passes(), report.passes() == 1 ? "" : "es", report.elapsed().toNanos() / 1e9));
        out.flush();
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        GivenFlags.putIfGiven(flags, AnalyticsConfig.TRIP_GAP, tripGap);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.STOP_RADIUS, stopRadius);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.STOP_MIN_DURATION, stopMinDuration);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.CLUSTERS, clusters);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.DBSCAN_EPS, dbscanEps);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.DBSCAN_MIN_POINTS, dbscanMinPoints);
        GivenFlags.putIfGiven(flags, AnalyticsConfig.CLUSTER_INPUT, clusterInput);
        return flags;
    }
}
