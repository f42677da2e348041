package io.urbanflow.mobility.sources.internal;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.PointSink;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.text.LineFileReader;
import java.nio.file.Path;

/**
 * A GPS text file read line by line ({@link LineFileReader}): subclasses parse one line and {@link #emit} its
 * points. Single use, not thread-safe.
 */
public abstract class LineFileSource extends LineFileReader implements PointSource {
    private PointSink points;
    private long accepted;

    protected LineFileSource(Path file) {
        super(file);
    }

    @Override
    public String name() {
        return origin();
    }

    protected final void emit(GpsPoint point) {
        accepted++;
        points.accept(point);
    }

    @Override
    public final ReadSummary read(PointSink pointSink, RejectSink rejectSink) {
        this.points = pointSink;
        long rejected = readLines(rejectSink);
        return new ReadSummary(accepted, rejected);
    }
}
