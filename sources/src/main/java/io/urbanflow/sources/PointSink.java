package io.urbanflow.sources;

import io.urbanflow.model.GpsPoint;

/** Receives the accepted points of a {@link PointSource}, in the source's order, on the reading thread. */
@FunctionalInterface
public interface PointSink {
    void accept(GpsPoint point);
}
