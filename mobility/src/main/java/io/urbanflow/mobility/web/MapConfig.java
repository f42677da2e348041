package io.urbanflow.mobility.web;

import io.urbanflow.mobility.City;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;

/**
 * How the mobility pages draw their map. Immutable. Keys (with defaults): {@code web.city} (rome: map centre, bounds
 * and local zone), {@code web.tiles} (OpenStreetMap raster tiles; {@code none} = a plain background).
 *
 * @param city     centres the map and aligns intervals on its local clock
 * @param tilesUrl the basemap tile URL template ({z}/{x}/{y}), or "" for a plain background
 */
public record MapConfig(City city, String tilesUrl) {
    public static final String CITY = "web.city";
    public static final String TILES = "web.tiles";
    public static final String DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    public MapConfig {
        city = city == null ? City.ROME : city;
        tilesUrl = tilesUrl == null || tilesUrl.isBlank() || tilesUrl.equalsIgnoreCase("none") ? "" : tilesUrl.trim();
        if (!tilesUrl.isEmpty() && !(tilesUrl.startsWith("http://") || tilesUrl.startsWith("https://") || tilesUrl.startsWith("/"))) {
            throw new UrbanFlowException("Cannot configure dashboard: tile URL '" + tilesUrl + "' must start with http://, https:// or /");
        }
    }

    public static MapConfig defaults() {
        return new MapConfig(City.ROME, DEFAULT_TILES);
    }

    /** @throws UrbanFlowException naming the key whose value is wrong */
    public static MapConfig from(Settings settings) {
        return new MapConfig(City.byName(settings.string(CITY, City.ROME.key())), settings.string(TILES, DEFAULT_TILES));
    }
}
