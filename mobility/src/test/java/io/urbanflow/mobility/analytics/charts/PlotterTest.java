package io.urbanflow.mobility.analytics.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.analytics.charts.internal.HexagonRenderer;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.testing.SampleData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Every chart drawn from a temp lake holding the real Rome CRAWDAD sample (5,000 points, 51 taxis, 24 minutes). */
class PlotterTest {
    @TempDir
    static Path dir;
    static ChartLake lake;
    static List<GpsPoint> rome;
    static Plotter plotter;

    @BeforeAll
    static void fill_the_lake() {
        lake = ChartLake.create(dir.resolve("lake"));
        rome = ChartLake.read(SampleData.romeCrawdad());
        lake.append(rome);
        plotter = lake.plotter();
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    /** The sample's points inside Rome's bounds, read straight from the file: the independent side of the checks. */
    static List<GpsPoint> romeInBounds() {
        List<GpsPoint> inside = new ArrayList<>();
        for (GpsPoint point : rome) {
            if (City.ROME.bounds().contains(point.latitude(), point.longitude())) {
                inside.add(point);
            }
        }
        return inside;
    }

    @Test
    void timeseries_counts_every_point_and_is_drawn_at_the_requested_size() throws IOException {
        PlottedChart chart = plotter.plot(ChartKind.TIMESERIES, PlotOptions.defaults().withSize(1000, 700));
        Path file = chart.write(dir.resolve("out/timeseries.png"));

        TrafficSeries series = (TrafficSeries) chart.data();
        assertThat(chart.scope().city()).isEqualTo(City.ROME);
        assertThat(series.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(series.totalPoints()).isEqualTo(romeInBounds().size());
        // 00:00 to 00:24 local: three 10-minute intervals, one day
        assertThat(series.intervals()).hasSize(3);
        assertThat(series.days()).isEqualTo(1);
        assertThat(series.profile()).hasSize(144);
        assertThat(series.profile().get(0).points()).isEqualTo(series.intervals().get(0).points());
        Set<String> firstTenMinutes = new HashSet<>();
        for (GpsPoint point : romeInBounds()) {
            if (point.instant().isBefore(Instant.parse("2014-01-31T23:10:00Z"))) {
                firstTenMinutes.add(point.vehicleId());
            }
        }
        assertThat(series.intervals().get(0).vehicles()).isEqualTo(firstTenMinutes.size());

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(700);
        assertThat(inkFraction(image, 0.15, 0.85, 0.15, 0.85)).isGreaterThan(0.05);
    }

    @Test
    void heatmap_draws_one_hexagon_per_distinct_h3_cell_of_the_points() throws IOException {
        PlottedChart chart = plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults());
        Path file = chart.write(dir.resolve("heatmap.png"));

        H3Core h3 = H3Core.newInstance();
        Map<Long, Long> expected = new LinkedHashMap<>();
        for (GpsPoint point : romeInBounds()) {
            expected.merge(h3.latLngToCell(point.latitude(), point.longitude(), 8), 1L, Long::sum);
        }
        CellMap map = (CellMap) chart.data();
        assertThat(map.resolution()).isEqualTo(8);
        assertThat(map.points()).isEqualTo(romeInBounds().size());
        Map<Long, Long> actual = new LinkedHashMap<>();
        for (CellMap.CellValue cell : map.cells()) {
            actual.put(cell.cell(), (long) cell.value());
        }
        assertThat(actual).isEqualTo(expected);

        XYPlot plot = chart.figure().panels().get(0).getXYPlot();
        assertThat(plot.getDataset().getItemCount(0)).isEqualTo(expected.size());
        assertThat(((HexagonRenderer) plot.getRenderer()).drawnCells()).isEqualTo(expected.size());

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(800);
        assertThat(inkFraction(image, 0.2, 0.7, 0.2, 0.8)).isGreaterThan(0.05);
        assertThat(Files.size(file)).isLessThan(300_000);
    }

    @Test
    void heatmap_keeps_the_map_undistorted_a_kilometre_is_as_long_east_as_north() {
        PlottedChart chart = plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults());
        chart.figure().toImage(1200, 800);
        XYPlot plot = chart.figure().panels().get(0).getXYPlot();
        org.jfree.chart.ChartRenderingInfo info = new org.jfree.chart.ChartRenderingInfo();
        BufferedImage image = new BufferedImage(900, 700, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g2 = image.createGraphics();
        chart.figure().panels().get(0).draw(g2, new java.awt.geom.Rectangle2D.Double(0, 0, 900, 700), info);
        g2.dispose();
        java.awt.geom.Rectangle2D area = info.getPlotInfo().getDataArea();
        double latitude = plot.getRangeAxis().getRange().getCentralValue();
        double metresPerPixelEast = plot.getDomainAxis().getRange().getLength() * 111_195 * Math.cos(Math.toRadians(latitude)) / area.getWidth();
        double metresPerPixelNorth = plot.getRangeAxis().getRange().getLength() * 111_195 / area.getHeight();
        assertThat(metresPerPixelEast / metresPerPixelNorth).isCloseTo(1.0, within(0.01));
    }

    @Test
    void heatmap_on_a_coarser_resolution_in_log_scale_has_fewer_cells() {
        CellMap fine = (CellMap) plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults().withResolution(9)).data();
        CellMap coarse = (CellMap) plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults().withResolution(6).withColorScale(ValueScale.LOG)).data();
        assertThat(coarse.cells().size()).isLessThan(fine.cells().size());
        assertThat(coarse.cells().stream().mapToDouble(CellMap.CellValue::value).sum()).isEqualTo(romeInBounds().size());
    }

    @Test
    void heatmap_for_an_hour_without_points_says_so_in_one_line() {
        assertThatThrownBy(() -> plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults().withHour(5)))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot plot heatmap: no points in rome at 05:00-06:00 local time; ingest data first");
        CellMap midnight = (CellMap) plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults().withHour(0)).data();
        assertThat(midnight.points()).isEqualTo(romeInBounds().size());
    }

    @Test
    void the_forecast_chart_before_any_backtest_says_what_to_run() {
        assertThatThrownBy(() -> plotter.plot(ChartKind.FORECAST, PlotOptions.defaults()))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot plot forecast: the lake has no table mart.forecast_accuracy yet; run urbanflow forecast backtest first");
    }

    @Test
    void an_empty_time_window_gives_the_clear_error() {
        PlotOptions later = PlotOptions.defaults().withWindow(TimeBound.parse("2015-01-01"), TimeBound.parse("2015-01-02"));
        for (ChartKind kind : ChartKind.values()) {
            if (kind == ChartKind.FORECAST) {
                continue; // not a chart of points: it shows the newest backtest
            }
            assertThatThrownBy(() -> plotter.plot(kind, later.withCity(City.ROME)))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot plot " + kind.key() + ": no points in rome between 2015-01-01 00:00 and 2015-01-02 00:00"
                            + " (Europe/Rome); ingest data first");
        }
    }

    @Test
    void a_local_time_window_is_read_in_the_city_zone() {
        PlotOptions firstTenMinutes = PlotOptions.defaults().withWindow(TimeBound.parse("2014-02-01T00:00"), TimeBound.parse("2014-02-01T00:10"));
        TrafficSeries series = (TrafficSeries) plotter.plot(ChartKind.TIMESERIES, firstTenMinutes).data();
        long expected = romeInBounds().stream().filter(point -> point.instant().isBefore(Instant.parse("2014-01-31T23:10:00Z"))).count();
        assertThat(series.totalPoints()).isEqualTo(expected);
    }

    @Test
    void hexbin_puts_every_point_on_the_map_in_exactly_one_hexagon() {
        PlottedChart chart = plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults().withBinning(Binning.HEXBIN).withGridSize(40));
        HexbinMap map = (HexbinMap) chart.data();
        long binned = map.cells().stream().mapToLong(HexbinMap.Bin::count).sum();
        long onMap = romeInBounds().stream().filter(point -> point.latitude() >= map.extent().south() && point.latitude() <= map.extent().north()
                && point.longitude() >= map.extent().west() && point.longitude() <= map.extent().east()).count();
        assertThat(binned).isEqualTo(map.points()).isEqualTo(onMap);
        assertThat(onMap).isGreaterThan(romeInBounds().size() * 95L / 100);
        BufferedImage image = chart.figure().toImage(1200, 800);
        assertThat(((HexagonRenderer) chart.figure().panels().get(0).getXYPlot().getRenderer()).drawnCells()).isEqualTo(map.cells().size());
        assertThat(inkFraction(image, 0.2, 0.7, 0.2, 0.8)).isGreaterThan(0.05);
    }

    @Test
    void clusters_colour_every_sampled_point_and_mark_k_centroids() {
        PlottedChart chart = plotter.plot(ChartKind.CLUSTERS, PlotOptions.defaults().withClusters(ClusterSource.KMEANS, 5).withSample(2_000, 7));
        ClusterMap map = (ClusterMap) chart.data();
        assertThat(map.members()).hasSize(2_000);
        assertThat(map.centroids()).extracting(ClusterMap.Centroid::cluster).containsExactly(0, 1, 2, 3, 4);
        assertThat(map.centroids()).isSortedAccordingTo(Comparator.comparingLong(ClusterMap.Centroid::size).reversed());
        assertThat(map.centroids().stream().mapToLong(ClusterMap.Centroid::size).sum()).isEqualTo(2_000);
        // each member belongs to its nearest centroid (the k-means fixed point)
        for (ClusterMap.Member member : map.members()) {
            ClusterMap.Centroid nearest = map.centroids().stream().min(Comparator.comparingDouble(centroid ->
                    squaredDistance(member.latitude(), member.longitude(), centroid.latitude(), centroid.longitude()))).orElseThrow();
            assertThat(squaredDistance(member.latitude(), member.longitude(), map.centroids().get(member.cluster()).latitude(),
                    map.centroids().get(member.cluster()).longitude()))
                    .isCloseTo(squaredDistance(member.latitude(), member.longitude(), nearest.latitude(), nearest.longitude()), within(1e-3));
        }
        XYPlot plot = chart.figure().panels().get(0).getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(5);
        // a radius circle and a numbered badge per centroid
        assertThat(plot.getAnnotations()).filteredOn(annotation -> annotation instanceof io.urbanflow.mobility.analytics.charts.internal.CentroidMarker).hasSize(10);
        // same seed, same clusters
        ClusterMap again = (ClusterMap) plotter.plot(ChartKind.CLUSTERS, PlotOptions.defaults().withClusters(ClusterSource.KMEANS, 5).withSample(2_000, 7)).data();
        assertThat(again.centroids()).isEqualTo(map.centroids());
    }

    @Test
    void clusters_need_at_least_k_points() {
        PlotOptions fewPoints = PlotOptions.defaults().withWindow(TimeBound.parse("2014-02-01T00:00:00+01:00"), TimeBound.parse("2014-02-01T00:00:01+01:00"))
                .withClusters(ClusterSource.KMEANS, 8);
        assertThatThrownBy(() -> plotter.plot(ChartKind.CLUSTERS, fewPoints))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot plot clusters: only ").hasMessageContaining("fewer than k=8");
    }

    @Test
    void speed_by_hour_equals_haversine_speeds_computed_here_from_the_file() {
        PlottedChart chart = plotter.plot(ChartKind.SPEED, PlotOptions.defaults().withMinSamples(1));
        SpeedMap speeds = (SpeedMap) chart.data();

        Map<String, List<GpsPoint>> tracks = new LinkedHashMap<>();
        for (GpsPoint point : romeInBounds()) {
            tracks.computeIfAbsent(point.vehicleId(), id -> new ArrayList<>()).add(point);
        }
        double sum = 0;
        long count = 0;
        for (List<GpsPoint> track : tracks.values()) {
            track.sort(Comparator.comparingLong(GpsPoint::epochMicros));
            for (int i = 1; i < track.size(); i++) {
                double seconds = (track.get(i).epochMicros() - track.get(i - 1).epochMicros()) / 1e6;
                if (seconds <= 0 || seconds > 600) {
                    continue;
                }
                double kmh = haversineMetres(track.get(i - 1), track.get(i)) / seconds * 3.6;
                if (kmh <= 200) {
                    sum += kmh;
                    count++;
                }
            }
        }
        assertThat(speeds.hours()).hasSize(1);
        assertThat(speeds.hours().get(0).hour()).isZero();
        assertThat(speeds.hours().get(0).samples()).isEqualTo(count);
        assertThat(speeds.hours().get(0).meanKmh()).isCloseTo(sum / count, within(1e-6));
        assertThat(speeds.cells().points()).isEqualTo(count);
        assertThat(speeds.cells().cells().stream().mapToLong(CellMap.CellValue::samples).sum()).isEqualTo(count);
        assertThat(chart.figure().panels()).hasSize(2);
        assertThat(inkFraction(chart.figure().toImage(1200, 800), 0.1, 0.55, 0.2, 0.8)).isGreaterThan(0.05);
    }

    @Test
    void svg_output_is_well_formed_xml_holding_the_title() throws Exception {
        PlottedChart chart = plotter.plot(ChartKind.HEATMAP, PlotOptions.defaults());
        Path file = chart.write(dir.resolve("heatmap.svg"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // well-formedness only: the SVG 1.1 DTD it names is not fetched (no network in tests)
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(file.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getTextContent()).contains("GPS point density on H3 cells (resolution 8) · Rome");
    }

    @Test
    void an_unknown_file_extension_is_refused() {
        PlottedChart chart = plotter.plot(ChartKind.TIMESERIES, PlotOptions.defaults());
        assertThatThrownBy(() -> chart.write(dir.resolve("chart.jpg")))
                .isInstanceOf(UrbanFlowException.class).hasMessage("Cannot write chart " + dir.resolve("chart.jpg") + ": the file name must end in .png or .svg");
    }

    @Test
    void a_lake_without_points_says_to_ingest_first() {
        try (ChartLake empty = ChartLake.create(dir.resolve("empty"))) {
            assertThatThrownBy(() -> empty.plotter().plot(ChartKind.HEATMAP, PlotOptions.defaults()))
                    .isInstanceOf(UrbanFlowException.class)
                    .hasMessage("Cannot plot heatmap: no points in the lake; ingest data first");
        }
    }

    @Test
    void hour_is_refused_for_the_time_series() {
        assertThatThrownBy(() -> plotter.plot(ChartKind.TIMESERIES, PlotOptions.defaults().withHour(8)))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--hour applies to");
    }

    /** Share of pixels in the given fraction of the image that are not white. */
    static double inkFraction(BufferedImage image, double left, double right, double top, double bottom) {
        long ink = 0;
        long total = 0;
        for (int y = (int) (image.getHeight() * top); y < image.getHeight() * bottom; y++) {
            for (int x = (int) (image.getWidth() * left); x < image.getWidth() * right; x++) {
                total++;
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF && (image.getRGB(x, y) & 0xFFFFFF) != 0xF7F7F7
                        && (image.getRGB(x, y) & 0xFFFFFF) != 0xEEF0F2) {
                    ink++;
                }
            }
        }
        return (double) ink / total;
    }

    private static double squaredDistance(double latitude1, double longitude1, double latitude2, double longitude2) {
        double dx = (longitude1 - longitude2) * Math.cos(Math.toRadians(latitude1)) * 111_195;
        double dy = (latitude1 - latitude2) * 111_195;
        return dx * dx + dy * dy;
    }

    private static double haversineMetres(GpsPoint a, GpsPoint b) {
        double phi1 = Math.toRadians(a.latitude());
        double phi2 = Math.toRadians(b.latitude());
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dPhi / 2), 2) + Math.cos(phi1) * Math.cos(phi2) * Math.pow(Math.sin(dLambda / 2), 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
    }
}
