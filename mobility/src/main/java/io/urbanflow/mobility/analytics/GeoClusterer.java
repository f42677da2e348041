package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.analytics.internal.LocalProjection;
import io.urbanflow.mobility.analytics.internal.PlanarGrid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Cluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.DBSCANClusterer;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Clustering of positions with Apache Commons Math: k-means with k-means++ seeding (k given, or chosen by the mean
 * silhouette on a sample) and DBSCAN (eps in metres). Positions are projected to metres around their mean
 * ({@link LocalProjection}, equirectangular), so distances are Euclidean metres: exact enough within a city, not
 * across continents. Stateless, thread-safe.
 */
public final class GeoClusterer {
    /** The most positions a silhouette is computed over (it costs the square of this). */
    public static final int SILHOUETTE_SAMPLE = 2_000;
    private static final int MAX_ITERATIONS = 100;

    private GeoClusterer() {
    }

    /** A projected position that remembers its index in the input. */
    private static final class IndexedPoint implements Clusterable {
        private final int index;
        private final double[] point;

        IndexedPoint(int index, double x, double y) {
            this.index = index;
            this.point = new double[] {x, y};
        }

        @Override
        public double[] getPoint() {
            return point;
        }
    }

    /**
     * k-means with k-means++ seeding over all positions. With fewer distinct positions than k, fewer clusters.
     *
     * @throws IllegalArgumentException when the arrays differ in length or k is below 1
     */
    public static ClusteringResult kmeans(double[] latitudes, double[] longitudes, int k, long seed) {
        check(latitudes, longitudes);
        if (k < 1) {
            throw new IllegalArgumentException("Cannot cluster with k=" + k);
        }
        LocalProjection projection = LocalProjection.centredOn(latitudes, longitudes);
        int[] labels = kmeansLabels(project(projection, latitudes, longitudes), k, seed);
        return kmeansResult(latitudes, longitudes, labels, projection, "k=" + distinct(labels));
    }

    /**
     * k-means with the k in [2, maximumK] whose clustering of a sample (at most {@link #SILHOUETTE_SAMPLE}
     * positions) has the best mean silhouette; ties go to the smaller k. Then k-means with that k over all positions.
     */
    public static ClusteringResult kmeansAuto(double[] latitudes, double[] longitudes, int maximumK, long seed) {
        check(latitudes, longitudes);
        if (latitudes.length < 3) {
            return kmeans(latitudes, longitudes, Math.max(1, latitudes.length), seed);
        }
        LocalProjection projection = LocalProjection.centredOn(latitudes, longitudes);
        List<IndexedPoint> all = project(projection, latitudes, longitudes);
        List<IndexedPoint> sample = sample(all, SILHOUETTE_SAMPLE, seed);
        double[][] sampleXy = new double[sample.size()][];
        for (int index = 0; index < sampleXy.length; index++) {
            sampleXy[index] = sample.get(index).point;
        }
        List<IndexedPoint> renumbered = new ArrayList<>(sample.size());
        for (int index = 0; index < sample.size(); index++) {
            renumbered.add(new IndexedPoint(index, sampleXy[index][0], sampleXy[index][1]));
        }
        int bestK = 1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= Math.min(maximumK, sample.size() - 1); k++) {
            int[] labels = kmeansLabels(renumbered, k, seed);
            if (distinct(labels) < k) {
                continue; // fewer distinct positions than k: larger k cannot do better
            }
            double score = silhouette(sampleXy, labels);
            if (score > bestScore + 1e-9) {
                bestScore = score;
                bestK = k;
            }
        }
        int[] labels = kmeansLabels(all, bestK, seed);
        String parameters = bestScore == Double.NEGATIVE_INFINITY
                ? "k=" + distinct(labels)
                : String.format(Locale.ROOT, "k=%d silhouette=%.3f", bestK, bestScore);
        return kmeansResult(latitudes, longitudes, labels, projection, parameters);
    }

    /**
     * DBSCAN: a position with at least {@code minPoints} positions (itself included) within {@code epsMeters} is a
     * core point; clusters are core points connected through eps-neighbourhoods plus the positions within eps of
     * them; the rest is {@link ClusteringResult#NOISE}. Cost grows with the square of the number of positions
     * (Commons Math scans all of them for each neighbourhood): pass a sample of at most some ten thousand.
     */
    public static ClusteringResult dbscan(double[] latitudes, double[] longitudes, double epsMeters, int minPoints) {
        check(latitudes, longitudes);
        if (!(epsMeters > 0) || minPoints < 1) {
            throw new IllegalArgumentException("Cannot run DBSCAN with eps " + epsMeters + " m and " + minPoints + " points");
        }
        LocalProjection projection = LocalProjection.centredOn(latitudes, longitudes);
        List<IndexedPoint> points = project(projection, latitudes, longitudes);
        int[] labels = new int[points.size()];
        Arrays.fill(labels, ClusteringResult.NOISE);
        // Commons Math counts neighbours without the point itself; DBSCAN's minPts (Ester et al.) includes it.
        DBSCANClusterer<IndexedPoint> clusterer = new DBSCANClusterer<>(epsMeters, minPoints - 1, new EuclideanDistance());
        List<Cluster<IndexedPoint>> clusters = points.isEmpty() ? List.of() : clusterer.cluster(points);
        for (int cluster = 0; cluster < clusters.size(); cluster++) {
            for (IndexedPoint point : clusters.get(cluster).getPoints()) {
                labels[point.index] = cluster;
            }
        }
        List<ClusterSummary> summaries = ClusteringResult.summarize(latitudes, longitudes, labels, clusters.size());

        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int index = 0; index < xs.length; index++) {
            xs[index] = points.get(index).point[0];
            ys[index] = points.get(index).point[1];
        }
        PlanarGrid grid = new PlanarGrid(xs, ys, epsMeters);
        boolean[] core = new boolean[xs.length];
        for (int index = 0; index < xs.length; index++) {
            core[index] = labels[index] >= 0 && grid.countWithin(xs[index], ys[index], epsMeters, minPoints) >= minPoints;
        }
        ClusteringResult.Assigner assigner = (latitude, longitude) -> {
            int nearest = grid.nearestWithin(projection.x(longitude), projection.y(latitude), epsMeters, index -> core[index]);
            return nearest < 0 ? ClusteringResult.NOISE : labels[nearest];
        };
        return new ClusteringResult("dbscan", String.format(Locale.ROOT, "eps_m=%s min_points=%d", trim(epsMeters), minPoints),
                labels, summaries, assigner);
    }

    /**
     * The mean silhouette of a labelled set of planar positions: for each position, (b - a) / max(a, b) with a its
     * mean distance to its own cluster and b the smallest mean distance to another cluster; 0 for a position alone
     * in its cluster; noise ({@code label < 0}) is left out. In [-1, 1], higher is better.
     */
    public static double silhouette(double[][] xy, int[] labels) {
        int clusterCount = 0;
        for (int label : labels) {
            clusterCount = Math.max(clusterCount, label + 1);
        }
        if (clusterCount < 2) {
            return 0.0;
        }
        int[] sizes = new int[clusterCount];
        for (int label : labels) {
            if (label >= 0) {
                sizes[label]++;
            }
        }
        double total = 0;
        int counted = 0;
        double[] sums = new double[clusterCount];
        for (int index = 0; index < xy.length; index++) {
            int own = labels[index];
            if (own < 0) {
                continue;
            }
            Arrays.fill(sums, 0.0);
            for (int other = 0; other < xy.length; other++) {
                if (labels[other] >= 0 && other != index) {
                    double dx = xy[index][0] - xy[other][0];
                    double dy = xy[index][1] - xy[other][1];
                    sums[labels[other]] += Math.sqrt(dx * dx + dy * dy);
                }
            }
            counted++;
            if (sizes[own] <= 1) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int cluster = 0; cluster < clusterCount; cluster++) {
                if (cluster != own && sizes[cluster] > 0) {
                    b = Math.min(b, sums[cluster] / sizes[cluster]);
                }
            }
            double larger = Math.max(a, b);
            total += larger > 0 ? (b - a) / larger : 0.0;
        }
        return counted == 0 ? 0.0 : total / counted;
    }

    private static int[] kmeansLabels(List<IndexedPoint> points, int k, long seed) {
        int[] labels = new int[points.size()];
        if (points.isEmpty()) {
            return labels;
        }
        for (int tryK = Math.min(k, points.size()); tryK >= 1; tryK--) {
            JDKRandomGenerator random = new JDKRandomGenerator();
            random.setSeed(seed);
            KMeansPlusPlusClusterer<IndexedPoint> clusterer = new KMeansPlusPlusClusterer<>(tryK, MAX_ITERATIONS,
                    new EuclideanDistance(), random, KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_VARIANCE);
            List<CentroidCluster<IndexedPoint>> clusters;
            try {
                clusters = clusterer.cluster(points);
            } catch (MathIllegalStateException e) {
                continue; // fewer distinct positions than k: an empty cluster cannot be refilled
            }
            // Number clusters by size, largest first, so a run's ids do not depend on k-means++'s draw order.
            List<CentroidCluster<IndexedPoint>> ordered = new ArrayList<>(clusters);
            ordered.removeIf(cluster -> cluster.getPoints().isEmpty());
            ordered.sort((left, right) -> Integer.compare(right.getPoints().size(), left.getPoints().size()));
            for (int cluster = 0; cluster < ordered.size(); cluster++) {
                for (IndexedPoint point : ordered.get(cluster).getPoints()) {
                    labels[point.index] = cluster;
                }
            }
            return labels;
        }
        return labels;
    }

    private static ClusteringResult kmeansResult(double[] latitudes, double[] longitudes, int[] labels,
                                                 LocalProjection projection, String parameters) {
        List<ClusterSummary> summaries = ClusteringResult.summarize(latitudes, longitudes, labels, distinct(labels));
        return new ClusteringResult("kmeans", parameters, labels, summaries, ClusteringResult.nearestCentroid(projection, summaries));
    }

    private static List<IndexedPoint> project(LocalProjection projection, double[] latitudes, double[] longitudes) {
        List<IndexedPoint> points = new ArrayList<>(latitudes.length);
        for (int index = 0; index < latitudes.length; index++) {
            points.add(new IndexedPoint(index, projection.x(longitudes[index]), projection.y(latitudes[index])));
        }
        return points;
    }

    private static List<IndexedPoint> sample(List<IndexedPoint> points, int size, long seed) {
        if (points.size() <= size) {
            return points;
        }
        List<IndexedPoint> copy = new ArrayList<>(points);
        SplittableRandom random = new SplittableRandom(seed);
        for (int index = 0; index < size; index++) { // partial Fisher-Yates: the first `size` are a uniform sample
            int other = index + random.nextInt(copy.size() - index);
            IndexedPoint swap = copy.get(index);
            copy.set(index, copy.get(other));
            copy.set(other, swap);
        }
        return copy.subList(0, size);
    }

    private static int distinct(int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }

    private static void check(double[] latitudes, double[] longitudes) {
        if (latitudes.length != longitudes.length) {
            throw new IllegalArgumentException("Cannot cluster: " + latitudes.length + " latitudes but " + longitudes.length + " longitudes");
        }
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
