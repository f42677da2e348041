package io.urbanflow.mobility.forecast;

/**
 * Running sums and seasonal profiles of a {@link SeriesPanel}, computed once so that every feature is O(1): prefix
 * sums of the values (and of how many are known), each slot's profile (the mean of the same local time on up to
 * {@value #PROFILE_DAYS} earlier days of the same kind, work day or rest day), and the city-wide level (recent values
 * over their profiles, all series together).
 *
 * <p>Invariant: every figure at slot {@code u} uses values at slots {@code <= u} only, and a profile at {@code u} only
 * values at slots {@code <= u - 144}; a forecast from origin {@code t} for {@code t + h}, {@code h <= 144}, therefore
 * never sees a value after {@code t}. Immutable once built; safe to read from several threads.
 */
final class PanelStatistics {
    static final int PROFILE_DAYS = 14;
    /** Slots the recent level is measured over: 3 hours. */
    static final int LEVEL_SLOTS = 18;

    private final SeriesPanel panel;
    private final int slots;
    private final double[] sums;
    private final int[] counts;
    private final float[] profile;
    private final double[] profileSums;
    private final double[] levelValueSums;
    private final double[] levelProfileSums;

    PanelStatistics(SeriesPanel panel) {
        this.panel = panel;
        this.slots = panel.slots();
        int series = panel.series();
        float[] values = panel.values();
        this.sums = new double[series * (slots + 1)];
        this.counts = new int[series * (slots + 1)];
        this.profile = new float[series * slots];
        this.profileSums = new double[series * (slots + 1)];
        double[] valueTotals = new double[slots];
        double[] profileTotals = new double[slots];
        int day = Horizons.SLOTS_PER_DAY;
        for (int s = 0; s < series; s++) {
            int base = s * slots;
            int prefix = s * (slots + 1);
            for (int u = 0; u < slots; u++) {
                float value = values[base + u];
                boolean known = !Float.isNaN(value);
                sums[prefix + u + 1] = sums[prefix + u] + (known ? value : 0);
                counts[prefix + u + 1] = counts[prefix + u] + (known ? 1 : 0);
                boolean rest = panel.restDay(u);
                double sum = 0;
                int n = 0;
                for (int k = 1, back = u - day; k <= PROFILE_DAYS && back >= 0; k++, back -= day) {
                    float past = values[base + back];
                    if (panel.restDay(back) == rest && !Float.isNaN(past)) {
                        sum += past;
                        n++;
                    }
                }
                float mean = n == 0 ? Float.NaN : (float) (sum / n);
                profile[base + u] = mean;
                profileSums[prefix + u + 1] = profileSums[prefix + u] + (Float.isNaN(mean) ? 0 : mean);
                if (known && !Float.isNaN(mean)) {
                    valueTotals[u] += value;
                    profileTotals[u] += mean;
                }
            }
        }
        this.levelValueSums = new double[slots + 1];
        this.levelProfileSums = new double[slots + 1];
        for (int u = 0; u < slots; u++) {
            levelValueSums[u + 1] = levelValueSums[u] + valueTotals[u];
            levelProfileSums[u + 1] = levelProfileSums[u] + profileTotals[u];
        }
    }

    SeriesPanel panel() {
        return panel;
    }

    /** Sum of the known values of {@code series} in slots [from, to] (clipped at 0). */
    double sum(int series, int from, int to) {
        int prefix = series * (slots + 1);
        int low = Math.max(0, from);
        return to < low ? 0 : sums[prefix + to + 1] - sums[prefix + low];
    }

    /** How many values of {@code series} in slots [from, to] are known. */
    int count(int series, int from, int to) {
        int prefix = series * (slots + 1);
        int low = Math.max(0, from);
        return to < low ? 0 : counts[prefix + to + 1] - counts[prefix + low];
    }

    /** Mean of the known values in [from, to], NaN when none is. */
    double mean(int series, int from, int to) {
        int n = count(series, from, to);
        return n == 0 ? Double.NaN : sum(series, from, to) / n;
    }

    /** The profile at a slot: mean of the same local time on earlier days of the same kind; NaN without such days. */
    float profile(int series, int slot) {
        return profile[series * slots + slot];
    }

    double profileSum(int series, int from, int to) {
        int prefix = series * (slots + 1);
        int low = Math.max(0, from);
        return to < low ? 0 : profileSums[prefix + to + 1] - profileSums[prefix + low];
    }

    /** The city-wide level over the {@value #LEVEL_SLOTS} slots up to {@code slot}: values over profiles, NaN when unknown. */
    double cityLevel(int slot) {
        int low = Math.max(0, slot - LEVEL_SLOTS + 1);
        double profileSum = levelProfileSums[slot + 1] - levelProfileSums[low];
        return profileSum > 0 ? (levelValueSums[slot + 1] - levelValueSums[low]) / profileSum : Double.NaN;
    }
}
