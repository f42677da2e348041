package io.urbanflow.mobility.analytics;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/**
 * How many k-means clusters: a fixed k, {@code auto} (the k in [2, maximum] with the best mean silhouette on a
 * sample), or {@code off}. Immutable.
 *
 * @param mode    fixed, auto or off
 * @param k       the fixed k (mode FIXED), else 0
 * @param maximum the largest k that auto tries
 */
public record ClusterCount(Mode mode, int k, int maximum) {
    public enum Mode { FIXED, AUTO, OFF }

    public static final int DEFAULT_MAXIMUM = 10;

    public ClusterCount {
        if (mode == null) {
            throw new IllegalArgumentException("Cannot build cluster count: mode is missing");
        }
        if (mode == Mode.FIXED && k < 1) {
            throw new UrbanFlowException("Cannot use " + k + " clusters: k must be at least 1");
        }
        if (mode == Mode.AUTO && maximum < 2) {
            throw new UrbanFlowException("Cannot choose k automatically up to " + maximum + ": the maximum must be at least 2");
        }
    }

    public static ClusterCount auto() {
        return new ClusterCount(Mode.AUTO, 0, DEFAULT_MAXIMUM);
    }

    public static ClusterCount fixed(int k) {
        return new ClusterCount(Mode.FIXED, k, k);
    }

    public static ClusterCount off() {
        return new ClusterCount(Mode.OFF, 0, 0);
    }

    /**
     * Parses {@code auto}, {@code off} or a whole number.
     *
     * @throws UrbanFlowException when the text is none of these
     */
    public static ClusterCount parse(String text, int autoMaximum) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return new ClusterCount(Mode.AUTO, 0, autoMaximum);
        }
        if (value.equals("off") || value.equals("none")) {
            return off();
        }
        try {
            return fixed(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new UrbanFlowException("Cannot read cluster count '" + text + "': expected a whole number, auto or off");
        }
    }

    @Override
    public String toString() {
        return switch (mode) {
            case FIXED -> Integer.toString(k);
            case AUTO -> "auto";
            case OFF -> "off";
        };
    }
}
