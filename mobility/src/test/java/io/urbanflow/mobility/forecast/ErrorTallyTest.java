package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorTallyTest {
    @Test
    void totals_pool_every_value_and_medians_take_each_series_with_enough_data() {
        ErrorTally tally = new ErrorTally(ForecastMethod.GBDT, 1, 3);
        tally.add(0, 10, 8);   // |2|
        tally.add(0, 10, 13);  // |3|
        tally.add(1, 4, 4);    // 0
        tally.add(1, 6, 2);    // |4|
        tally.add(2, 0.1, 0);  // a quiet series: mean actual 0.1, left out of the medians
        List<Accuracy> accuracy = tally.accuracy(new double[] {5, 2, 1}, 1.0);

        Accuracy total = accuracy.get(0);
        assertThat(total.scope()).isEqualTo(Accuracy.Scope.TOTAL);
        assertThat(total.mae()).isCloseTo(9.1 / 5, within(1e-9));
        assertThat(total.rmse()).isCloseTo(Math.sqrt((4 + 9 + 0 + 16 + 0.01) / 5), within(1e-9));
        assertThat(total.wape()).isCloseTo(9.1 / 30.1, within(1e-9));
        // MASE: MAE over the mean of the series' naive scales, weighted by their values
        assertThat(total.mase()).isCloseTo((9.1 / 5) / ((5 * 2 + 2 * 2 + 1 * 1) / 5.0), within(1e-9));
        assertThat(total.series()).isEqualTo(3);
        assertThat(total.values()).isEqualTo(5);

        Accuracy median = accuracy.get(1);
        assertThat(median.scope()).isEqualTo(Accuracy.Scope.MEDIAN);
        assertThat(median.series()).isEqualTo(2);
        assertThat(median.wape()).isCloseTo((5.0 / 20 + 4.0 / 10) / 2, within(1e-9));
        assertThat(median.mase()).isCloseTo((2.5 / 5 + 2.0 / 2) / 2, within(1e-9));
    }
}
