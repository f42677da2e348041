package io.urbanflow.mobility.live;

import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How the live view aggregates the stream. Immutable; validated on construction. Keys (with defaults):
 * {@code live.zone} (the city's zone, Europe/Rome), {@code live.resolution} (8), {@code live.interval} (10m),
 * {@code live.recent} (15m: the map's "last N minutes"), {@code live.max-speed-kmh} (200),
 * {@code live.retained-intervals} (144: one day of 10-minute windows kept in memory),
 * {@code live.max-vehicles-per-update} (5000), {@code live.max-cells-per-update} (5000), {@code live.track-gap} (10m),
 * {@code live.city} (none: a point must lie in one of the known cities). The speed, gap and city rules are those of
 * {@code stage.gps_points} ({@code stage.max-speed-kmh}, {@code stage.track-gap}, {@code stage.city}).
 *
 * @param zone                 the zone whose local clock aligns the tumbling windows (as {@code mart.cell_traffic_10min})
 * @param resolution           the H3 resolution of the cells, 0..15
 * @param interval             the tumbling window length; whole minutes dividing a day
 * @param recent               the sliding "last N minutes" of the map; whole minutes
 * @param maxSpeedKmh          speeds above this are implausible and left out of means
 * @param retainedIntervals    how many tumbling windows are kept; older ones are dropped
 * @param maxVehiclesPerUpdate at most this many vehicles in one update; the rest follow in the next
 * @param maxCellsPerUpdate    at most this many cells in one update; the rest follow in the next
 * @param trackGap             a point more than this after its vehicle's previous good point starts a new track:
 *                             it has no speed
 * @param city                 points outside its bounds are outliers; null = outside every known city's bounds
 */
public record LiveOptions(ZoneId zone, int resolution, Duration interval, Duration recent, double maxSpeedKmh,
                          int retainedIntervals, int maxVehiclesPerUpdate, int maxCellsPerUpdate, Duration trackGap,
                          City city) {

    public static final int DEFAULT_RESOLUTION = 8;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RECENT = Duration.ofMinutes(15);
    public static final double DEFAULT_MAX_SPEED_KMH = 200.0;
    public static final Duration DEFAULT_TRACK_GAP = Duration.ofMinutes(10);

    public LiveOptions {
        if (zone == null) {
            throw new UrbanFlowException("Cannot configure live view: live.zone is missing");
        }
        if (resolution < 0 || resolution > 15) {
            throw new UrbanFlowException("Cannot configure live view: live.resolution " + resolution + " is not in 0..15");
        }
        if (interval == null || interval.toSeconds() % 60 != 0 || interval.toMinutes() < 1
                || Duration.ofDays(1).toMinutes() % interval.toMinutes() != 0) {
            throw new UrbanFlowException("Cannot configure live view: live.interval " + interval
                    + " must be whole minutes dividing a day (1m, 5m, 10m, 15m, 1h...)");
        }
        if (recent == null || recent.toSeconds() % 60 != 0 || recent.toMinutes() < 1 || recent.toMinutes() > 24 * 60) {
            throw new UrbanFlowException("Cannot configure live view: live.recent " + recent + " must be 1 to 1440 whole minutes");
        }
        if (!(maxSpeedKmh > 0)) {
            throw new UrbanFlowException("Cannot configure live view: live.max-speed-kmh " + maxSpeedKmh + " must be positive");
        }
        if (retainedIntervals < 1) {
            throw new UrbanFlowException("Cannot configure live view: live.retained-intervals must be at least 1");
        }
        if (trackGap == null || trackGap.isNegative() || trackGap.isZero()) {
            throw new UrbanFlowException("Cannot configure live view: live.track-gap must be positive");
        }
        if (maxVehiclesPerUpdate < 1 || maxCellsPerUpdate < 1) {
            throw new UrbanFlowException("Cannot configure live view: live.max-vehicles-per-update and live.max-cells-per-update must be at least 1");
        }
    }

    /** Rome's zone and the defaults above. */
    public static LiveOptions defaults() {
        return of(City.ROME.zone());
    }

    public static LiveOptions of(ZoneId zone) {
        return new LiveOptions(zone, DEFAULT_RESOLUTION, DEFAULT_INTERVAL, DEFAULT_RECENT, DEFAULT_MAX_SPEED_KMH, 144, 5_000, 5_000,
                DEFAULT_TRACK_GAP, null);
    }

    /** Reads the {@code live.*} keys, each defaulting to {@link #defaults()}'s value. */
    public static LiveOptions from(Settings settings) {
        LiveOptions defaults = defaults();
        ZoneId zone;
        String zoneName = settings.string("live.zone", defaults.zone.getId());
        try {
            zone = ZoneId.of(zoneName);
        } catch (RuntimeException e) {
            throw new UrbanFlowException("Cannot read setting live.zone='" + zoneName + "': not a time zone such as Europe/Rome");
        }
        return new LiveOptions(zone,
                settings.integer("live.resolution", defaults.resolution),
                settings.duration("live.interval", defaults.interval),
                settings.duration("live.recent", defaults.recent),
                settings.decimal("live.max-speed-kmh", defaults.maxSpeedKmh),
                settings.integer("live.retained-intervals", defaults.retainedIntervals),
                settings.integer("live.max-vehicles-per-update", defaults.maxVehiclesPerUpdate),
                settings.integer("live.max-cells-per-update", defaults.maxCellsPerUpdate),
                settings.duration("live.track-gap", defaults.trackGap),
                settings.string("live.city", "").isBlank() ? null : City.byName(settings.string("live.city", "")));
    }

    public LiveOptions withZone(ZoneId newZone) {
        return new LiveOptions(newZone, resolution, interval, recent, maxSpeedKmh, retainedIntervals, maxVehiclesPerUpdate, maxCellsPerUpdate, trackGap, city);
    }

    public LiveOptions withRecent(Duration newRecent) {
        return new LiveOptions(zone, resolution, interval, newRecent, maxSpeedKmh, retainedIntervals, maxVehiclesPerUpdate, maxCellsPerUpdate, trackGap, city);
    }

    public LiveOptions withResolution(int newResolution) {
        return new LiveOptions(zone, newResolution, interval, recent, maxSpeedKmh, retainedIntervals, maxVehiclesPerUpdate, maxCellsPerUpdate, trackGap, city);
    }

    public LiveOptions withCity(City newCity) {
        return new LiveOptions(zone, resolution, interval, recent, maxSpeedKmh, retainedIntervals, maxVehiclesPerUpdate, maxCellsPerUpdate, trackGap, newCity);
    }

    public LiveOptions withUpdateLimits(int vehicles, int cells) {
        return new LiveOptions(zone, resolution, interval, recent, maxSpeedKmh, retainedIntervals, vehicles, cells, trackGap, city);
    }
}
