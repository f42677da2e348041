package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.model.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BacktestTest {
    private static final int DAY = Horizons.SLOTS_PER_DAY;
    private static final ForecastConfig SMALL = ForecastConfig.defaults().with(Settings.of(Map.of(
            ForecastConfig.MAX_TRAIN_ROWS, "40000", ForecastConfig.TREES, "80", ForecastConfig.DEPTH, "6", ForecastConfig.THREADS, "2")));
    private static SeriesPanel panel;
    private static BacktestReport report;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void backtest() {
        panel = Panels.rome(60, 21);
        report = Backtest.run(panel, SMALL, progress::add);
    }

    @Test
    void one_origin_after_two_weeks_tests_the_third_week_at_every_horizon() {
        assertThat(report.origins()).containsExactly(14 * DAY);
        assertThat(report.testEnd()).isEqualTo(21 * DAY);
        assertThat(progress).hasSize(Horizons.ALL.size()).allSatisfy(line -> assertThat(line).contains("trained on"));
        for (int horizon : Horizons.ALL) {
            for (ForecastMethod method : ForecastMethod.values()) {
                Accuracy total = report.find(method, horizon, Accuracy.Scope.TOTAL).orElseThrow();
                assertThat(total.values()).isEqualTo(60L * 7 * DAY);
                assertThat(total.wape()).isBetween(0.05, 2.0);
            }
        }
        assertThat(report.lastModels()).containsOnlyKeys(Horizons.ALL);
        assertThat(report.predictions()).hasSize(60 * DAY * Horizons.ALL.size())
                .allSatisfy(p -> assertThat(p.lower()).isLessThanOrEqualTo(p.predicted()))
                .allSatisfy(p -> assertThat(p.upper()).isGreaterThanOrEqualTo(p.predicted()));
    }

    @Test
    void gradient_boosting_beats_seasonal_naive_at_one_step_and_the_historical_average_at_six_in_total_and_median() {
        for (Accuracy.Scope scope : Accuracy.Scope.values()) {
            assertThat(report.wape(ForecastMethod.GBDT, 1, scope)).as(scope.key()).isLessThan(0.85 * report.seasonalNaiveWape(1, scope));
            assertThat(report.wape(ForecastMethod.GBDT, 6, scope)).as(scope.key())
                    .isLessThan(report.wape(ForecastMethod.HISTORICAL_AVERAGE, 6, scope));
        }
        assertThat(report.keyValues()).matches("wape_gbdt_h1=0\\.\\d{4} wape_seasonal_naive_h1=\\d\\.\\d{4} wape_historical_average_h1=0\\.\\d{4}"
                + " wape_gbdt_h6=0\\.\\d{4} wape_seasonal_naive_h6=\\d\\.\\d{4} wape_historical_average_h6=0\\.\\d{4}");
        assertThat(report.table().get(0)).startsWith("model");
    }

    @Test
    void features_read_nothing_after_their_origin() {
        int t = 15 * DAY + 37;
        SeriesPanel future = withValuesFrom(panel, t + 1, 999);
        Features original = new Features(new PanelStatistics(panel));
        Features changed = new Features(new PanelStatistics(future));
        for (int horizon : Horizons.ALL) {
            for (int series = 0; series < panel.series(); series += 7) {
                float[] a = new float[Features.COUNT];
                float[] b = new float[Features.COUNT];
                original.fill(series, t, horizon, a, 0);
                changed.fill(series, t, horizon, b, 0);
                assertThat(b).as("series %d, horizon %d", series, horizon).containsExactly(a);
            }
        }
    }

    @Test
    void a_model_trained_before_an_origin_is_the_same_whatever_comes_after_it() {
        ForecastConfig oneThread = SMALL.with(Settings.of(Map.of(ForecastConfig.THREADS, "1", ForecastConfig.TREES, "20")));
        int origin = 14 * DAY;
        GradientBoosting.Trained before = GradientBoosting.train(new Features(new PanelStatistics(panel)), 6, origin, oneThread);
        GradientBoosting.Trained scrambled = GradientBoosting.train(new Features(new PanelStatistics(withValuesFrom(panel, origin, 0))), 6, origin, oneThread);
        assertThat(scrambled.modelText()).isEqualTo(before.modelText());
        assertThat(before.endTargetSlot()).isEqualTo(origin);
        before.booster().dispose();
        scrambled.booster().dispose();
    }

    /** The panel with every value from slot {@code from} on replaced. */
    private static SeriesPanel withValuesFrom(SeriesPanel source, int from, float value) {
        float[] values = source.values().clone();
        for (int series = 0; series < source.series(); series++) {
            for (int slot = from; slot < source.slots(); slot++) {
                values[series * source.slots() + slot] = value;
            }
        }
        int[][] rings = new int[source.series()][];
        for (int series = 0; series < source.series(); series++) {
            rings[series] = source.neighbours(series);
        }
        long[] cells = new long[source.series()];
        for (int series = 0; series < source.series(); series++) {
            cells[series] = source.cell(series);
        }
        return new SeriesPanel(source.target(), source.level(), source.keys(), cells, source.startMicros(), source.slots(), values,
                source.zone(), source.city(), rings);
    }
}
