package io.urbanflow.mobility.stream;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import java.util.List;

/** A source over a list: points and rejects are handed out in list order, rejects after the point at their index. */
final class InMemoryPointSource implements PointSource {
    private final List<GpsPoint> points;
    private final List<Reject> rejects;

    InMemoryPointSource(List<GpsPoint> points, List<Reject> rejects) {
        this.points = List.copyOf(points);
        this.rejects = List.copyOf(rejects);
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public ReadSummary read(PointSink pointSink, RejectSink rejectSink) {
        int rejected = 0;
        for (int index = 0; index < points.size(); index++) {
            pointSink.accept(points.get(index));
            if (rejected < rejects.size() && rejects.get(rejected).lineNumber() == index + 1) {
                rejectSink.reject(rejects.get(rejected++));
            }
        }
        while (rejected < rejects.size()) {
            rejectSink.reject(rejects.get(rejected++));
        }
        return new ReadSummary(points.size(), rejects.size());
    }
}
