package io.urbanflow.mobility.analytics.charts;

/** Where the clusters chart takes its clusters from. */
public enum ClusterSource {
    /**
     * The last k-means run in {@code mart.clusters} (by {@code urbanflow analyze}) when it has at least two clusters
     * in the chart's city, else {@link #KMEANS}.
     */
    AUTO,
    /** k-means++ on a sample of the points, run for this chart with {@code k} clusters. */
    KMEANS
}
