package io.urbanflow.mobility.analytics.charts.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * A map scale bar in the lower left corner of a {@link GeoPlot}: a round length (1, 2 or 5 × 10^n metres) about
 * a fifth of the map's width, on a translucent white box so it reads over any colour.
 */
public final class ScaleBar extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;
    private static final int MARGIN = 12;

    /** The length the bar shows for a map {@code widthMetres} wide: the largest round length up to a fifth of it. */
    public static double roundLength(double widthMetres) {
        double target = Math.max(widthMetres / 5, 1);
        double power = Math.pow(10, Math.floor(Math.log10(target)));
        for (double step : new double[] {5, 2, 1}) {
            if (step * power <= target) {
                return step * power;
            }
        }
        return power;
    }

    public static String label(double metres) {
        return metres >= 1000 ? trim(metres / 1000) + " km" : trim(metres) + " m";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        if (!(plot instanceof GeoPlot)) {
            return;
        }
        GeoPlot geo = (GeoPlot) plot;
        double widthMetres = domainAxis.getRange().getLength() * geo.metresPerLongitudeDegree();
        double metres = roundLength(widthMetres);
        double pixels = dataArea.getWidth() * metres / widthMetres;
        String text = label(metres);
        g2.setFont(ChartTheme.ANNOTATION);
        FontMetrics metrics = g2.getFontMetrics();
        double boxWidth = Math.max(pixels, metrics.stringWidth(text)) + 16;
        double boxHeight = metrics.getHeight() + 18;
        double left = dataArea.getMinX() + MARGIN;
        double bottom = dataArea.getMaxY() - MARGIN;
        g2.setPaint(new Color(255, 255, 255, 200));
        g2.fill(new Rectangle2D.Double(left, bottom - boxHeight, boxWidth, boxHeight));
        double barLeft = left + 8;
        double barY = bottom - 8;
        g2.setPaint(ChartTheme.TEXT);
        g2.setStroke(new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g2.draw(new java.awt.geom.Line2D.Double(barLeft, barY, barLeft + pixels, barY));
        g2.setStroke(new BasicStroke(1.5f));
        g2.draw(new java.awt.geom.Line2D.Double(barLeft, barY - 6, barLeft, barY + 1));
        g2.draw(new java.awt.geom.Line2D.Double(barLeft + pixels, barY - 6, barLeft + pixels, barY + 1));
        g2.drawString(text, (float) (barLeft + Math.max(0, (pixels - metrics.stringWidth(text)) / 2)), (float) (barY - 8));
    }
}
