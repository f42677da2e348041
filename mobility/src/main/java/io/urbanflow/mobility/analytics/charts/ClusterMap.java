package io.urbanflow.mobility.analytics.charts;

import java.util.List;

/**
 * Positions coloured by cluster and the clusters' centroids. Immutable.
 *
 * @param members   the positions drawn (a sample of points, or the stops), each with its cluster
 * @param centroids one per cluster
 * @param method    how the clusters were made, e.g. {@code k-means++ k=8 on 20,000 sampled points}
 * @param extent    the map area to show
 * @param table     where the positions came from
 */
public record ClusterMap(List<Member> members, List<Centroid> centroids, String method, MapExtent extent, String table) implements ChartData {
    public ClusterMap {
        members = List.copyOf(members);
        centroids = List.copyOf(centroids);
    }

    /**
     * @param latitude  position
     * @param longitude position
     * @param cluster   cluster id, as in {@link Centroid#cluster()}
     */
    public record Member(double latitude, double longitude, int cluster) {
    }

    /**
     * @param cluster      cluster id
     * @param latitude     centroid
     * @param longitude    centroid
     * @param size         members
     * @param radiusMetres 90th percentile distance of the members to the centroid
     */
    public record Centroid(int cluster, double latitude, double longitude, long size, double radiusMetres) {
    }
}
