package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.Geo;
import io.urbanflow.mobility.analytics.internal.LocalProjection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one clustering run over a set of positions: a label per position ({@link #NOISE} for DBSCAN's
 * noise), a summary per cluster, and a way to label positions the run did not see (a stop outside the sample).
 * Immutable, thread-safe.
 */
public final class ClusteringResult {
    /** The label of a position in no cluster. */
    public static final int NOISE = -1;

    private final String algorithm;
    private final String parameters;
    private final int[] labels;
    private final List<ClusterSummary> clusters;
    private final Assigner assigner;

    /** Labels positions a run did not see. */
    interface Assigner {
        int assign(double latitude, double longitude);
    }

    ClusteringResult(String algorithm, String parameters, int[] labels, List<ClusterSummary> clusters, Assigner assigner) {
        this.algorithm = algorithm;
        this.parameters = parameters;
        this.labels = labels.clone();
        this.clusters = List.copyOf(clusters);
        this.assigner = assigner;
    }

    /** {@code kmeans} or {@code dbscan}. */
    public String algorithm() {
        return algorithm;
    }

    /** The run's parameters as text, e.g. {@code k=4 silhouette=0.71} or {@code eps_m=200 min_points=5}. */
    public String parameters() {
        return parameters;
    }

    /** The label of each input position, in input order. */
    public int[] labels() {
        return labels.clone();
    }

    public int label(int index) {
        return labels[index];
    }

    public List<ClusterSummary> clusters() {
        return clusters;
    }

    public long noise() {
        return Arrays.stream(labels).filter(label -> label == NOISE).count();
    }

    /**
     * The cluster a position not in the input belongs to: for k-means the nearest centroid; for DBSCAN the cluster
     * of a core point within eps, else {@link #NOISE}.
     */
    public int assign(double latitude, double longitude) {
        return assigner.assign(latitude, longitude);
    }

    /** Summaries from labels: centroid as the mean position, radius as the 90th percentile distance to it. */
    static List<ClusterSummary> summarize(double[] latitudes, double[] longitudes, int[] labels, int clusterCount) {
        Map<Integer, List<Integer>> members = new HashMap<>();
        for (int index = 0; index < labels.length; index++) {
            if (labels[index] >= 0) {
                members.computeIfAbsent(labels[index], key -> new ArrayList<>()).add(index);
            }
        }
        List<ClusterSummary> summaries = new ArrayList<>();
        for (int cluster = 0; cluster < clusterCount; cluster++) {
            List<Integer> indices = members.get(cluster);
            if (indices == null || indices.isEmpty()) {
                continue;
            }
            double latitudeSum = 0;
            double longitudeSum = 0;
            for (int index : indices) {
                latitudeSum += latitudes[index];
                longitudeSum += longitudes[index];
            }
            double latitude = latitudeSum / indices.size();
            double longitude = longitudeSum / indices.size();
            double[] distances = new double[indices.size()];
            for (int member = 0; member < distances.length; member++) {
                int index = indices.get(member);
                distances[member] = Geo.distanceMetres(latitude, longitude, latitudes[index], longitudes[index]);
            }
            Arrays.sort(distances);
            double radius = distances[(int) Math.ceil(0.9 * distances.length) - 1];
            summaries.add(new ClusterSummary(cluster, latitude, longitude, indices.size(), radius));
        }
        return summaries;
    }

    /** Nearest centroid, in the run's projection. */
    static Assigner nearestCentroid(LocalProjection projection, List<ClusterSummary> clusters) {
        double[] xs = new double[clusters.size()];
        double[] ys = new double[clusters.size()];
        int[] ids = new int[clusters.size()];
        for (int index = 0; index < xs.length; index++) {
            xs[index] = projection.x(clusters.get(index).centroidLongitude());
            ys[index] = projection.y(clusters.get(index).centroidLatitude());
            ids[index] = clusters.get(index).clusterId();
        }
        return (latitude, longitude) -> {
            double x = projection.x(longitude);
            double y = projection.y(latitude);
            int best = NOISE;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int index = 0; index < xs.length; index++) {
                double dx = xs[index] - x;
                double dy = ys[index] - y;
                double distance = dx * dx + dy * dy;
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = ids[index];
                }
            }
            return best;
        };
    }
}
