package io.urbanflow.mobility.fleet;

/**
 * Classes of road of a synthetic city with their traffic: typical and top speed in free-flowing traffic, and the
 * chance that a taxi is stopped (traffic light, junction, jam) for a whole report interval.
 */
enum RoadKind {
    URBAN(30, 50, 0.15),
    ARTERIAL(48, 75, 0.07),
    MOTORWAY(85, 110, 0.01);

    final double typicalMetersPerSecond;
    final double maxMetersPerSecond;
    final double stopProbability;

    RoadKind(double typicalKmh, double maxKmh, double stopProbability) {
        this.typicalMetersPerSecond = typicalKmh / 3.6;
        this.maxMetersPerSecond = maxKmh / 3.6;
        this.stopProbability = stopProbability;
    }

    private static final RoadKind[] VALUES = values();

    static RoadKind ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
