package io.urbanflow.mobility.analytics.charts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The newest backtest as {@code urbanflow plot forecast} draws it: WAPE per model and horizon (total), and the
 * gradient-boosted model's predictions against the actuals of the last test day at one step, summed over series.
 * Immutable.
 *
 * @param target  points, vehicles or speed
 * @param level   cell, zone or city
 * @param wape    one entry per model and horizon
 * @param slots   the last test day, slot by slot (empty when the forecasts were not stored)
 */
public record ForecastAccuracy(String table, String target, String level, ZoneId zone, List<Wape> wape, List<Slot> slots) implements ChartData {
    public ForecastAccuracy {
        wape = List.copyOf(wape);
        slots = List.copyOf(slots);
    }

    /** Total WAPE (a fraction) of a model at a horizon in 10-minute steps. */
    public record Wape(String model, int horizon, double wape) {
    }

    /** Sums over series at one slot. */
    public record Slot(Instant start, double predicted, double lower, double upper, double actual) {
    }
}
