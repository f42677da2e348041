package io.urbanflow.mobility.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sums of errors per series for one forecaster and horizon, turned into {@link Accuracy} figures at the end. Not
 * thread-safe.
 */
final class ErrorTally {
    private final ForecastMethod method;
    private final int horizon;
    private final double[] absolute;
    private final double[] squared;
    private final double[] actual;
    private final long[] count;

    ErrorTally(ForecastMethod method, int horizon, int series) {
        this.method = method;
        this.horizon = horizon;
        this.absolute = new double[series];
        this.squared = new double[series];
        this.actual = new double[series];
        this.count = new long[series];
    }

    void add(int series, double actualValue, double predicted) {
        double error = actualValue - predicted;
        absolute[series] += Math.abs(error);
        squared[series] += error * error;
        actual[series] += Math.abs(actualValue);
        count[series]++;
    }

    /**
     * @param naiveScale per series the mean absolute one-day seasonal difference of its training data (NaN unknown)
     * @param minMean    series whose mean actual is below this are left out of the medians
     */
    List<Accuracy> accuracy(double[] naiveScale, double minMean) {
        double totalAbsolute = 0;
        double totalSquared = 0;
        double totalActual = 0;
        long totalCount = 0;
        double scaleSum = 0;
        int scaleCount = 0;
        int seriesWithValues = 0;
        List<double[]> perSeries = new ArrayList<>();
        for (int s = 0; s < count.length; s++) {
            if (count[s] == 0) {
                continue;
            }
            seriesWithValues++;
            totalAbsolute += absolute[s];
            totalSquared += squared[s];
            totalActual += actual[s];
            totalCount += count[s];
            if (!Double.isNaN(naiveScale[s]) && naiveScale[s] > 0) {
                scaleSum += naiveScale[s] * count[s];
                scaleCount += count[s];
            }
            if (actual[s] / count[s] >= minMean && actual[s] > 0) {
                double mae = absolute[s] / count[s];
                perSeries.add(new double[] {mae, Math.sqrt(squared[s] / count[s]), absolute[s] / actual[s],
                    naiveScale[s] > 0 ? mae / naiveScale[s] : Double.NaN, count[s]});
            }
        }
        List<Accuracy> result = new ArrayList<>(2);
        if (totalCount == 0) {
            return result;
        }
        double mae = totalAbsolute / totalCount;
        double meanScale = scaleCount == 0 ? Double.NaN : scaleSum / scaleCount;
        result.add(new Accuracy(method, horizon, Accuracy.Scope.TOTAL, mae, Math.sqrt(totalSquared / totalCount),
                totalActual > 0 ? totalAbsolute / totalActual : Double.NaN, meanScale > 0 ? mae / meanScale : Double.NaN,
                seriesWithValues, totalCount));
        if (!perSeries.isEmpty()) {
            long values = 0;
            for (double[] figures : perSeries) {
                values += (long) figures[4];
            }
            result.add(new Accuracy(method, horizon, Accuracy.Scope.MEDIAN, median(perSeries, 0), median(perSeries, 1),
                    median(perSeries, 2), median(perSeries, 3), perSeries.size(), values));
        }
        return result;
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(row -> row[column]).filter(value -> !Double.isNaN(value)).toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
