package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.model.UrbanFlowException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The charts {@code urbanflow plot} draws. */
public enum ChartKind {
    /** Points and active vehicles per 10 minutes, and the mean daily profile. */
    TIMESERIES("timeseries"),
    /** Point density on H3 hexagons (or a lon/lat hexbin). */
    HEATMAP("heatmap"),
    /** Points coloured by k-means cluster, centroids marked. */
    CLUSTERS("clusters"),
    /** Mean speed by H3 cell, and by hour of day. */
    SPEED("speed"),
    /** The newest forecast backtest: WAPE per model and horizon, predicted against actual over the last test day. */
    FORECAST("forecast");

    private final String key;

    ChartKind(String key) {
        this.key = key;
    }

    /** The name on the command line and in default file names. */
    public String key() {
        return key;
    }

    /**
     * @throws UrbanFlowException naming the known kinds
     */
    public static ChartKind byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (ChartKind kind : values()) {
            if (kind.key.equals(wanted)) {
                return kind;
            }
        }
        throw new UrbanFlowException("Cannot plot '" + name + "': known charts are "
                + Arrays.stream(values()).map(ChartKind::key).collect(Collectors.joining(", ")));
    }
}
