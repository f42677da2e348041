package io.urbanflow.mobility.analytics.charts.internal;

import java.awt.Color;
import java.awt.Paint;
import org.jfree.chart.renderer.PaintScale;

/**
 * A continuous colour scale over [lower, upper], interpolated in RGB between evenly spaced colour stops. A
 * diverging ramp puts its middle stop at a pivot value instead of the middle of the range. Values outside the
 * range take the end colours; NaN takes {@link #NO_DATA}. Immutable, thread-safe.
 *
 * <p>The ramp works in "scale space": a logarithmic map gives it log10 values (see {@link ValueScale}), so that
 * the legend strip, which asks for colours at evenly spaced axis values, is drawn evenly.
 */
public final class ColorRamp implements PaintScale {
    public static final Color NO_DATA = new Color(0xBDBDBD);

    /** Light to dark, after matplotlib's magma (reversed, darkest end cut): darker means more. */
    private static final Color[] DENSITY = colors(0xFCFDBF, 0xFECA8D, 0xFD9668, 0xF1605D, 0xCD4071, 0x9E2F7F, 0x721F81, 0x440F76, 0x1D1147);
    /** After ColorBrewer RdYlBu: red slow, pale yellow middle, blue fast. */
    private static final Color[] RED_YELLOW_BLUE = colors(0xA50026, 0xD73027, 0xF46D43, 0xFDAE61, 0xFEE090, 0xFFFFBF, 0xE0F3F8, 0xABD9E9, 0x74ADD1, 0x4575B4, 0x313695);

    private final double lower;
    private final double upper;
    private final double pivot;
    private final Color[] stops;

    private ColorRamp(double lower, double upper, double pivot, Color[] stops) {
        if (!(lower < upper)) {
            throw new IllegalArgumentException("Cannot build colour ramp: lower " + lower + " is not below upper " + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.pivot = Math.max(lower, Math.min(upper, pivot));
        this.stops = stops.clone();
    }

    /** Sequential light-to-dark ramp for counts and densities. */
    public static ColorRamp density(double lower, double upper) {
        return new ColorRamp(lower, upper, (lower + upper) / 2, DENSITY);
    }

    /** Diverging red-yellow-blue ramp with yellow at {@code pivot}: below it reads "slower", above "faster". */
    public static ColorRamp diverging(double lower, double upper, double pivot) {
        return new ColorRamp(lower, upper, pivot, RED_YELLOW_BLUE);
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return color(value);
    }

    public Color color(double value) {
        if (Double.isNaN(value)) {
            return NO_DATA;
        }
        // position in [0, 1] along the stops; the pivot maps to 0.5
        double position;
        if (value <= pivot) {
            position = pivot == lower ? 0.5 : 0.5 * (clamp(value) - lower) / (pivot - lower);
        } else {
            position = pivot == upper ? 0.5 : 0.5 + 0.5 * (clamp(value) - pivot) / (upper - pivot);
        }
        double scaled = position * (stops.length - 1);
        int index = (int) Math.floor(scaled);
        if (index >= stops.length - 1) {
            return stops[stops.length - 1];
        }
        double fraction = scaled - index;
        Color from = stops[index];
        Color to = stops[index + 1];
        return new Color(
                (int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * fraction),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * fraction),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * fraction));
    }

    private double clamp(double value) {
        return Math.max(lower, Math.min(upper, value));
    }

    private static Color[] colors(int... rgb) {
        Color[] colors = new Color[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            colors[i] = new Color(rgb[i]);
        }
        return colors;
    }
}
