package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.MapExtent;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;

/**
 * An {@link XYPlot} whose x axis is longitude and y axis latitude, in an equirectangular projection scaled by
 * cos(latitude) at the map's centre: over a city this is indistinguishable from Web Mercator, and its axes can
 * stay in plain degrees. Whatever the size of the area it is drawn in, the plot widens one axis range so that a
 * kilometre east-west is as long on screen as a kilometre north-south: hexagons stay regular and the city is
 * not stretched. The requested extent is always fully visible.
 *
 * <p>Not thread-safe (like every JFreeChart plot): draw it from one thread at a time.
 */
public final class GeoPlot extends XYPlot {
    private static final long serialVersionUID = 1L;
    private final MapExtent extent;

    public GeoPlot(MapExtent extent, XYDataset dataset, XYItemRenderer renderer) {
        super(dataset, degreeAxis("Longitude", DegreeFormat.longitude()), degreeAxis("Latitude", DegreeFormat.latitude()), renderer);
        this.extent = extent;
        getDomainAxis().setRange(extent.west(), extent.east());
        getRangeAxis().setRange(extent.south(), extent.north());
    }

    public MapExtent extent() {
        return extent;
    }

    /** Metres on the ground per unit of the x axis (a degree of longitude at the map's centre). */
    public double metresPerLongitudeDegree() {
        return metresPerLatitudeDegree() * extent.longitudeScale();
    }

    public double metresPerLatitudeDegree() {
        return 111_195.0;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        // Axis space depends a little on the tick labels, which depend on the ranges: two rounds settle it.
        for (int round = 0; round < 2; round++) {
            fitRanges(dataArea(g2, area));
        }
        super.draw(g2, area, anchor, parentState, info);
    }

    /** The data area {@link XYPlot#draw} will compute for {@code area}, without touching {@code area}. */
    private Rectangle2D dataArea(Graphics2D g2, Rectangle2D area) {
        Rectangle2D plotArea = (Rectangle2D) area.clone();
        getInsets().trim(plotArea);
        AxisSpace space = calculateAxisSpace(g2, plotArea);
        Rectangle2D dataArea = space.shrink(plotArea, null);
        getAxisOffset().trim(dataArea);
        return dataArea;
    }

    private void fitRanges(Rectangle2D dataArea) {
        if (dataArea.getWidth() <= 1 || dataArea.getHeight() <= 1) {
            return;
        }
        double scale = extent.longitudeScale();
        double latitudeSpan = extent.north() - extent.south();
        double projectedWidth = (extent.east() - extent.west()) * scale;
        // degrees of latitude per pixel, the same for projected longitude: the larger of the two fits both
        double degreesPerPixel = Math.max(latitudeSpan / dataArea.getHeight(), projectedWidth / dataArea.getWidth());
        double halfWidth = degreesPerPixel * dataArea.getWidth() / scale / 2;
        double halfHeight = degreesPerPixel * dataArea.getHeight() / 2;
        getDomainAxis().setRange(new Range(extent.centerLongitude() - halfWidth, extent.centerLongitude() + halfWidth), true, false);
        getRangeAxis().setRange(new Range(extent.centerLatitude() - halfHeight, extent.centerLatitude() + halfHeight), true, false);
        // a label every ~110 px across and ~45 px down: "12.50°E" is wide, and 30 latitudes read as noise
        tick(getDomainAxis(), 2 * halfWidth, dataArea.getWidth() / 110, DegreeFormat.longitude());
        tick(getRangeAxis(), 2 * halfHeight, dataArea.getHeight() / 45, DegreeFormat.latitude());
    }

    private static void tick(ValueAxis axis, double span, double count, DegreeFormat format) {
        double spacing = Math.max(0.01, Ticks.spacing(span, count));
        ((NumberAxis) axis).setTickUnit(new NumberTickUnit(spacing, format), false, true);
    }

    private static ValueAxis degreeAxis(String label, DegreeFormat format) {
        NumberAxis axis = new NumberAxis(label);
        TickUnits units = new TickUnits();
        for (double size : new double[] {0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 45}) {
            units.add(new NumberTickUnit(size, format));
        }
        axis.setStandardTickUnits(units);
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRange(false);
        return axis;
    }
}
