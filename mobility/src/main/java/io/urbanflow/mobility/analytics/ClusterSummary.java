package io.urbanflow.mobility.analytics;

/**
 * One cluster of a clustering run. Immutable.
 *
 * @param clusterId         0, 1, ... within the run
 * @param centroidLatitude  mean latitude of the members
 * @param centroidLongitude mean longitude of the members
 * @param size              members
 * @param radiusMeters      90th percentile of the members' distances to the centroid
 */
public record ClusterSummary(int clusterId, double centroidLatitude, double centroidLongitude, int size, double radiusMeters) {
    public ClusterSummary {
        if (clusterId < 0 || size < 1 || radiusMeters < 0) {
            throw new IllegalArgumentException("Cannot build cluster " + clusterId + " of size " + size);
        }
    }
}
