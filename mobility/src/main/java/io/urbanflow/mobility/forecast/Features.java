package io.urbanflow.mobility.forecast;

import java.util.List;

/**
 * The gradient-boosted model's features for one series, origin slot {@code t} (the last value known) and target slot
 * {@code t + h}. Level features are divided by the series' scale (its mean over the week up to {@code t}), so that one
 * global model serves quiet and busy cells alike; the model predicts the target over that scale.
 *
 * <p>Hot path: {@link #fill} writes into a caller's array, allocates nothing and reads only values at slots
 * {@code <= t} (see {@link PanelStatistics}). Stateless apart from the statistics it reads; thread-safe.
 */
final class Features {
    /** The features in order, as stored with each model. */
    static final List<String> NAMES = List.of(
            "lag_0", "lag_1", "lag_2", "lag_3", "lag_5",
            "mean_1h", "mean_3h", "mean_24h",
            "same_slot_1d", "same_slot_2d", "same_slot_7d", "mean_1h_1d_ago",
            "profile_target", "level_1h", "level_3h", "level_day",
            "ring1_lag_0", "ring1_mean_1h", "ring1_level_3h", "city_level_3h",
            "slot_of_day", "day_of_week", "rest_day", "holiday", "log_scale", "known_share_week");
    static final int COUNT = NAMES.size();

    private final PanelStatistics statistics;
    private final SeriesPanel panel;
    private final float epsilon;

    Features(PanelStatistics statistics) {
        this.statistics = statistics;
        this.panel = statistics.panel();
        this.epsilon = panel.target().isCount() ? 0.2f : 1f;
    }

    PanelStatistics statistics() {
        return statistics;
    }

    /** The scale of a series at origin {@code t}: its mean over the week up to {@code t}, never below a small epsilon. */
    float scale(int series, int t) {
        double mean = statistics.mean(series, t - Horizons.SLOTS_PER_WEEK + 1, t);
        return Double.isNaN(mean) ? epsilon : (float) Math.max(epsilon, mean);
    }

    /**
     * Writes the features of ({@code series}, origin {@code t}, horizon {@code h}) at {@code out[offset..offset+COUNT)}.
     *
     * @return the scale the level features were divided by
     */
    float fill(int series, int t, int h, float[] out, int offset) {
        int target = t + h;
        int day = Horizons.SLOTS_PER_DAY;
        float scale = scale(series, t);
        int i = offset;
        out[i++] = lag(series, t, scale);
        out[i++] = lag(series, t - 1, scale);
        out[i++] = lag(series, t - 2, scale);
        out[i++] = lag(series, t - 3, scale);
        out[i++] = lag(series, t - 5, scale);
        out[i++] = scaled(statistics.mean(series, t - 5, t), scale);
        out[i++] = scaled(statistics.mean(series, t - 17, t), scale);
        out[i++] = scaled(statistics.mean(series, t - day + 1, t), scale);
        out[i++] = lag(series, target - day, scale);
        out[i++] = lag(series, target - 2 * day, scale);
        out[i++] = lag(series, target - Horizons.SLOTS_PER_WEEK, scale);
        out[i++] = scaled(statistics.mean(series, t - day - 5, t - day), scale);
        out[i++] = target < panel.slots() || target - day <= t ? profileAt(series, target, scale) : Float.NaN;
        out[i++] = level(series, t - 5, t);
        out[i++] = level(series, t - 17, t);
        out[i++] = level(series, t - panel.slotOfDay(t), t);
        int[] ring = panel.neighbours(series);
        if (ring.length == 0) {
            out[i++] = Float.NaN;
            out[i++] = Float.NaN;
            out[i++] = Float.NaN;
        } else {
            double last = 0;
            double hour = 0;
            double values = 0;
            double profiles = 0;
            for (int neighbour : ring) {
                float value = panel.value(neighbour, t);
                last += Float.isNaN(value) ? 0 : value;
                hour += statistics.sum(neighbour, t - 5, t);
                values += statistics.sum(neighbour, t - 17, t);
                profiles += statistics.profileSum(neighbour, t - 17, t);
            }
            out[i++] = (float) (last / ring.length / scale);
            out[i++] = (float) (hour / 6 / ring.length / scale);
            out[i++] = profiles > 0 ? (float) (values / profiles) : Float.NaN;
        }
        out[i++] = (float) statistics.cityLevel(t);
        int calendarSlot = Math.min(target, panel.slots() - 1);
        // the target may lie after the panel's last slot (a live forecast): its calendar follows from the last slot's
        out[i++] = target < panel.slots() ? panel.slotOfDay(target) : (panel.slotOfDay(calendarSlot) + target - calendarSlot) % day;
        out[i++] = target < panel.slots() ? panel.dayOfWeek(target) : dayOfWeekAfter(calendarSlot, target);
        out[i++] = target < panel.slots() ? (panel.restDay(target) ? 1 : 0) : restDayAfter(calendarSlot, target);
        out[i++] = target < panel.slots() && panel.holiday(target) ? 1 : 0;
        out[i++] = (float) Math.log1p(scale);
        out[i++] = (float) statistics.count(series, t - Horizons.SLOTS_PER_WEEK + 1, t) / Horizons.SLOTS_PER_WEEK;
        return scale;
    }

    private float lag(int series, int slot, float scale) {
        if (slot < 0) {
            return Float.NaN;
        }
        float value = panel.value(series, slot);
        return Float.isNaN(value) ? Float.NaN : value / scale;
    }

    private static float scaled(double value, float scale) {
        return Double.isNaN(value) ? Float.NaN : (float) (value / scale);
    }

    /** The profile of a target slot; beyond the panel, the same slot's profile a day earlier stands in. */
    private float profileAt(int series, int target, float scale) {
        int slot = target;
        while (slot >= panel.slots()) {
            slot -= Horizons.SLOTS_PER_DAY;
        }
        float profile = slot < 0 ? Float.NaN : statistics.profile(series, slot);
        return Float.isNaN(profile) ? Float.NaN : profile / scale;
    }

    /** The series' values over their profiles in [from, to]: how busy today is against the usual. */
    private float level(int series, int from, int to) {
        double profile = statistics.profileSum(series, from, to);
        return profile > 0 ? (float) (statistics.sum(series, from, to) / profile) : Float.NaN;
    }

    private int dayOfWeekAfter(int slot, int target) {
        int days = (panel.slotOfDay(slot) + target - slot) / Horizons.SLOTS_PER_DAY;
        return (panel.dayOfWeek(slot) + days) % 7;
    }

    private int restDayAfter(int slot, int target) {
        int weekday = dayOfWeekAfter(slot, target);
        return weekday >= 5 ? 1 : 0;
    }
}
