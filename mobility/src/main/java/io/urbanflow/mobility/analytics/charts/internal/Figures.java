package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.CellMap;
import io.urbanflow.mobility.analytics.charts.ClusterMap;
import io.urbanflow.mobility.analytics.charts.Figure;
import io.urbanflow.mobility.analytics.charts.ForecastAccuracy;
import io.urbanflow.mobility.analytics.charts.HexbinMap;
import io.urbanflow.mobility.analytics.charts.MapExtent;
import io.urbanflow.mobility.analytics.charts.SpeedMap;
import io.urbanflow.mobility.analytics.charts.TrafficSeries;
import io.urbanflow.mobility.analytics.charts.ValueScale;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Turns each chart's numbers into a {@link Figure}: the layout, axes, units, legends and colours. Stateless. */
public final class Figures {
    private static final long TEN_MINUTES_MILLIS = 600_000;

    private Figures() {
    }

    // ---- timeseries ---------------------------------------------------------------------------------------

    /** Two panels: the counts over time, and the mean daily profile; points as bars (left axis), vehicles as steps (right). */
    public static Figure timeseries(TrafficSeries series, String title, String subtitle) {
        XYSeries points = new XYSeries("GPS points per 10 min (left axis)", false, false);
        XYSeries vehicles = new XYSeries("Active vehicles (right axis)", false, false);
        for (TrafficSeries.Interval interval : series.intervals()) {
            long millis = interval.start().toEpochMilli();
            points.add(millis, interval.points());
            vehicles.add(millis, interval.vehicles());
        }
        // a step line ends where its last interval ends, like the bar below it
        if (!series.intervals().isEmpty()) {
            TrafficSeries.Interval last = series.intervals().get(series.intervals().size() - 1);
            vehicles.add(last.start().toEpochMilli() + TEN_MINUTES_MILLIS, last.vehicles());
        }
        DateAxis time = new DateAxis("Local time (" + series.zone().getId() + ")", TimeZone.getTimeZone(series.zone()), Locale.ENGLISH);
        time.setLowerMargin(0.01);
        time.setUpperMargin(0.01);
        XYPlot overTime = dualAxisPlot(time, points, vehicles, TEN_MINUTES_MILLIS, "GPS points per 10 min", "Active vehicles");

        XYSeries meanPoints = new XYSeries("Mean GPS points per 10 min (left axis)", false, false);
        XYSeries meanVehicles = new XYSeries("Mean active vehicles (right axis)", false, false);
        for (TrafficSeries.ProfileSlot slot : series.profile()) {
            meanPoints.add(slot.minuteOfDay() / 60.0, slot.points());
            meanVehicles.add(slot.minuteOfDay() / 60.0, slot.vehicles());
        }
        if (!series.profile().isEmpty()) {
            meanVehicles.add(24.0, series.profile().get(series.profile().size() - 1).vehicles());
        }
        NumberAxis timeOfDay = new NumberAxis("Local time of day (" + series.zone().getId() + ")");
        timeOfDay.setRange(0, 24);
        timeOfDay.setTickUnit(new NumberTickUnit(2, new ClockFormat()));
        XYPlot profile = dualAxisPlot(timeOfDay, meanPoints, meanVehicles, 1.0 / 6, "Mean points per 10 min", "Mean active vehicles");

        JFreeChart top = chart("Per 10 minutes", overTime, true);
        JFreeChart bottom = chart("Mean daily profile over " + series.days() + (series.days() == 1 ? " day" : " days"), profile, true);
        return Figure.of(title, subtitle, Figure.Layout.COLUMN, List.of(top, bottom), 1, 1);
    }

    private static XYPlot dualAxisPlot(org.jfree.chart.axis.ValueAxis domain, XYSeries bars, XYSeries steps, double intervalWidth,
            String leftLabel, String rightLabel) {
        XYSeriesCollection barData = new XYSeriesCollection(bars);
        barData.setIntervalWidth(intervalWidth);
        barData.setIntervalPositionFactor(0);
        XYSeriesCollection stepData = new XYSeriesCollection(steps);
        NumberAxis left = new NumberAxis(leftLabel);
        left.setAutoRangeIncludesZero(true);
        left.setNumberFormatOverride(thousands());
        left.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis right = new NumberAxis(rightLabel);
        right.setAutoRangeIncludesZero(true);
        right.setNumberFormatOverride(thousands());
        right.setStandardTickUnits(NumberAxis.createIntegerTickUnits());

        XYBarRenderer barRenderer = new XYBarRenderer(0.0);
        barRenderer.setShadowVisible(false);
        barRenderer.setDrawBarOutline(false);
        barRenderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        XYStepRenderer stepRenderer = new XYStepRenderer();
        stepRenderer.setDefaultShapesVisible(false);

        XYPlot plot = new XYPlot(barData, domain, left, barRenderer);
        plot.setDataset(1, stepData);
        plot.setRangeAxis(1, right);
        plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, stepRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return plot;
    }

    private static JFreeChart chart(String panelTitle, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(panelTitle, ChartTheme.PANEL_TITLE, plot, legend);
        ChartTheme.apply(chart);
        if (plot.getRangeAxisCount() > 1 && plot.getRenderer(1) instanceof XYStepRenderer) {
            // the theme resets series paints: colour the two series, and each axis like its series
            Color points = ChartTheme.withAlpha(ChartTheme.POINTS, 200);
            plot.getRenderer(0).setSeriesPaint(0, points);
            plot.getRenderer(1).setSeriesPaint(0, ChartTheme.VEHICLES);
            // thousands of steps in a thick line merge into a block: thinner when there are many
            plot.getRenderer(1).setSeriesStroke(0, new BasicStroke(plot.getDataset(1).getItemCount(0) > 400 ? 1.2f : 2.2f));
            ChartTheme.tint(plot.getRangeAxis(0), ChartTheme.POINTS.darker());
            ChartTheme.tint(plot.getRangeAxis(1), ChartTheme.VEHICLES.darker());
        }
        LegendTitle legendTitle = chart.getLegend();
        if (legendTitle != null) {
            legendTitle.setPosition(RectangleEdge.BOTTOM);
            legendTitle.setItemLabelPadding(new RectangleInsets(2, 4, 2, 18));
        }
        return chart;
    }

    // ---- forecast -----------------------------------------------------------------------------------------

    /**
     * Two panels side by side: WAPE by horizon, one line per model (the gradient-boosted trees thick); and the last
     * test day's summed forecast at one step with its interval, against the actual.
     */
    public static Figure forecast(ForecastAccuracy data, String title, String subtitle) {
        java.util.List<String> models = data.wape().stream().map(ForecastAccuracy.Wape::model).distinct().toList();
        java.util.List<Integer> horizons = data.wape().stream().map(ForecastAccuracy.Wape::horizon).distinct().sorted().toList();
        XYSeriesCollection lines = new XYSeriesCollection();
        for (String model : models) {
            XYSeries series = new XYSeries(model, false, false);
            for (ForecastAccuracy.Wape wape : data.wape()) {
                if (wape.model().equals(model)) {
                    series.add(horizons.indexOf(wape.horizon()), 100 * wape.wape());
                }
            }
            lines.addSeries(series);
        }
        String[] labels = horizons.stream().map(h -> h == 144 ? "1 day" : h * 10 % 60 == 0 ? h * 10 / 60 + " h" : h * 10 + " min").toArray(String[]::new);
        org.jfree.chart.axis.SymbolAxis horizonAxis = new org.jfree.chart.axis.SymbolAxis("Horizon ahead", labels);
        NumberAxis wapeAxis = new NumberAxis("WAPE (%), all series pooled");
        wapeAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, true);
        XYPlot wapePlot = new XYPlot(lines, horizonAxis, wapeAxis, lineRenderer);
        JFreeChart left = chart("Backtest WAPE by horizon (lower is better)", wapePlot, true);
        for (int i = 0; i < models.size(); i++) {
            lineRenderer.setSeriesPaint(i, models.get(i).equals("gbdt") ? ChartTheme.qualitative(2) : ChartTheme.qualitative(i == 2 ? 9 : i));
            lineRenderer.setSeriesStroke(i, new BasicStroke(models.get(i).equals("gbdt") ? 3.5f : 1.8f));
            lineRenderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        if (data.slots().isEmpty()) {
            return Figure.of(title, subtitle, left);
        }
        XYSeries actual = new XYSeries("actual", false, false);
        XYSeries predicted = new XYSeries("predicted 10 min ahead (gbdt)", false, false);
        XYSeries lower = new XYSeries("interval low", false, false);
        XYSeries upper = new XYSeries("interval high", false, false);
        for (ForecastAccuracy.Slot slot : data.slots()) {
            long millis = slot.start().toEpochMilli();
            actual.add(millis, slot.actual());
            predicted.add(millis, slot.predicted());
            lower.add(millis, slot.lower());
            upper.add(millis, slot.upper());
        }
        XYSeriesCollection day = new XYSeriesCollection();
        day.addSeries(actual);
        day.addSeries(predicted);
        day.addSeries(lower);
        day.addSeries(upper);
        DateAxis time = new DateAxis("Local time (" + data.zone().getId() + ")", TimeZone.getTimeZone(data.zone()), Locale.ENGLISH);
        NumberAxis value = new NumberAxis(data.target() + " per 10 min, sum over " + data.level() + "s");
        value.setAutoRangeIncludesZero(true);
        value.setNumberFormatOverride(thousands());
        XYLineAndShapeRenderer dayRenderer = new XYLineAndShapeRenderer(true, false);
        XYPlot dayPlot = new XYPlot(day, time, value, dayRenderer);
        JFreeChart right = chart("Last test day: predicted and actual", dayPlot, true);
        dayRenderer.setSeriesPaint(0, ChartTheme.TEXT);
        dayRenderer.setSeriesPaint(1, ChartTheme.qualitative(2));
        Color band = ChartTheme.withAlpha(ChartTheme.qualitative(2), 110);
        dayRenderer.setSeriesPaint(2, band);
        dayRenderer.setSeriesPaint(3, band);
        BasicStroke dashed = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f);
        dayRenderer.setSeriesStroke(0, new BasicStroke(1.6f));
        dayRenderer.setSeriesStroke(1, new BasicStroke(2.2f));
        dayRenderer.setSeriesStroke(2, dashed);
        dayRenderer.setSeriesStroke(3, dashed);
        return Figure.of(title, subtitle, Figure.Layout.ROW, List.of(left, right), 1, 1.4);
    }

    // ---- maps ---------------------------------------------------------------------------------------------

    /** Point density on H3 cells. */
    public static Figure heatmap(CellMap map, ValueScale scale, String title, String subtitle) {
        List<HexagonDataset.Cell> cells = new ArrayList<>(map.cells().size());
        double maximum = 1;
        for (CellMap.CellValue value : map.cells()) {
            cells.add(H3Cells.cell(value.cell(), value.value()));
            maximum = Math.max(maximum, value.value());
        }
        return Figure.of(title, subtitle, densityMap(map.extent(), cells, maximum, scale, "GPS points per cell"));
    }

    /** Point density on a lon/lat hex grid. */
    public static Figure hexbin(HexbinMap map, ValueScale scale, String title, String subtitle) {
        HexGrid grid = new HexGrid(map.extent(), map.gridSize());
        List<HexagonDataset.Cell> cells = new ArrayList<>(map.cells().size());
        double maximum = 1;
        for (HexbinMap.Bin bin : map.cells()) {
            cells.add(grid.cell(bin.cell(), bin.count()));
            maximum = Math.max(maximum, bin.count());
        }
        return Figure.of(title, subtitle, densityMap(map.extent(), cells, maximum, scale, "GPS points per hexagon"));
    }

    private static JFreeChart densityMap(MapExtent extent, List<HexagonDataset.Cell> cells, double maximum, ValueScale scale, String unit) {
        // counts start at 1 (log10 = 0) or 0
        double lower = 0;
        double upper = scale.toScale(maximum);
        if (!(upper > lower)) {
            upper = lower + 1;
        }
        ColorRamp ramp = ColorRamp.density(lower, upper);
        NumberAxis legendAxis = new NumberAxis(scale == ValueScale.LOG ? unit + " (log scale)" : unit);
        legendAxis.setNumberFormatOverride(scale.tickFormat());
        if (scale == ValueScale.LOG && upper >= 1.5) {
            legendAxis.setTickUnit(new NumberTickUnit(1, scale.tickFormat()));
        } else if (scale == ValueScale.LINEAR) {
            legendAxis.setTickUnit(new NumberTickUnit(Math.max(1, Ticks.spacing(upper - lower, 8)), scale.tickFormat()));
        }
        return map(extent, cells, ramp, scale, legendAxis, null);
    }

    private static JFreeChart map(MapExtent extent, List<HexagonDataset.Cell> cells, ColorRamp ramp, ValueScale scale,
            NumberAxis legendAxis, String panelTitle) {
        HexagonRenderer renderer = new HexagonRenderer(ramp, scale);
        GeoPlot plot = new GeoPlot(extent, new HexagonDataset("cells", cells), renderer);
        plot.addAnnotation(new ScaleBar());
        JFreeChart chart = new JFreeChart(panelTitle, ChartTheme.PANEL_TITLE, plot, false);
        ChartTheme.apply(chart);
        plot.setBackgroundPaint(ChartTheme.MAP_BACKGROUND);
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        legendAxis.setRange(ramp.getLowerBound(), ramp.getUpperBound());
        ChartTheme.style(legendAxis);
        PaintScaleLegend legend = new PaintScaleLegend(ramp, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(new RectangleInsets(40, 12, 40, 4));
        legend.setStripWidth(18);
        legend.setSubdivisionCount(256);
        legend.setStripOutlineVisible(true);
        legend.setStripOutlinePaint(ChartTheme.GRID);
        legend.setBackgroundPaint(ChartTheme.PAGE);
        chart.addSubtitle(legend);
        return chart;
    }

    // ---- clusters -----------------------------------------------------------------------------------------

    /** Members as small dots in their cluster's colour, centroids as numbered badges with their radius. */
    public static Figure clusters(ClusterMap map, String title, String subtitle) {
        XYSeriesCollection members = new XYSeriesCollection();
        List<ClusterMap.Centroid> centroids = map.centroids();
        int[] index = new int[centroids.isEmpty() ? 0 : centroids.stream().mapToInt(ClusterMap.Centroid::cluster).max().getAsInt() + 1];
        Arrays.fill(index, -1);
        DecimalFormat count = thousands();
        for (int i = 0; i < centroids.size(); i++) {
            ClusterMap.Centroid centroid = centroids.get(i);
            index[centroid.cluster()] = i;
            members.addSeries(new XYSeries("Cluster " + centroid.cluster() + ": " + count.format(centroid.size()) + " points"
                    + (centroid.radiusMetres() > 0 ? ", 90% within " + ScaleBar.label(roundRadius(centroid.radiusMetres())) : ""), false, true));
        }
        for (ClusterMap.Member member : map.members()) {
            if (member.cluster() >= 0 && member.cluster() < index.length && index[member.cluster()] >= 0) {
                members.getSeries(index[member.cluster()]).add(member.longitude(), member.latitude(), false);
            }
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        GeoPlot plot = new GeoPlot(map.extent(), members, dots);
        plot.addAnnotation(new ScaleBar());
        JFreeChart chart = new JFreeChart(null, ChartTheme.PANEL_TITLE, plot, true);
        ChartTheme.apply(chart);
        plot.setBackgroundPaint(ChartTheme.MAP_BACKGROUND);
        plot.setDomainGridlinePaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.WHITE);
        double size = map.members().size() > 5000 ? 4 : 6;
        for (int i = 0; i < centroids.size(); i++) {
            Color color = ChartTheme.qualitative(centroids.get(i).cluster());
            dots.setSeriesPaint(i, ChartTheme.withAlpha(color, 150));
            dots.setSeriesShape(i, new Ellipse2D.Double(-size / 2, -size / 2, size, size));
            dots.setLegendShape(i, new Ellipse2D.Double(-6, -6, 12, 12));
            plot.addAnnotation(marker(CentroidMarker.Layer.RADIUS, centroids.get(i)));
        }
        for (ClusterMap.Centroid centroid : centroids) {
            plot.addAnnotation(marker(CentroidMarker.Layer.BADGE, centroid));
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setItemFont(ChartTheme.LEGEND);
        legend.setItemLabelPadding(new RectangleInsets(3, 4, 3, 4));
        return Figure.of(title, subtitle, chart);
    }

    private static CentroidMarker marker(CentroidMarker.Layer layer, ClusterMap.Centroid centroid) {
        return new CentroidMarker(layer, centroid.longitude(), centroid.latitude(), centroid.radiusMetres(),
                Integer.toString(centroid.cluster()), ChartTheme.qualitative(centroid.cluster()));
    }

    private static double roundRadius(double metres) {
        return metres >= 1000 ? Math.round(metres / 100) * 100 : Math.round(metres / 10) * 10;
    }

    // ---- speed --------------------------------------------------------------------------------------------

    /** Left: mean speed by cell; right: mean speed by local hour, both on one diverging scale centred on the median. */
    public static Figure speed(SpeedMap speeds, java.time.ZoneId zone, String title, String subtitle) {
        double[] values = speeds.cells().cells().stream().mapToDouble(CellMap.CellValue::value).sorted().toArray();
        double lower = Math.floor(percentile(values, 0.05) / 5) * 5;
        double upper = Math.ceil(percentile(values, 0.95) / 5) * 5;
        if (!(upper > lower)) {
            upper = lower + 5;
        }
        ColorRamp ramp = ColorRamp.diverging(lower, upper, percentile(values, 0.5));
        List<HexagonDataset.Cell> cells = new ArrayList<>(values.length);
        for (CellMap.CellValue value : speeds.cells().cells()) {
            cells.add(H3Cells.cell(value.cell(), value.value()));
        }
        NumberAxis legendAxis = new NumberAxis("Mean speed (km/h)");
        legendAxis.setNumberFormatOverride(ValueScale.LINEAR.tickFormat());
        legendAxis.setTickUnit(new NumberTickUnit(Ticks.spacing(upper - lower, 8), ValueScale.LINEAR.tickFormat()));
        JFreeChart map = map(speeds.cells().extent(), cells, ramp, ValueScale.LINEAR, legendAxis,
                "By H3 cell (resolution " + speeds.cells().resolution() + ")");

        XYSeries hours = new XYSeries("Mean speed", false, false);
        for (SpeedMap.HourSpeed hour : speeds.hours()) {
            hours.add(hour.hour(), hour.meanKmh());
        }
        XYSeriesCollection data = new XYSeriesCollection(hours);
        data.setIntervalWidth(0.8);
        data.setIntervalPositionFactor(0.5);
        NumberAxis hourAxis = new NumberAxis("Local hour of day (" + zone.getId() + ")");
        hourAxis.setRange(-0.6, 23.6);
        hourAxis.setTickUnit(new NumberTickUnit(3, new ClockFormat()));
        NumberAxis speedAxis = new NumberAxis("Mean speed (km/h)");
        double fastest = speeds.hours().stream().mapToDouble(SpeedMap.HourSpeed::meanKmh).max().orElse(10);
        speedAxis.setRange(0, fastest * 1.08);
        speedAxis.setTickUnit(new NumberTickUnit(Ticks.spacing(fastest * 1.08, 8)));
        XYBarRenderer bars = new XYBarRenderer(0.0) {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int series, int item) {
                return ramp.color(data.getYValue(series, item));
            }
        };
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        bars.setDefaultOutlinePaint(ChartTheme.MUTED_TEXT);
        bars.setDefaultOutlineStroke(new BasicStroke(0.6f));
        XYPlot byHour = new XYPlot(data, hourAxis, speedAxis, bars);
        JFreeChart hourChart = new JFreeChart("By hour of day", ChartTheme.PANEL_TITLE, byHour, false);
        ChartTheme.apply(hourChart);
        bars.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        bars.setShadowVisible(false);
        byHour.setDomainGridlinesVisible(false);
        return Figure.of(title, subtitle, Figure.Layout.ROW, List.of(map, hourChart), 0.62, 0.38);
    }

    static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        double position = fraction * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    static DecimalFormat thousands() {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
