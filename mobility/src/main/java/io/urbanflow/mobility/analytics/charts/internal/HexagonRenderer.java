package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.ValueScale;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;

/**
 * Draws each cell of a {@link HexagonDataset} as its filled outline, coloured by its value through a
 * {@link ColorRamp} (after the {@link ValueScale}), with a thin translucent white edge so neighbouring cells of
 * one colour stay apart. The colour key is a {@link org.jfree.chart.title.PaintScaleLegend} over the same ramp.
 *
 * <p>{@link #drawnCells()} counts the cells the last drawing pass filled: tests compare it with the data.
 * Not thread-safe, like every JFreeChart renderer.
 */
public final class HexagonRenderer extends AbstractXYItemRenderer {
    private static final long serialVersionUID = 1L;
    private static final Color EDGE = new Color(255, 255, 255, 150);

    private final ColorRamp ramp;
    private final ValueScale scale;
    private int drawnCells;
    private int drawnInPass;

    public HexagonRenderer(ColorRamp ramp, ValueScale scale) {
        this.ramp = ramp;
        this.scale = scale;
        setDefaultSeriesVisibleInLegend(false);
    }

    public ColorRamp ramp() {
        return ramp;
    }

    public ValueScale scale() {
        return scale;
    }

    /** The cells filled by the last complete drawing of the plot. */
    public int drawnCells() {
        return drawnCells;
    }

    @Override
    public XYItemRendererState initialise(Graphics2D g2, Rectangle2D dataArea, XYPlot plot, XYDataset dataset, PlotRenderingInfo info) {
        drawnInPass = 0;
        XYItemRendererState state = super.initialise(g2, dataArea, plot, dataset, info);
        // every cell is handed to drawItem (the plot clips what lies outside), so the count covers them all
        state.setProcessVisibleItemsOnly(false);
        return state;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info, XYPlot plot,
            ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item, CrosshairState crosshairState, int pass) {
        HexagonDataset.Cell cell = ((HexagonDataset) dataset).cell(item);
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        Path2D.Double outline = new Path2D.Double();
        for (int vertex = 0; vertex < cell.vertices(); vertex++) {
            double x = domainAxis.valueToJava2D(cell.longitudeAt(vertex), dataArea, xEdge);
            double y = rangeAxis.valueToJava2D(cell.latitudeAt(vertex), dataArea, yEdge);
            if (vertex == 0) {
                outline.moveTo(x, y);
            } else {
                outline.lineTo(x, y);
            }
        }
        outline.closePath();
        g2.setPaint(ramp.color(scale.toScale(cell.value())));
        g2.fill(outline);
        g2.setPaint(EDGE);
        g2.setStroke(new BasicStroke(0.6f));
        g2.draw(outline);
        drawnInPass++;
        if (item == dataset.getItemCount(series) - 1) {
            drawnCells = drawnInPass;
        }
    }

    @Override
    public LegendItem getLegendItem(int datasetIndex, int series) {
        return null;
    }
}
