package io.urbanflow.mobility.fleet;

import java.util.Arrays;

/**
 * A polyline a taxi drives along, in the map's plane (metres east and north of the city's centre), with the road
 * kind of each segment. Built once per trip; then read with distances that never decrease, which lets
 * {@link #locate} and {@link #kindAt} move a cursor forward instead of searching. Not thread-safe.
 */
final class Route {
    private final double[] x;
    private final double[] y;
    /** cumulative[i] = distance in metres from the first point to point i. */
    private final double[] cumulative;
    /** kinds[i] = road kind of the segment from point i to point i + 1. */
    private final byte[] kinds;
    private final int size;
    private int segment;
    private double locatedX;
    private double locatedY;

    private Route(double[] x, double[] y, double[] cumulative, byte[] kinds, int size) {
        this.x = x;
        this.y = y;
        this.cumulative = cumulative;
        this.kinds = kinds;
        this.size = size;
    }

    double lengthMeters() {
        return cumulative[size - 1];
    }

    double endX() {
        return x[size - 1];
    }

    double endY() {
        return y[size - 1];
    }

    int pointCount() {
        return size;
    }

    double x(int index) {
        return x[index];
    }

    double y(int index) {
        return y[index];
    }

    RoadKind kindAt(double distanceMeters) {
        seek(distanceMeters);
        return RoadKind.ofOrdinal(kinds[segment]);
    }

    /** Moves to the point {@code distanceMeters} along the route; read it with {@link #locatedX()}, {@link #locatedY()}. */
    void locate(double distanceMeters) {
        seek(distanceMeters);
        if (size == 1) {
            locatedX = x[0];
            locatedY = y[0];
            return;
        }
        double segmentLength = cumulative[segment + 1] - cumulative[segment];
        double along = segmentLength <= 0 ? 0 : Math.min(1, Math.max(0, (distanceMeters - cumulative[segment]) / segmentLength));
        locatedX = x[segment] + along * (x[segment + 1] - x[segment]);
        locatedY = y[segment] + along * (y[segment + 1] - y[segment]);
    }

    double locatedX() {
        return locatedX;
    }

    double locatedY() {
        return locatedY;
    }

    private void seek(double distanceMeters) {
        while (segment < size - 2 && cumulative[segment + 1] <= distanceMeters) {
            segment++;
        }
    }

    /** Collects points; consecutive duplicates are dropped so that no segment has zero length. */
    static final class Builder {
        private double[] x = new double[64];
        private double[] y = new double[64];
        private byte[] kinds = new byte[64];
        private int size;

        Builder start(double startX, double startY) {
            size = 0;
            append(startX, startY, RoadKind.URBAN);
            return this;
        }

        /** Adds a point reached by a segment of road kind {@code kind}. */
        Builder to(double pointX, double pointY, RoadKind kind) {
            if (size > 0 && x[size - 1] == pointX && y[size - 1] == pointY) {
                return this;
            }
            if (size > 0) {
                kinds[size - 1] = (byte) kind.ordinal();
            }
            append(pointX, pointY, kind);
            return this;
        }

        double lastX() {
            return x[size - 1];
        }

        double lastY() {
            return y[size - 1];
        }

        Route build() {
            if (size == 0) {
                throw new IllegalStateException("Cannot build route: no points");
            }
            double[] cumulative = new double[size];
            for (int i = 1; i < size; i++) {
                cumulative[i] = cumulative[i - 1] + Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
            }
            return new Route(Arrays.copyOf(x, size), Arrays.copyOf(y, size), cumulative, Arrays.copyOf(kinds, size), size);
        }

        private void append(double pointX, double pointY, RoadKind kind) {
            if (size == x.length) {
                x = Arrays.copyOf(x, size * 2);
                y = Arrays.copyOf(y, size * 2);
                kinds = Arrays.copyOf(kinds, size * 2);
            }
            x[size] = pointX;
            y[size] = pointY;
            kinds[size] = (byte) kind.ordinal();
            size++;
        }
    }
}
