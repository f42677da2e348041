package io.urbanflow.mobility.live;

/**
 * The latest position of one vehicle. Immutable.
 *
 * @param speedKmh the speed from its previous point, or NaN when there is none or it was implausible
 * @param cell     the H3 cell of the position at the aggregator's resolution
 */
public record VehiclePosition(String vehicleId, long epochMicros, double latitude, double longitude, double speedKmh, long cell) {
}
