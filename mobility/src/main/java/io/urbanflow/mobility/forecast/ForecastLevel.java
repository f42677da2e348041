package io.urbanflow.mobility.forecast;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/** Which series are forecast: each H3 cell of {@code mart.cell_traffic_10min}, each loaded zone, or the whole city. */
public enum ForecastLevel {
    CELL("cell"),
    ZONE("zone"),
    CITY("city");

    private final String key;

    ForecastLevel(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** @throws UrbanFlowException naming the known levels */
    public static ForecastLevel byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ForecastLevel level : values()) {
            if (level.key.equals(wanted)) {
                return level;
            }
        }
        throw new UrbanFlowException("Cannot forecast at level '" + name + "': known levels are cell, zone, city");
    }
}
