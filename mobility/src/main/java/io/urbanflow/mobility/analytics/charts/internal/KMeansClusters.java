package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.ClusterMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * k-means with the k-means++ start (Apache Commons Math) over positions projected to metres around their mean
 * (x east, y north), so a metre counts the same in every direction; clusters numbered 0.. by decreasing size.
 * Same positions and seed, same clusters. Stateless.
 */
public final class KMeansClusters {
    private static final double METRES_PER_DEGREE = 111_195.0;
    private static final int MAXIMUM_ITERATIONS = 300;

    private KMeansClusters() {
    }

    /** The result: members in input order with their cluster, and the centroids. */
    public record Result(List<ClusterMap.Member> members, List<ClusterMap.Centroid> centroids) {
    }

    /**
     * @param positions {latitude, longitude} pairs, at least {@code k}
     */
    public static Result cluster(double[][] positions, int k, long seed) {
        double latitude0 = 0;
        double longitude0 = 0;
        for (double[] position : positions) {
            latitude0 += position[0];
            longitude0 += position[1];
        }
        latitude0 /= positions.length;
        longitude0 /= positions.length;
        double xScale = METRES_PER_DEGREE * Math.cos(Math.toRadians(latitude0));
        List<IndexedPoint> points = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            points.add(new IndexedPoint(i, (positions[i][1] - longitude0) * xScale, (positions[i][0] - latitude0) * METRES_PER_DEGREE));
        }
        KMeansPlusPlusClusterer<IndexedPoint> clusterer = new KMeansPlusPlusClusterer<>(k, MAXIMUM_ITERATIONS,
                new EuclideanDistance(), new JDKRandomGenerator((int) (seed ^ (seed >>> 32))));
        List<CentroidCluster<IndexedPoint>> clusters = new ArrayList<>(clusterer.cluster(points));
        clusters.removeIf(cluster -> cluster.getPoints().isEmpty());
        clusters.sort(Comparator.comparingInt((CentroidCluster<IndexedPoint> cluster) -> cluster.getPoints().size()).reversed());
        int[] labels = new int[positions.length];
        List<ClusterMap.Centroid> centroids = new ArrayList<>(clusters.size());
        for (int id = 0; id < clusters.size(); id++) {
            CentroidCluster<IndexedPoint> cluster = clusters.get(id);
            double[] centre = cluster.getCenter().getPoint();
            double[] distances = new double[cluster.getPoints().size()];
            for (int m = 0; m < distances.length; m++) {
                IndexedPoint member = cluster.getPoints().get(m);
                labels[member.index] = id;
                distances[m] = Math.hypot(member.getPoint()[0] - centre[0], member.getPoint()[1] - centre[1]);
            }
            Arrays.sort(distances);
            double radius = distances[(int) Math.min(distances.length - 1, Math.ceil(0.9 * distances.length) - 1)];
            centroids.add(new ClusterMap.Centroid(id, latitude0 + centre[1] / METRES_PER_DEGREE, longitude0 + centre[0] / xScale,
                    distances.length, radius));
        }
        List<ClusterMap.Member> members = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            members.add(new ClusterMap.Member(positions[i][0], positions[i][1], labels[i]));
        }
        return new Result(members, centroids);
    }

    /** The nearest centroid's cluster id for each position (projected distance). */
    public static List<ClusterMap.Member> assign(double[][] positions, List<ClusterMap.Centroid> centroids) {
        List<ClusterMap.Member> members = new ArrayList<>(positions.length);
        for (double[] position : positions) {
            double xScale = Math.cos(Math.toRadians(position[0]));
            int best = centroids.get(0).cluster();
            double bestDistance = Double.MAX_VALUE;
            for (ClusterMap.Centroid centroid : centroids) {
                double dx = (position[1] - centroid.longitude()) * xScale;
                double dy = position[0] - centroid.latitude();
                double distance = dx * dx + dy * dy;
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = centroid.cluster();
                }
            }
            members.add(new ClusterMap.Member(position[0], position[1], best));
        }
        return members;
    }

    /** A projected position that remembers its place in the input. */
    private static final class IndexedPoint extends DoublePoint {
        private static final long serialVersionUID = 1L;
        private final int index;

        IndexedPoint(int index, double x, double y) {
            super(new double[] {x, y});
            this.index = index;
        }
    }
}
