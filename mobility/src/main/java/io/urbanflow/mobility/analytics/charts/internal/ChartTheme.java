package io.urbanflow.mobility.analytics.charts.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look every UrbanFlow chart shares: fonts sized for a 1200×800 report figure, a white page, light grid
 * lines, and a qualitative palette (Tableau 10, distinguishable by most colour-blind readers). Stateless.
 */
public final class ChartTheme {
    public static final String FONT_FAMILY = "SansSerif";
    public static final Font FIGURE_TITLE = new Font(FONT_FAMILY, Font.BOLD, 22);
    public static final Font FIGURE_SUBTITLE = new Font(FONT_FAMILY, Font.PLAIN, 14);
    public static final Font PANEL_TITLE = new Font(FONT_FAMILY, Font.BOLD, 16);
    public static final Font AXIS_LABEL = new Font(FONT_FAMILY, Font.PLAIN, 14);
    public static final Font TICK_LABEL = new Font(FONT_FAMILY, Font.PLAIN, 12);
    public static final Font LEGEND = new Font(FONT_FAMILY, Font.PLAIN, 13);
    public static final Font ANNOTATION = new Font(FONT_FAMILY, Font.BOLD, 13);

    public static final Color PAGE = Color.WHITE;
    public static final Color PLOT_BACKGROUND = new Color(0xF7F7F7);
    public static final Color MAP_BACKGROUND = new Color(0xEEF0F2);
    public static final Color GRID = new Color(0xD9D9D9);
    public static final Color TEXT = new Color(0x222222);
    public static final Color MUTED_TEXT = new Color(0x555555);

    /** Tableau 10: blue, orange, red, teal, green, yellow, purple, pink, brown, grey. */
    private static final Color[] QUALITATIVE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC),
    };
    /** Darker companions of {@link #QUALITATIVE} for the second ten clusters. */
    private static final Color[] QUALITATIVE_DARK = {
        new Color(0x2F4B66), new Color(0xA35A12), new Color(0x9E2C2E), new Color(0x3F7F7A), new Color(0x35692E),
        new Color(0x9E8520), new Color(0x704A66), new Color(0xC2566A), new Color(0x5E4436), new Color(0x6E665F),
    };

    public static final Color POINTS = QUALITATIVE[0];
    public static final Color VEHICLES = QUALITATIVE[1];

    private static final StandardChartTheme THEME = theme();

    private ChartTheme() {
    }

    /** The {@code index}-th colour of the qualitative palette (20 distinct colours, then repeating). */
    public static Color qualitative(int index) {
        int position = Math.floorMod(index, QUALITATIVE.length * 2);
        return position < QUALITATIVE.length ? QUALITATIVE[position] : QUALITATIVE_DARK[position - QUALITATIVE.length];
    }

    public static Color withAlpha(Color color, int alpha) {
        return new Color(color.getRed(), color.getGreen(), color.getBlue(), alpha);
    }

    /** Applies the fonts and colours; call before setting series paints (the theme resets them). */
    public static void apply(JFreeChart chart) {
        THEME.apply(chart);
        chart.setBackgroundPaint(PAGE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(4, 8, 4, 8));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(PANEL_TITLE);
            title.setPaint(TEXT);
            title.setPadding(new RectangleInsets(2, 2, 6, 2));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setFrame(BlockBorder.NONE);
            legend.setBackgroundPaint(PAGE);
        }
        Plot plot = chart.getPlot();
        plot.setOutlineVisible(false);
        if (plot instanceof XYPlot) {
            XYPlot xy = (XYPlot) plot;
            xy.setBackgroundPaint(PLOT_BACKGROUND);
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
            xy.setDomainGridlineStroke(new BasicStroke(0.8f));
            xy.setRangeGridlineStroke(new BasicStroke(0.8f));
            xy.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                style(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                style(xy.getRangeAxis(i));
            }
        }
    }

    /** Fonts and colours of one axis; for axes added after {@link #apply}. */
    public static void style(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(AXIS_LABEL);
        axis.setTickLabelFont(TICK_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelPaint(MUTED_TEXT);
        axis.setAxisLinePaint(MUTED_TEXT);
        axis.setTickMarkPaint(MUTED_TEXT);
    }

    /** The colour of an axis label that names one series: the axis reads as a key for that series. */
    public static void tint(Axis axis, Paint paint) {
        axis.setLabelPaint(paint);
        axis.setTickLabelPaint(paint);
    }

    private static StandardChartTheme theme() {
        StandardChartTheme theme = new StandardChartTheme("UrbanFlow");
        theme.setExtraLargeFont(FIGURE_TITLE);
        theme.setLargeFont(AXIS_LABEL);
        theme.setRegularFont(LEGEND);
        theme.setSmallFont(TICK_LABEL);
        theme.setTitlePaint(TEXT);
        theme.setSubtitlePaint(MUTED_TEXT);
        theme.setChartBackgroundPaint(PAGE);
        theme.setLegendBackgroundPaint(PAGE);
        theme.setLegendItemPaint(TEXT);
        theme.setPlotBackgroundPaint(PLOT_BACKGROUND);
        theme.setPlotOutlinePaint(GRID);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setAxisLabelPaint(TEXT);
        theme.setTickLabelPaint(MUTED_TEXT);
        theme.setShadowVisible(false);
        theme.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        theme.setXYBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        return theme;
    }
}
