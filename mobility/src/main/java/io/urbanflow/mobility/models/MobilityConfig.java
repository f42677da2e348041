package io.urbanflow.mobility.models;

import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.SqlText;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Settings of the mobility domain's models (stage and marts). Immutable; validated on construction.
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@code aggregate.zone}</td><td>{@code Europe/Rome}</td><td>zone the 10-minute intervals are aligned in</td></tr>
 *   <tr><td>{@code stage.h3-resolution}</td><td>{@code 8}</td><td>H3 resolution of {@code stage.gps_points.h3_cell}, 0..15</td></tr>
 *   <tr><td>{@code stage.max-speed-kmh}</td><td>{@code 200}</td><td>a point implying a higher speed is an outlier</td></tr>
 *   <tr><td>{@code stage.city}</td><td>{@code auto}</td><td>bounds and local zone: a city name, or auto = the known city containing the point</td></tr>
 *   <tr><td>{@code stage.track-gap}</td><td>{@code 10m}</td><td>the longest gap a speed is measured across: a point later than this
 *       after its vehicle's last good point starts a new segment (no speed)</td></tr>
 * </table>
 *
 * @param zone          the zone in which 10-minute intervals are aligned, and local time where no city applies
 * @param h3Resolution  H3 resolution of the stage cells
 * @param maxSpeedKmh   the highest plausible speed; faster implied speeds flag the point as an outlier
 * @param city          the city whose bounds and zone apply to every point; empty = detect per point
 * @param trackGap      the longest gap over which speeds are computed (and the incremental look-back)
 */
public record MobilityConfig(ZoneId zone, int h3Resolution, double maxSpeedKmh, Optional<City> city, Duration trackGap) {
    public static final String ZONE = "aggregate.zone";
    public static final String H3_RESOLUTION = "stage.h3-resolution";
    public static final String MAX_SPEED_KMH = "stage.max-speed-kmh";
    public static final String CITY = "stage.city";
    public static final String TRACK_GAP = "stage.track-gap";

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Rome");
    /** Java's prefixed offset ids: UTC, GMT, UT alone or followed by an offset (UTC+01:00, GMT-5, UT+0). */
    public static final int DEFAULT_H3_RESOLUTION = 8;
    public static final double DEFAULT_MAX_SPEED_KMH = 200.0;
    public static final Duration DEFAULT_TRACK_GAP = Duration.ofMinutes(10);

    public MobilityConfig {
        if (zone == null) {
            throw new UrbanFlowException("Cannot configure pipeline: " + ZONE + " is missing");
        }
        zone = SqlText.duckDbZone(zone, "Cannot configure pipeline: " + ZONE + "=" + zone.getId());
        if (h3Resolution < 0 || h3Resolution > 15) {
            throw new UrbanFlowException("Cannot configure pipeline: " + H3_RESOLUTION + "=" + h3Resolution + " is outside 0..15");
        }
        if (!(maxSpeedKmh > 0) || Double.isInfinite(maxSpeedKmh)) {
            throw new UrbanFlowException("Cannot configure pipeline: " + MAX_SPEED_KMH + "=" + maxSpeedKmh + " is not a positive number");
        }
        city = city == null ? Optional.empty() : city;
        if (trackGap == null || trackGap.isNegative() || trackGap.isZero() || trackGap.compareTo(Duration.ofDays(1)) > 0) {
            throw new UrbanFlowException("Cannot configure pipeline: " + TRACK_GAP + "=" + trackGap + " is not within (0, 1d]");
        }
    }

    public static MobilityConfig defaults() {
        return new MobilityConfig(DEFAULT_ZONE, DEFAULT_H3_RESOLUTION, DEFAULT_MAX_SPEED_KMH, Optional.empty(), DEFAULT_TRACK_GAP);
    }

    /**
     * Reads the keys above from {@code settings}, with the defaults for the missing ones.
     *
     * @throws UrbanFlowException naming the key when a value does not parse or is out of range
     */
    public static MobilityConfig from(Settings settings) {
        String zoneName = settings.string(ZONE, DEFAULT_ZONE.getId());
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName.trim());
        } catch (DateTimeException e) {
            throw new UrbanFlowException("Cannot read setting " + ZONE + "='" + zoneName + "': expected a zone such as Europe/Rome or UTC");
        }
        zone = SqlText.duckDbZone(zone, "Cannot read setting " + ZONE + "='" + zoneName + "'");
        String cityName = settings.string(CITY, "auto").trim();
        Optional<City> city = cityName.isEmpty() || cityName.equalsIgnoreCase("auto") ? Optional.empty() : Optional.of(City.byName(cityName));
        return new MobilityConfig(zone,
                settings.integer(H3_RESOLUTION, DEFAULT_H3_RESOLUTION),
                settings.decimal(MAX_SPEED_KMH, DEFAULT_MAX_SPEED_KMH),
                city,
                settings.duration(TRACK_GAP, DEFAULT_TRACK_GAP));
    }

    /**
     * The settings these values come from (the keys above), so that a model reading {@link #from(Settings)} sees this
     * configuration.
     */
    public Settings asSettings() {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        values.put(ZONE, zone.getId());
        values.put(H3_RESOLUTION, Integer.toString(h3Resolution));
        values.put(MAX_SPEED_KMH, Double.toString(maxSpeedKmh));
        values.put(CITY, city.map(City::key).orElse("auto"));
        values.put(TRACK_GAP, trackGap.toSeconds() + "s");
        return Settings.of(values);
    }

    public MobilityConfig withZone(ZoneId newZone) {
        return new MobilityConfig(newZone, h3Resolution, maxSpeedKmh, city, trackGap);
    }

    public MobilityConfig withH3Resolution(int resolution) {
        return new MobilityConfig(zone, resolution, maxSpeedKmh, city, trackGap);
    }

    public MobilityConfig withMaxSpeedKmh(double speedKmh) {
        return new MobilityConfig(zone, h3Resolution, speedKmh, city, trackGap);
    }

    public MobilityConfig withCity(Optional<City> newCity) {
        return new MobilityConfig(zone, h3Resolution, maxSpeedKmh, newCity, trackGap);
    }

    public MobilityConfig withTrackGap(Duration gap) {
        return new MobilityConfig(zone, h3Resolution, maxSpeedKmh, city, gap);
    }
}
