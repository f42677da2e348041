package io.urbanflow.mobility.sources;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.Reject;
import io.urbanflow.mobility.GpsPoint;
import java.util.ArrayList;
import java.util.List;

/** Reads a small source fully into memory, for assertions. */
final class Collected {
    final List<GpsPoint> points = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();
    final ReadSummary summary;

    private Collected(PointSource source) {
        summary = source.read(points::add, rejects::add);
    }

    static Collected read(PointSource source) {
        return new Collected(source);
    }
}
