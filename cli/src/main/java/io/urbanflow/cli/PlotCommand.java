package io.urbanflow.cli;

import io.urbanflow.mobility.analytics.charts.Binning;
import io.urbanflow.mobility.analytics.charts.ChartFormat;
import io.urbanflow.mobility.analytics.charts.ChartKind;
import io.urbanflow.mobility.analytics.charts.ClusterSource;
import io.urbanflow.mobility.analytics.charts.PlotOptions;
import io.urbanflow.mobility.analytics.charts.Plotter;
import io.urbanflow.mobility.analytics.charts.TimeBound;
import io.urbanflow.mobility.analytics.charts.ValueScale;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code urbanflow plot KIND}: a chart of the lake's points as PNG or SVG; prints the file written. */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Draw a chart of the lake's GPS points as PNG or SVG; print the file written.",
            "  timeseries  points and active vehicles per 10 min, mean daily profile",
            "  heatmap     point density on H3 hexagons, or --hexbin over lon/lat",
            "  clusters    points coloured by k-means cluster, centroids marked",
            "  speed       mean speed by H3 cell and by local hour of day",
            "  forecast    the newest forecast backtest: WAPE by horizon per model, predicted against actual on the last test day",
            "Uses stage/mart tables where built (aggregate, analyze, forecast backtest), else raw.gps_points.",
        })
public final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class, description = "timeseries, heatmap, clusters, speed or forecast.")
    private ChartKind kind;

    @Option(names = "--out", paramLabel = "FILE", description = "Output file, .png or .svg. Default: urbanflow-KIND.png here.")
    private Path out;

    @Option(names = "--from", paramLabel = "TIME",
            description = "First time plotted: 2014-02-01, 2014-02-01T08:00 (local time of the chart's zone) or 2014-02-01T07:00:00Z.")
    private String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the plotted time (exclusive), same forms as --from.")
    private String to;

    @Option(names = "--city", paramLabel = "CITY",
            description = "rome, san-francisco, porto or beijing: only points within its bounds. Default: the city holding most points.")
    private String city;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of local times (time of day, --hour, local --from/--to). Default: the city's.")
    private String zone;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "1200", description = "Image width. Default: ${DEFAULT-VALUE}.")
    private int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "800", description = "Image height. Default: ${DEFAULT-VALUE}.")
    private int height;

    @Option(names = "--hour", paramLabel = "H", description = "heatmap, speed, clusters: only points in this local hour of day (0-23).")
    private Integer hour;

    @Option(names = "--resolution", paramLabel = "R", defaultValue = "8", description = "heatmap, speed: H3 resolution (0-15). Default: ${DEFAULT-VALUE}.")
    private int resolution;

    @Option(names = "--log", description = "heatmap: colours on a logarithmic scale of the count.")
    private boolean logarithmic;

    @Option(names = "--hexbin", description = "heatmap: a regular hex grid over longitude and latitude (matplotlib's hexbin) instead of H3.")
    private boolean hexbin;

    @Option(names = "--gridsize", paramLabel = "N", defaultValue = "50", description = "heatmap --hexbin: hexagons across the map. Default: ${DEFAULT-VALUE}.")
    private int gridSize;

    @Option(names = "--k", paramLabel = "K", defaultValue = "8",
            description = "clusters: number of k-means clusters when computed here. Default: ${DEFAULT-VALUE}.")
    private int k;

    @Option(names = "--recompute", description = "clusters: run k-means here even when mart.clusters holds a run.")
    private boolean recompute;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "20000", description = "clusters: points drawn and clustered. Default: ${DEFAULT-VALUE}.")
    private int sample;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "clusters: seed of the sample and of k-means++. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "3",
            description = "speed: leave out cells and hours with fewer speed measurements. Default: ${DEFAULT-VALUE}.")
    private int minSamples;

    @picocli.CommandLine.Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        checkOptionsApply();
        PlotOptions options = options();
        Path file = out != null ? out : Path.of("urbanflow-" + kind.key() + ".png");
        ChartFormat.forFile(file);
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        LakeConfig config = LakeConfig.from(settings, dataDir);
        if (config.sqliteFile().filter(catalog -> !Files.exists(catalog)).isPresent()) {
            throw new UrbanFlowException("Cannot plot " + kind.key() + ": there is no lake in " + dataDir
                    + " yet; ingest data first (urbanflow demo, or urbanflow ingest)");
        }
        try (Lake lake = UrbanFlowCommand.openLake(config); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            Path written = new Plotter(engine).plot(kind, options).write(file);
            PrintWriter printer = spec.commandLine().getOut();
            printer.println(written);
            printer.flush();
        }
        return 0;
    }

    private PlotOptions options() {
        PlotOptions options = PlotOptions.defaults()
                .withWindow(from == null ? null : TimeBound.parse(from), to == null ? null : TimeBound.parse(to))
                .withSize(width, height)
                .withHour(hour)
                .withResolution(resolution)
                .withColorScale(logarithmic ? ValueScale.LOG : ValueScale.LINEAR)
                .withBinning(hexbin ? Binning.HEXBIN : Binning.H3)
                .withGridSize(gridSize)
                .withClusters(recompute ? ClusterSource.KMEANS : ClusterSource.AUTO, k)
                .withSample(sample, seed)
                .withMinSamples(minSamples);
        if (city != null) {
            options = options.withCity(City.byName(city));
        }
        if (zone != null) {
            try {
                options = options.withZone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw new UrbanFlowException("Cannot plot " + kind.key() + ": unknown time zone '" + zone + "' (e.g. Europe/Rome, UTC, +01:00)");
            }
        }
        return options;
    }

    /** Reads the chart's name as the user types it, and lists the names when it is none of them. */
    static final class KindConverter implements CommandLine.ITypeConverter<ChartKind> {
        @Override
        public ChartKind convert(String value) {
            try {
                return ChartKind.byName(value);
            } catch (UrbanFlowException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is no chart; known charts are timeseries, heatmap, clusters, speed, forecast");
            }
        }
    }

    /** An option given for a chart that ignores it is a mistake worth one line, not a silent no-op. */
    private void checkOptionsApply() {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        String[][] owners = {
            {"--log", "heatmap"}, {"--hexbin", "heatmap"}, {"--gridsize", "heatmap"},
            {"--resolution", "heatmap speed"}, {"--k", "clusters"}, {"--recompute", "clusters"}, {"--sample", "clusters"},
            {"--seed", "clusters"}, {"--min-samples", "speed"}, {"--hour", "heatmap speed clusters"},
        };
        for (String[] owner : owners) {
            if (parsed.hasMatchedOption(owner[0]) && !(" " + owner[1] + " ").contains(" " + kind.key() + " ")) {
                throw new UrbanFlowException("Cannot plot " + kind.key() + ": " + owner[0] + " applies to " + owner[1].replace(" ", ", ") + " only");
            }
        }
        if (parsed.hasMatchedOption("--gridsize") && !hexbin) {
            throw new UrbanFlowException("Cannot plot heatmap: --gridsize applies with --hexbin only");
        }
    }
}
