package io.urbanflow.mobility;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import io.urbanflow.model.UrbanFlowException;
import java.util.stream.Collectors;

/**
 * The cities of the data sets UrbanFlow knows: their local zone (for timestamps without an offset and for
 * aligning intervals) and their bounds (for outlier flags). Immutable.
 */
public enum City {
    ROME("rome", ZoneId.of("Europe/Rome"), new BoundingBox(41.60, 12.15, 42.15, 12.90)),
    SAN_FRANCISCO("san-francisco", ZoneId.of("America/Los_Angeles"), new BoundingBox(37.20, -122.70, 38.00, -121.70)),
    PORTO("porto", ZoneId.of("Europe/Lisbon"), new BoundingBox(40.90, -8.90, 41.40, -8.30)),
    BEIJING("beijing", ZoneId.of("Asia/Shanghai"), new BoundingBox(39.40, 115.90, 40.50, 117.10));

    private final String key;
    private final ZoneId zone;
    private final BoundingBox bounds;

    City(String key, ZoneId zone, BoundingBox bounds) {
        this.key = key;
        this.zone = zone;
        this.bounds = bounds;
    }

    public String key() {
        return key;
    }

    public ZoneId zone() {
        return zone;
    }

    public BoundingBox bounds() {
        return bounds;
    }

    /**
     * @throws UrbanFlowException naming the known cities when {@code name} is none of them
     */
    public static City byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        for (City city : values()) {
            if (city.key.equals(wanted) || (city == SAN_FRANCISCO && wanted.equals("sf"))) {
                return city;
            }
        }
        throw new UrbanFlowException("Cannot find city '" + name + "': known cities are "
                + Arrays.stream(values()).map(City::key).collect(Collectors.joining(", ")));
    }

    /** The first city whose bounds hold the point, if any. */
    public static Optional<City> containing(double latitude, double longitude) {
        for (City city : values()) {
            if (city.bounds.contains(latitude, longitude)) {
                return Optional.of(city);
            }
        }
        return Optional.empty();
    }
}
