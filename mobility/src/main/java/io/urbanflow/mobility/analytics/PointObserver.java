package io.urbanflow.mobility.analytics;

/**
 * Sees every point of the days a {@link TrajectoryPlanner} recomputes, once, during its last pass: for aggregates by
 * point (zone traffic). Called vehicle by vehicle; not concurrently.
 */
public interface PointObserver {
    /** Forget what earlier passes counted: a new pass starts. */
    void reset();

    /** The points {@code first..last} of {@code track} all lie on recomputed local days. */
    void observe(VehicleTrack track, int first, int last);
}
