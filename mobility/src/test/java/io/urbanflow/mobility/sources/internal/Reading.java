package io.urbanflow.mobility.sources.internal;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.Reject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads a small source into lists, for assertions. */
final class Reading {
    final List<GpsPoint> points = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();
    final ReadSummary summary;

    private Reading(PointSource source) {
        summary = source.read(points::add, rejects::add);
    }

    static Reading of(PointSource source) {
        return new Reading(source);
    }

    List<String> rejectDescriptions() {
        return rejects.stream().map(reject -> reject.lineNumber() + ": " + reject.reason()).toList();
    }

    static Path write(Path file, String... lines) throws IOException {
        return Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }

    static long micros(String instant) {
        return GpsPoint.toEpochMicros(Instant.parse(instant));
    }
}
