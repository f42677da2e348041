package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.mobility.analytics.charts.internal.ChartTheme;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A report figure: a title, a subtitle line (what was plotted, from where), and one or more JFreeChart panels
 * laid out in a row or a column with relative sizes, like matplotlib's subplots. Drawn to any
 * {@link Graphics2D}: a PNG image or an SVG document. Built once; drawing it again gives the same picture.
 * Not thread-safe (its charts are not).
 */
public final class Figure {
    /** How the panels are laid out. */
    public enum Layout {
        /** Side by side, left to right. */
        ROW,
        /** Stacked, top to bottom. */
        COLUMN
    }

    private static final int MARGIN = 10;

    private final String title;
    private final String subtitle;
    private final Layout layout;
    private final List<JFreeChart> panels;
    private final double[] weights;

    private Figure(String title, String subtitle, Layout layout, List<JFreeChart> panels, double[] weights) {
        if (panels.isEmpty() || panels.size() != weights.length) {
            throw new IllegalArgumentException("Cannot build figure: " + panels.size() + " panels for " + weights.length + " weights");
        }
        this.title = title;
        this.subtitle = subtitle;
        this.layout = layout;
        this.panels = List.copyOf(panels);
        this.weights = weights.clone();
    }

    public static Figure of(String title, String subtitle, JFreeChart chart) {
        return new Figure(title, subtitle, Layout.COLUMN, List.of(chart), new double[] {1});
    }

    /** Panels side by side ({@link Layout#ROW}) or stacked, each taking its weight's share of the space. */
    public static Figure of(String title, String subtitle, Layout layout, List<JFreeChart> panels, double... weights) {
        return new Figure(title, subtitle, layout, panels, weights);
    }

    public String title() {
        return title;
    }

    public String subtitle() {
        return subtitle;
    }

    public List<JFreeChart> panels() {
        return panels;
    }

    /** Draws the whole figure into {@code area}. */
    public void draw(Graphics2D g2, Rectangle2D area) {
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g2.setPaint(ChartTheme.PAGE);
        g2.fill(area);
        double top = area.getMinY() + MARGIN;
        top = drawCentred(g2, title, ChartTheme.FIGURE_TITLE, ChartTheme.TEXT, area, top);
        if (subtitle != null && !subtitle.isBlank()) {
            top = drawCentred(g2, subtitle, ChartTheme.FIGURE_SUBTITLE, ChartTheme.MUTED_TEXT, area, top + 2);
        }
        Rectangle2D body = new Rectangle2D.Double(area.getMinX() + MARGIN, top + 6,
                area.getWidth() - 2 * MARGIN, area.getMaxY() - MARGIN - top - 6);
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double offset = 0;
        for (int i = 0; i < panels.size(); i++) {
            double share = weights[i] / total;
            Rectangle2D cell = layout == Layout.ROW
                    ? new Rectangle2D.Double(body.getMinX() + offset * body.getWidth(), body.getMinY(), share * body.getWidth(), body.getHeight())
                    : new Rectangle2D.Double(body.getMinX(), body.getMinY() + offset * body.getHeight(), body.getWidth(), share * body.getHeight());
            panels.get(i).draw(g2, cell);
            offset += share;
        }
    }

    /** The figure as an RGB image of the given size in pixels. */
    public BufferedImage toImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            draw(g2, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g2.dispose();
        }
        return image;
    }

    /** The figure as a standalone SVG document of the given size in pixels; text stays text. */
    public String toSvg(int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        draw(g2, new Rectangle2D.Double(0, 0, width, height));
        return g2.getSVGDocument();
    }

    private static double drawCentred(Graphics2D g2, String text, java.awt.Font font, java.awt.Color color, Rectangle2D area, double top) {
        g2.setFont(font);
        g2.setPaint(color);
        FontMetrics metrics = g2.getFontMetrics();
        List<String> lines = wrap(text, metrics, area.getWidth() - 4 * MARGIN);
        double y = top;
        for (String line : lines) {
            y += metrics.getAscent();
            g2.drawString(line, (float) (area.getCenterX() - metrics.stringWidth(line) / 2.0), (float) y);
            y += metrics.getDescent();
        }
        return y;
    }

    /** Breaks at the "·" separators (or spaces) so a long subtitle takes two lines rather than running off the page. */
    private static List<String> wrap(String text, FontMetrics metrics, double width) {
        List<String> lines = new ArrayList<>();
        if (metrics.stringWidth(text) <= width) {
            lines.add(text);
            return lines;
        }
        String separator = text.contains(" · ") ? " · " : " ";
        String[] parts = text.split(java.util.regex.Pattern.quote(separator));
        StringBuilder line = new StringBuilder();
        for (String part : parts) {
            String candidate = line.length() == 0 ? part : line + separator + part;
            if (metrics.stringWidth(candidate) > width && line.length() > 0) {
                lines.add(line.toString());
                line = new StringBuilder(part);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
