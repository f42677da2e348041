package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.City;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntBinaryOperator;

/** Small hand-made panels for tests. */
final class Panels {
    private Panels() {
    }

    /** {@code series} unconnected series over {@code days} UTC days from Monday 2014-04-07, value(series, slot). */
    static SeriesPanel of(int series, int days, IntBinaryOperator value) {
        int slots = days * Horizons.SLOTS_PER_DAY;
        float[] values = new float[series * slots];
        List<String> keys = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            keys.add("s" + s);
            for (int u = 0; u < slots; u++) {
                values[s * slots + u] = value.applyAsInt(s, u);
            }
        }
        long start = LocalDate.of(2014, 4, 7).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000L;
        int[][] rings = new int[series][0];
        return new SeriesPanel(ForecastTarget.POINTS, ForecastLevel.CELL, keys, new long[series], start, slots, values, ZoneOffset.UTC,
                Optional.empty(), rings);
    }

    /** Synthetic cell counts around Rome from Monday 2014-04-07 (Easter Monday 21 April is a holiday). */
    static SeriesPanel rome(int cells, int days) {
        return SyntheticCellCounts.generate(City.ROME, LocalDate.of(2014, 4, 7), days, cells, 11);
    }
}
