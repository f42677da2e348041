package io.urbanflow.mobility.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.urbanflow.mobility.Geo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeoClustererTest {
    /** Termini, Vatican, EUR, Trastevere: well apart, so blobs of 150 m never touch. */
    private static final double[][] CENTRES = {{41.9010, 12.5016}, {41.9022, 12.4539}, {41.8319, 12.4663}, {41.8894, 12.4700}};
    private static final double SIGMA_METERS = 150;

    @Test
    void kmeans_recovers_the_centres_of_separated_blobs() {
        Blobs blobs = blobs(CENTRES, 300, SIGMA_METERS, 1);
        ClusteringResult result = GeoClusterer.kmeans(blobs.latitudes, blobs.longitudes, 4, 7);
        assertThat(result.clusters()).hasSize(4);
        for (double[] centre : CENTRES) {
            double nearest = result.clusters().stream()
                    .mapToDouble(cluster -> Geo.distanceMetres(centre[0], centre[1], cluster.centroidLatitude(), cluster.centroidLongitude()))
                    .min().orElseThrow();
            assertThat(nearest).as("distance from %s to the nearest centroid", Arrays.toString(centre)).isLessThan(30);
        }
        for (ClusterSummary cluster : result.clusters()) {
            assertThat(cluster.size()).isEqualTo(300);
            // distance to the centre of a 2-D normal blob is Rayleigh: its 90th percentile is sigma * sqrt(2 ln 10)
            assertThat(cluster.radiusMeters()).isCloseTo(SIGMA_METERS * Math.sqrt(2 * Math.log(10)), within(40.0));
        }
        int[] labels = result.labels();
        for (int blob = 0; blob < CENTRES.length; blob++) {
            int first = labels[blob * 300];
            for (int index = blob * 300; index < (blob + 1) * 300; index++) {
                assertThat(labels[index]).isEqualTo(first);
            }
        }
    }

    @Test
    void silhouette_picks_the_true_number_of_blobs() {
        for (int trueK = 2; trueK <= 4; trueK++) {
            Blobs blobs = blobs(Arrays.copyOf(CENTRES, trueK), 200, SIGMA_METERS, trueK);
            ClusteringResult result = GeoClusterer.kmeansAuto(blobs.latitudes, blobs.longitudes, 8, 7);
            assertThat(result.clusters()).as("clusters chosen for %d blobs", trueK).hasSize(trueK);
            assertThat(result.parameters()).startsWith("k=" + trueK + " silhouette=");
        }
    }

    @Test
    void silhouette_is_high_for_separated_blobs_and_near_zero_for_a_random_split() {
        Blobs blobs = blobs(Arrays.copyOf(CENTRES, 2), 100, SIGMA_METERS, 3);
        double[][] xy = new double[200][];
        int[] truth = new int[200];
        int[] random = new int[200];
        Random draw = new Random(1);
        for (int index = 0; index < 200; index++) {
            xy[index] = new double[] {blobs.longitudes[index] * 83_000, blobs.latitudes[index] * 111_000};
            truth[index] = index / 100;
            random[index] = draw.nextInt(2);
        }
        assertThat(GeoClusterer.silhouette(xy, truth)).isGreaterThan(0.8);
        assertThat(GeoClusterer.silhouette(xy, random)).isBetween(-0.1, 0.1);
    }

    @Test
    void dbscan_finds_dense_blobs_and_marks_isolated_points_as_noise() {
        Blobs blobs = blobs(Arrays.copyOf(CENTRES, 3), 100, 60, 5);
        List<double[]> isolated = List.of(new double[] {41.95, 12.40}, new double[] {41.80, 12.60}, new double[] {41.86, 12.55});
        double[] latitudes = Arrays.copyOf(blobs.latitudes, 303);
        double[] longitudes = Arrays.copyOf(blobs.longitudes, 303);
        for (int index = 0; index < 3; index++) {
            latitudes[300 + index] = isolated.get(index)[0];
            longitudes[300 + index] = isolated.get(index)[1];
        }
        ClusteringResult result = GeoClusterer.dbscan(latitudes, longitudes, 200, 5);
        assertThat(result.algorithm()).isEqualTo("dbscan");
        assertThat(result.clusters()).hasSize(3);
        assertThat(result.label(300)).isEqualTo(ClusteringResult.NOISE);
        assertThat(result.label(301)).isEqualTo(ClusteringResult.NOISE);
        assertThat(result.label(302)).isEqualTo(ClusteringResult.NOISE);
        assertThat(result.noise()).isBetween(3L, 6L); // the far tail of a blob may be noise too
        assertThat(result.clusters().stream().mapToInt(ClusterSummary::size).sum()).isEqualTo(303 - (int) result.noise());

        // Positions the run did not see: beside a blob's centre joins that blob, far away is noise.
        assertThat(result.assign(CENTRES[0][0] + 0.0003, CENTRES[0][1])).isEqualTo(result.label(0));
        assertThat(result.assign(41.70, 12.30)).isEqualTo(ClusteringResult.NOISE);
    }

    @Test
    void dbscan_counts_the_point_itself_towards_min_points() {
        // Three points within eps of each other: a cluster with min points 3, noise with 4.
        double[] latitudes = {41.9, 41.9005, 41.9010};
        double[] longitudes = {12.5, 12.5, 12.5};
        assertThat(GeoClusterer.dbscan(latitudes, longitudes, 150, 3).clusters()).hasSize(1);
        assertThat(GeoClusterer.dbscan(latitudes, longitudes, 150, 4).noise()).isEqualTo(3);
    }

    @Test
    void kmeans_with_fewer_distinct_positions_than_k_returns_fewer_clusters() {
        double[] latitudes = {41.9, 41.9, 41.9, 41.8, 41.8};
        double[] longitudes = {12.5, 12.5, 12.5, 12.4, 12.4};
        ClusteringResult result = GeoClusterer.kmeans(latitudes, longitudes, 4, 7);
        assertThat(result.clusters()).hasSizeBetween(1, 2);
        assertThat(result.assign(41.81, 12.41)).isEqualTo(result.label(4));
    }

    record Blobs(double[] latitudes, double[] longitudes) {
    }

    static Blobs blobs(double[][] centres, int perBlob, double sigmaMeters, long seed) {
        Random random = new Random(seed);
        List<double[]> points = new ArrayList<>();
        for (double[] centre : centres) {
            double metersPerDegreeLongitude = 111_195 * Math.cos(Math.toRadians(centre[0]));
            for (int index = 0; index < perBlob; index++) {
                points.add(new double[] {centre[0] + random.nextGaussian() * sigmaMeters / 111_195,
                        centre[1] + random.nextGaussian() * sigmaMeters / metersPerDegreeLongitude});
            }
        }
        double[] latitudes = new double[points.size()];
        double[] longitudes = new double[points.size()];
        for (int index = 0; index < points.size(); index++) {
            latitudes[index] = points.get(index)[0];
            longitudes[index] = points.get(index)[1];
        }
        return new Blobs(latitudes, longitudes);
    }
}
