package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.mobility.analytics.charts.internal.ChartReader;
import io.urbanflow.mobility.analytics.charts.internal.Figures;
import io.urbanflow.mobility.analytics.charts.internal.KMeansClusters;
import io.urbanflow.mobility.analytics.charts.internal.LakeData;
import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the charts of {@code urbanflow plot} from the lake: reads the numbers (see {@link ChartData}) with DuckDB,
 * preferring the pipeline's stage and mart tables and computing from {@code raw.gps_points} where they are
 * missing, then lays them out as a report {@link Figure}. Rendering is headless.
 *
 * <p>Which points: {@link PlotOptions#city()} or else the known city holding most points selects them by its
 * bounds (a lake may hold several cities); the time window and the hour of day narrow them further.
 *
 * <p>Thread-safe as far as the engine is: each call uses its own connection and builds its own figure.
 */
public final class Plotter {
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final DuckDbQueryEngine engine;

    public Plotter(DuckDbQueryEngine engine) {
        this.engine = engine;
    }

    /**
     * @throws UrbanFlowException "Cannot plot KIND: ..." when the lake has no points in the scope (or too few for
     *                            the chart), and for options that do not apply to the chart
     */
    public PlottedChart plot(ChartKind kind, PlotOptions options) {
        try (LakeData lake = new LakeData(engine)) {
            if (kind == ChartKind.FORECAST) {
                return forecast(lake, options);
            }
            String pointsTable = lake.has(LakeData.RAW_POINTS) ? LakeData.RAW_POINTS
                    : lake.has(LakeData.STAGE_POINTS) ? LakeData.STAGE_POINTS : null;
            if (pointsTable == null) {
                throw new UrbanFlowException("Cannot plot " + kind.key() + ": the lake has no table " + LakeData.RAW_POINTS
                        + " yet; ingest data first (urbanflow ingest)");
            }
            if (options.hour() != null && kind == ChartKind.TIMESERIES) {
                throw new UrbanFlowException("Cannot plot timeseries: --hour applies to heatmap, speed and clusters");
            }
            Resolution resolution = resolve(lake, pointsTable, options);
            PlotScope scope = resolution.scope;
            ChartReader reader = new ChartReader(lake);
            switch (kind) {
                case TIMESERIES:
                    return timeseries(reader, scope, resolution.singleCity, options);
                case HEATMAP:
                    return options.binning() == Binning.HEXBIN ? hexbin(reader, scope, options) : heatmap(reader, scope, options);
                case CLUSTERS:
                    return clusters(reader, scope, options);
                case SPEED:
                    return speed(reader, scope, options);
                default:
                    throw new IllegalStateException("no chart " + kind);
            }
        }
    }

    private record Resolution(PlotScope scope, boolean singleCity) {
    }

    /** Picks the city (given, or the one with most points) and the zone, and reads the window in that zone. */
    private static Resolution resolve(LakeData lake, String pointsTable, PlotOptions options) {
        ZoneId knownZone = options.zone() != null ? options.zone() : options.city() != null ? options.city().zone() : null;
        boolean localBounds = (options.from() != null && options.from().local() != null) || (options.to() != null && options.to().local() != null);
        Instant from = null;
        Instant to = null;
        if (knownZone != null || !localBounds) {
            ZoneId zone = knownZone != null ? knownZone : ZoneOffset.UTC;
            from = options.from() == null ? null : options.from().resolve(zone);
            to = options.to() == null ? null : options.to().resolve(zone);
        }
        Map<City, Long> counts = lake.pointsPerCity(pointsTable, from, to);
        long citiesWithPoints = counts.entrySet().stream().filter(entry -> entry.getKey() != null && entry.getValue() > 0).count();
        City city = options.city();
        if (city == null) {
            long most = 0;
            for (City candidate : City.values()) {
                if (counts.getOrDefault(candidate, 0L) > most) {
                    most = counts.get(candidate);
                    city = candidate;
                }
            }
        }
        ZoneId zone = options.zone() != null ? options.zone() : city != null ? city.zone() : ZoneOffset.UTC;
        from = options.from() == null ? null : options.from().resolve(zone);
        to = options.to() == null ? null : options.to().resolve(zone);
        return new Resolution(new PlotScope(city, zone, from, to, options.hour()), citiesWithPoints <= 1);
    }

    private PlottedChart timeseries(ChartReader reader, PlotScope scope, boolean singleCity, PlotOptions options) {
        TrafficSeries series = reader.traffic(scope, singleCity);
        if (series.intervals().isEmpty()) {
            throw noPoints(ChartKind.TIMESERIES, scope);
        }
        Instant first = series.intervals().get(0).start();
        Instant last = series.intervals().get(series.intervals().size() - 1).start().plus(10, ChronoUnit.MINUTES);
        String subtitle = String.join(" · ", span(first, last, scope.zone()), count(series.totalPoints()) + " points",
                "source " + series.table());
        Figure figure = Figures.timeseries(series, "GPS points and active vehicles" + place(scope), subtitle);
        return new PlottedChart(ChartKind.TIMESERIES, scope, series, figure, options.width(), options.height());
    }

    private PlottedChart heatmap(ChartReader reader, PlotScope scope, PlotOptions options) {
        CellMap map = reader.density(scope, options.resolution());
        if (map.cells().isEmpty()) {
            throw noPoints(ChartKind.HEATMAP, scope);
        }
        String subtitle = String.join(" · ", summary(reader, scope),
                count(map.points()) + " points in " + count(map.cells().size()) + " cells", "source " + map.table());
        Figure figure = Figures.heatmap(map, options.colorScale(),
                "GPS point density on H3 cells (resolution " + map.resolution() + ")" + place(scope), subtitle);
        return new PlottedChart(ChartKind.HEATMAP, scope, map, figure, options.width(), options.height());
    }

    private PlottedChart hexbin(ChartReader reader, PlotScope scope, PlotOptions options) {
        HexbinMap map = reader.hexbin(scope, options.gridSize());
        if (map.cells().isEmpty()) {
            throw noPoints(ChartKind.HEATMAP, scope);
        }
        String subtitle = String.join(" · ", summary(reader, scope),
                count(map.points()) + " points in " + count(map.cells().size()) + " hexagons", "source " + map.table());
        Figure figure = Figures.hexbin(map, options.colorScale(),
                "GPS point density, hexbin over longitude and latitude (grid size " + map.gridSize() + ")" + place(scope), subtitle);
        return new PlottedChart(ChartKind.HEATMAP, scope, map, figure, options.width(), options.height());
    }

    private PlottedChart clusters(ChartReader reader, PlotScope scope, PlotOptions options) {
        ChartReader.Points points = reader.points(scope);
        ClusterMap map = null;
        if (options.clusterSource() == ClusterSource.AUTO) {
            String[] run = new String[2];
            List<ClusterMap.Centroid> centroids = reader.martCentroids(scope, run);
            // a run over several cities may leave one cluster per city: then cluster this city's points here
            if (centroids.size() >= 2) {
                String method = "k-means from " + LakeData.CLUSTERS + (run[1] == null || run[1].isBlank() ? "" : " (" + run[1] + ")");
                List<ClusterMap.Member> stops = "stops".equals(run[0]) ? reader.martStops(scope, options.sampleSize(), options.seed()) : List.of();
                if (!stops.isEmpty()) {
                    map = new ClusterMap(stops, centroids, method + " over stops", reader.stopsExtent(scope), LakeData.STOPS);
                } else {
                    double[][] sample = reader.samplePositions(points, options.sampleSize(), options.seed());
                    if (sample.length > 0) {
                        map = new ClusterMap(KMeansClusters.assign(sample, centroids), centroids,
                                method + ", sampled points by nearest centroid", reader.extent(points), points.table());
                    }
                }
            }
        }
        if (map == null) {
            double[][] sample = reader.samplePositions(points, options.sampleSize(), options.seed());
            if (sample.length == 0) {
                throw noPoints(ChartKind.CLUSTERS, scope);
            }
            if (sample.length < options.k()) {
                throw new UrbanFlowException("Cannot plot clusters: only " + sample.length + " points " + scope.describe()
                        + ", fewer than k=" + options.k() + "; lower --k or widen the time window");
            }
            KMeansClusters.Result result = KMeansClusters.cluster(sample, options.k(), options.seed());
            map = new ClusterMap(result.members(), result.centroids(),
                    "k-means++ with k=" + options.k() + " on " + count(sample.length) + " sampled points (seed " + options.seed() + ")",
                    reader.extent(points), points.table());
        }
        String subtitle = String.join(" · ", summary(reader, scope), map.method(), "source " + map.table());
        Figure figure = Figures.clusters(map, "Clusters of GPS positions" + place(scope), subtitle);
        return new PlottedChart(ChartKind.CLUSTERS, scope, map, figure, options.width(), options.height());
    }

    private PlottedChart speed(ChartReader reader, PlotScope scope, PlotOptions options) {
        SpeedMap speeds = reader.speed(scope, options.resolution(), options.minSamples());
        if (speeds.cells().cells().isEmpty()) {
            if (reader.count(reader.points(scope)) == 0) {
                throw noPoints(ChartKind.SPEED, scope);
            }
            throw new UrbanFlowException("Cannot plot speed: no cell has " + options.minSamples() + " speed measurements "
                    + scope.describe() + " (speeds need consecutive fixes of a vehicle at most 10 minutes apart); lower --min-samples or widen the time window");
        }
        String subtitle = String.join(" · ", summary(reader, scope),
                count(speeds.cells().points()) + " speed measurements, cells and hours with at least " + options.minSamples(),
                "source " + speeds.table());
        Figure figure = Figures.speed(speeds, scope.zone(), "Mean speed" + place(scope), subtitle);
        return new PlottedChart(ChartKind.SPEED, scope, speeds, figure, options.width(), options.height());
    }

    private PlottedChart forecast(LakeData lake, PlotOptions options) {
        String accuracyTable = "mart.forecast_accuracy";
        String forecastTable = "mart.forecast_10min";
        if (!lake.has(accuracyTable)) {
            throw new UrbanFlowException("Cannot plot forecast: the lake has no table " + accuracyTable + " yet; run urbanflow forecast backtest first");
        }
        String[] run = new String[5];
        lake.query("SELECT run_id, target, level, model_id, CAST(evaluated_at AS VARCHAR) FROM " + accuracyTable
                + " ORDER BY evaluated_at DESC, run_id LIMIT 1", row -> {
                    for (int i = 0; i < 5; i++) {
                        run[i] = row.getString(i + 1);
                    }
                });
        if (run[0] == null) {
            throw new UrbanFlowException("Cannot plot forecast: " + accuracyTable + " is empty; run urbanflow forecast backtest first");
        }
        List<ForecastAccuracy.Wape> wape = new java.util.ArrayList<>();
        lake.query("SELECT model, horizon_steps, wape FROM " + accuracyTable + " WHERE run_id = " + LakeData.literal(run[0])
                + " AND scope = 'total' AND wape IS NOT NULL ORDER BY model, horizon_steps",
                row -> wape.add(new ForecastAccuracy.Wape(row.getString(1), row.getInt(2), row.getDouble(3))));
        List<ForecastAccuracy.Slot> slots = new java.util.ArrayList<>();
        if (lake.has(forecastTable)) {
            lake.query("SELECT epoch_us(interval_10min), sum(predicted), sum(lower), sum(upper), sum(actual) FROM " + forecastTable
                    + " WHERE kind = 'backtest' AND horizon_steps = 1 AND model_id = " + LakeData.literal(run[3]) + " GROUP BY 1 ORDER BY 1",
                    row -> slots.add(new ForecastAccuracy.Slot(Instant.EPOCH.plusNanos(row.getLong(1) * 1_000), row.getDouble(2), row.getDouble(3),
                            row.getDouble(4), row.getDouble(5))));
        }
        ZoneId zone = options.zone() != null ? options.zone() : options.city() != null ? options.city().zone() : ZoneOffset.UTC;
        ForecastAccuracy data = new ForecastAccuracy(accuracyTable, run[1], run[2], zone, wape, slots);
        String subtitle = String.join(" · ", run[1] + " per " + run[2], "backtest " + run[0].substring(0, Math.min(8, run[0].length()))
                + " of " + run[4].substring(0, Math.min(16, run[4].length())), "model " + run[3], "source " + accuracyTable
                + (slots.isEmpty() ? "" : " and " + forecastTable));
        Figure figure = Figures.forecast(data, "Forecast accuracy", subtitle);
        PlotScope scope = new PlotScope(options.city(), zone, null, null, null);
        return new PlottedChart(ChartKind.FORECAST, scope, data, figure, options.width(), options.height());
    }

    private static UrbanFlowException noPoints(ChartKind kind, PlotScope scope) {
        return new UrbanFlowException("Cannot plot " + kind.key() + ": no points " + scope.describe() + "; ingest data first");
    }

    /** The scope's time span as the data covers it, and its hour filter. */
    private static String summary(ChartReader reader, PlotScope scope) {
        Instant[] span = reader.span(reader.points(scope));
        String text = span == null ? "" : span(span[0], span[1], scope.zone());
        if (scope.hour() != null) {
            text += String.format(Locale.ROOT, " · only %02d:00-%02d:00 local", scope.hour(), (scope.hour() + 1) % 24);
        }
        return text;
    }

    static String span(Instant first, Instant last, ZoneId zone) {
        ZonedDateTime start = first.atZone(zone);
        ZonedDateTime end = last.atZone(zone);
        String endText = start.toLocalDate().equals(end.toLocalDate()) ? TIME.format(end) : DAY_TIME.format(end);
        return DAY_TIME.format(start) + " – " + endText + " (" + zone.getId() + ")";
    }

    private static String place(PlotScope scope) {
        if (scope.city() == null) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        for (String word : scope.city().key().split("-")) {
            name.append(name.length() == 0 ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return " · " + name;
    }

    private static String count(long value) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }
}
