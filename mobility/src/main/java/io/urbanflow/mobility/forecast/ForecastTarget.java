package io.urbanflow.mobility.forecast;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/** What is forecast per series and 10 minutes, from {@code mart.cell_traffic_10min}. */
public enum ForecastTarget {
    /** GPS points (a measure of taxi presence: a taxi reports every 5-60 s). */
    POINTS("points"),
    /** Distinct vehicles; for a zone or the city the sum over its cells (vehicle-cell visits). */
    VEHICLES("vehicles"),
    /** Mean speed in km/h, weighted by the speed samples; missing where no point had a speed. */
    SPEED("speed");

    private final String key;

    ForecastTarget(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** True for counts (a missing row means 0), false for speed (a missing row means unknown). */
    public boolean isCount() {
        return this != SPEED;
    }

    /** @throws UrbanFlowException naming the known targets */
    public static ForecastTarget byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ForecastTarget target : values()) {
            if (target.key.equals(wanted)) {
                return target;
            }
        }
        throw new UrbanFlowException("Cannot forecast '" + name + "': known targets are points, vehicles, speed");
    }
}
