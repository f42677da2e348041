package io.urbanflow.mobility.analytics;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.Locale;

/**
 * The settings of {@code urbanflow analyze}: trip and stay detection and clustering. Immutable, validated.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@value #TRIP_GAP}</td><td>15m</td><td>a silence longer than this ends a trip (and a session)</td></tr>
 *   <tr><td>{@value #STOP_RADIUS}</td><td>100</td><td>metres a stay keeps within from its first point</td></tr>
 *   <tr><td>{@value #STOP_MIN_DURATION}</td><td>5m</td><td>shortest stay</td></tr>
 *   <tr><td>{@value #CLUSTERS}</td><td>auto</td><td>k-means k, {@code auto} (silhouette) or {@code off}</td></tr>
 *   <tr><td>{@value #CLUSTERS_MAX}</td><td>10</td><td>largest k that auto tries</td></tr>
 *   <tr><td>{@value #DBSCAN_EPS}</td><td>200</td><td>DBSCAN neighbourhood in metres; 0 turns DBSCAN off</td></tr>
 *   <tr><td>{@value #DBSCAN_MIN_POINTS}</td><td>5</td><td>DBSCAN core point threshold</td></tr>
 *   <tr><td>{@value #CLUSTER_INPUT}</td><td>stops</td><td>cluster {@code stops} or a sample of {@code points}</td></tr>
 *   <tr><td>{@value #CLUSTER_SAMPLE}</td><td>10000</td><td>most items a clustering run sees</td></tr>
 *   <tr><td>{@value #SEED}</td><td>7</td><td>seed of sampling and k-means++</td></tr>
 * </table>
 */
public record AnalyticsConfig(Duration tripGap, double stopRadiusMeters, Duration stopMinDuration,
                              ClusterCount clusters, double dbscanEpsMeters, int dbscanMinPoints,
                              ClusterInput clusterInput, int clusterSample, long seed) {
    public static final String TRIP_GAP = "analytics.trip-gap";
    public static final String STOP_RADIUS = "analytics.stop-radius";
    public static final String STOP_MIN_DURATION = "analytics.stop-min-duration";
    public static final String CLUSTERS = "analytics.clusters";
    public static final String CLUSTERS_MAX = "analytics.clusters-max";
    public static final String DBSCAN_EPS = "analytics.dbscan-eps";
    public static final String DBSCAN_MIN_POINTS = "analytics.dbscan-min-points";
    public static final String CLUSTER_INPUT = "analytics.cluster-input";
    public static final String CLUSTER_SAMPLE = "analytics.cluster-sample";
    public static final String SEED = "analytics.seed";

    /** What the clustering runs over. */
    public enum ClusterInput { STOPS, POINTS }

    public AnalyticsConfig {
        if (tripGap == null || tripGap.isNegative() || tripGap.isZero()) {
            throw invalid(TRIP_GAP, String.valueOf(tripGap), "a positive duration");
        }
        if (!(stopRadiusMeters > 0)) {
            throw invalid(STOP_RADIUS, String.valueOf(stopRadiusMeters), "a positive number of metres");
        }
        if (stopMinDuration == null || stopMinDuration.isNegative() || stopMinDuration.isZero()) {
            throw invalid(STOP_MIN_DURATION, String.valueOf(stopMinDuration), "a positive duration");
        }
        if (clusters == null) {
            throw invalid(CLUSTERS, "null", "a number, auto or off");
        }
        if (!(dbscanEpsMeters >= 0)) {
            throw invalid(DBSCAN_EPS, String.valueOf(dbscanEpsMeters), "metres, 0 or more");
        }
        if (dbscanMinPoints < 1) {
            throw invalid(DBSCAN_MIN_POINTS, String.valueOf(dbscanMinPoints), "at least 1");
        }
        if (clusterInput == null) {
            throw invalid(CLUSTER_INPUT, "null", "stops or points");
        }
        if (clusterSample < 10) {
            throw invalid(CLUSTER_SAMPLE, String.valueOf(clusterSample), "at least 10");
        }
    }

    public static AnalyticsConfig defaults() {
        return from(Settings.empty());
    }

    /**
     * Reads the keys above from {@code settings}, with their defaults.
     *
     * @throws UrbanFlowException naming the key when a value does not parse or is out of range
     */
    public static AnalyticsConfig from(Settings settings) {
        String input = settings.string(CLUSTER_INPUT, "stops").trim().toUpperCase(Locale.ROOT);
        ClusterInput clusterInput;
        try {
            clusterInput = ClusterInput.valueOf(input);
        } catch (IllegalArgumentException e) {
            throw invalid(CLUSTER_INPUT, settings.string(CLUSTER_INPUT, ""), "stops or points");
        }
        return new AnalyticsConfig(
                settings.duration(TRIP_GAP, Duration.ofMinutes(15)),
                settings.decimal(STOP_RADIUS, 100.0),
                settings.duration(STOP_MIN_DURATION, Duration.ofMinutes(5)),
                ClusterCount.parse(settings.string(CLUSTERS, "auto"), settings.integer(CLUSTERS_MAX, ClusterCount.DEFAULT_MAXIMUM)),
                settings.decimal(DBSCAN_EPS, 200.0),
                settings.integer(DBSCAN_MIN_POINTS, 5),
                clusterInput,
                settings.integer(CLUSTER_SAMPLE, 10_000),
                settings.integer(SEED, 7));
    }

    public boolean dbscanEnabled() {
        return dbscanEpsMeters > 0;
    }

    /**
     * The parameters that decide the content of the trip and stop tables; a change forces a full rebuild.
     */
    public String segmentationFingerprint() {
        return "trip-gap=" + tripGap + ",stop-radius=" + stopRadiusMeters + ",stop-min-duration=" + stopMinDuration;
    }

    private static UrbanFlowException invalid(String key, String value, String expected) {
        return new UrbanFlowException("Cannot read setting " + key + "='" + value + "': expected " + expected);
    }
}
