package io.urbanflow.mobility.sources;

import io.urbanflow.mobility.GpsPoint;

/** Receives the accepted points of a {@link PointSource}, in the source's order, on the reading thread. */
@FunctionalInterface
public interface PointSink {
    void accept(GpsPoint point);
}
