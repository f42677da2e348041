package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static final int DAY = Horizons.SLOTS_PER_DAY;

    @Test
    void seasonal_naive_looks_one_day_and_one_week_back_and_last_value_takes_the_origin() {
        SeriesPanel panel = Panels.of(1, 15, (series, slot) -> slot);
        Baselines baselines = new Baselines(panel, 14 * DAY);
        int t = 14 * DAY + 10;
        assertThat(baselines.predict(ForecastMethod.LAST_VALUE, 0, t, 3)).isEqualTo(t);
        assertThat(baselines.predict(ForecastMethod.SEASONAL_NAIVE_DAY, 0, t, 3)).isEqualTo(t + 3 - DAY);
        assertThat(baselines.predict(ForecastMethod.SEASONAL_NAIVE_WEEK, 0, t, 3)).isEqualTo(t + 3 - 7 * DAY);
    }

    @Test
    void the_historical_average_keeps_work_days_and_weekends_apart_and_sees_only_the_training_days() {
        // 2014-04-07 is a Monday: days 5, 6, 12, 13 are weekend days; work days hold 10, weekend days 30, test days 1000
        SeriesPanel panel = Panels.of(1, 15, (series, slot) -> {
            int day = slot / DAY;
            return day >= 14 ? 1000 : day % 7 >= 5 ? 30 : 10;
        });
        Baselines baselines = new Baselines(panel, 14 * DAY);
        int mondayOrigin = 14 * DAY;
        assertThat(baselines.predict(ForecastMethod.HISTORICAL_AVERAGE, 0, mondayOrigin, 1)).isEqualTo(10f);
        assertThat(baselines.average(0, 12 * DAY + 5)).isEqualTo(30f);
    }
}
