package io.urbanflow.mobility.analytics.charts.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * A cluster's centroid on a map, in two layers so no circle crosses a badge: {@link Layer#RADIUS} is a dashed
 * circle of the cluster's radius, {@link Layer#BADGE} a white badge ringed in the cluster's colour with its
 * number, readable over the densest cluster. Add every radius before any badge.
 */
public final class CentroidMarker extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;
    private static final double BADGE_RADIUS = 13;
    private static final double METRES_PER_LATITUDE_DEGREE = 111_195.0;

    private final double longitude;
    private final double latitude;
    private final double radiusMetres;
    private final String label;
    private final Color color;
    private final Layer layer;

    /** What a marker draws. */
    public enum Layer {
        RADIUS,
        BADGE
    }

    public CentroidMarker(Layer layer, double longitude, double latitude, double radiusMetres, String label, Color color) {
        this.layer = layer;
        this.longitude = longitude;
        this.latitude = latitude;
        this.radiusMetres = radiusMetres;
        this.label = label;
        this.color = color;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        double x = domainAxis.valueToJava2D(longitude, dataArea, plot.getDomainAxisEdge());
        double y = rangeAxis.valueToJava2D(latitude, dataArea, plot.getRangeAxisEdge());
        if (layer == Layer.RADIUS) {
            if (radiusMetres > 0) {
                double top = rangeAxis.valueToJava2D(latitude + radiusMetres / METRES_PER_LATITUDE_DEGREE, dataArea, plot.getRangeAxisEdge());
                double radius = Math.abs(y - top);
                g2.setPaint(ChartTheme.withAlpha(color.darker(), 170));
                g2.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f));
                g2.draw(new Ellipse2D.Double(x - radius, y - radius, 2 * radius, 2 * radius));
            }
            return;
        }
        Ellipse2D halo = new Ellipse2D.Double(x - BADGE_RADIUS - 3, y - BADGE_RADIUS - 3, 2 * BADGE_RADIUS + 6, 2 * BADGE_RADIUS + 6);
        g2.setPaint(Color.WHITE);
        g2.fill(halo);
        g2.setPaint(ChartTheme.TEXT);
        g2.setStroke(new BasicStroke(1f));
        g2.draw(halo);
        Ellipse2D badge = new Ellipse2D.Double(x - BADGE_RADIUS, y - BADGE_RADIUS, 2 * BADGE_RADIUS, 2 * BADGE_RADIUS);
        g2.setPaint(Color.WHITE);
        g2.fill(badge);
        g2.setPaint(color);
        g2.setStroke(new BasicStroke(4f));
        g2.draw(badge);
        g2.setPaint(ChartTheme.TEXT);
        g2.setFont(ChartTheme.ANNOTATION);
        FontMetrics metrics = g2.getFontMetrics();
        g2.drawString(label, (float) (x - metrics.stringWidth(label) / 2.0), (float) (y + (metrics.getAscent() - metrics.getDescent()) / 2.0));
    }
}
