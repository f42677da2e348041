package io.urbanflow.mobility.forecast;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains and applies one XGBoost model for one horizon over all series of a panel (a global model): rows are
 * (series, origin) pairs sampled from the training slots, features from {@link Features}, the label is the target over
 * the series' scale, weighted by that scale, with the absolute error as objective, so that the model minimises the
 * absolute error in original units (WAPE's numerator). The last {@code validation-days} before the origin are held out
 * for early stopping and for the prediction interval (empirical quantiles of the scaled validation residuals); no
 * slot at or after the origin is read, so a backtest never tunes on the days it tests on.
 */
final class GradientBoosting {
    private static final int EARLY_STOPPING_ROUNDS = 10;

    private GradientBoosting() {
    }

    /**
     * A trained model of one horizon. Immutable apart from the native booster, which is safe for concurrent prediction.
     *
     * @param rounds        trees used (the best iteration on the validation days)
     * @param lowerResidual lower quantile of (actual - predicted) / scale on the validation days
     * @param upperResidual upper quantile of the same
     */
    record Trained(int horizon, Booster booster, int rounds, float lowerResidual, float upperResidual, double validationWape,
                   long trainRows, long validationRows, int firstTargetSlot, int endTargetSlot, double trainSeconds) {
        /** The booster as Base64 text (XGBoost's UBJSON model format), as the registry stores it. */
        String modelText() {
            try {
                return Base64.getEncoder().encodeToString(booster.toByteArray("ubj"));
            } catch (XGBoostError e) {
                throw new UrbanFlowException("Cannot store forecast model: " + e.getMessage(), e);
            }
        }

        static Booster booster(String modelText) {
            try {
                return XGBoost.loadModel(Base64.getDecoder().decode(modelText));
            } catch (XGBoostError | IOException | IllegalArgumentException e) {
                throw new UrbanFlowException("Cannot load forecast model: " + e.getMessage(), e);
            }
        }
    }

    /** Training and validation rows: series and origin slots, their features, labels and weights. */
    private record Rows(int count, float[] features, float[] labels, float[] weights, float[] scales) {
    }

    /**
     * Trains the model of horizon {@code h} on targets before {@code originSlot}.
     *
     * @throws UrbanFlowException when there is too little data before the origin, or XGBoost fails
     */
    static Trained train(Features features, int h, int originSlot, ForecastConfig config) {
        long started = System.nanoTime();
        SeriesPanel panel = features.statistics().panel();
        int day = Horizons.SLOTS_PER_DAY;
        int validationStart = originSlot - config.validationDays() * day;
        int firstOrigin = day;
        int trainOrigins = validationStart - h - firstOrigin;
        int validationOrigins = originSlot - validationStart;
        if (trainOrigins < day || validationStart > panel.slots()) {
            throw new UrbanFlowException("Cannot train forecast model for " + Horizons.label(h) + ": it needs at least "
                    + (config.validationDays() + 2) + " days of data before the origin");
        }
        SplittableRandom random = new SplittableRandom(config.seed() * 31 + h);
        long trainCandidates = (long) panel.series() * trainOrigins;
        long validationCandidates = (long) panel.series() * validationOrigins;
        int validationLimit = Math.max(1_000, config.maxTrainRows() / 4);
        Rows train = rows(features, h, firstOrigin, validationStart - h, Math.min(1.0, (double) config.maxTrainRows() / trainCandidates), random);
        Rows validation = rows(features, h, validationStart - h, originSlot - h, Math.min(1.0, (double) validationLimit / validationCandidates), random);
        if (train.count < 100 || validation.count < 10) {
            throw new UrbanFlowException("Cannot train forecast model for " + Horizons.label(h) + ": only " + train.count
                    + " training rows with a known target");
        }
        DMatrix trainMatrix = null;
        DMatrix validationMatrix = null;
        try {
            trainMatrix = matrix(train);
            validationMatrix = matrix(validation);
            Map<String, Object> parameters = parameters(config);
            Map<String, DMatrix> watches = new HashMap<>();
            watches.put("validation", validationMatrix);
            float[][] metrics = new float[1][config.trees()];
            Booster booster = XGBoost.train(trainMatrix, parameters, config.trees(), watches, metrics, null, null, EARLY_STOPPING_ROUNDS);
            String best = booster.getAttr("best_iteration");
            int rounds = best == null ? booster.getNumBoostedRound() : Integer.parseInt(best) + 1;
            float[] predicted = predict(booster, rounds, validation.features, validation.count);
            float[] residuals = new float[validation.count];
            double absolute = 0;
            double actual = 0;
            for (int row = 0; row < validation.count; row++) {
                residuals[row] = validation.labels[row] - Math.max(0, predicted[row]);
                absolute += Math.abs(residuals[row]) * validation.scales[row];
                actual += Math.abs(validation.labels[row]) * validation.scales[row];
            }
            Arrays.sort(residuals);
            double tail = (1 - config.interval()) / 2;
            return new Trained(h, booster, rounds, quantile(residuals, tail), quantile(residuals, 1 - tail),
                    actual > 0 ? absolute / actual : Double.NaN, train.count, validation.count, firstOrigin + h, originSlot,
                    (System.nanoTime() - started) / 1e9);
        } catch (XGBoostError e) {
            throw new UrbanFlowException("Cannot train forecast model for " + Horizons.label(h) + ": " + e.getMessage(), e);
        } finally {
            if (trainMatrix != null) {
                trainMatrix.dispose();
            }
            if (validationMatrix != null) {
                validationMatrix.dispose();
            }
        }
    }

    static Map<String, Object> parameters(ForecastConfig config) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "reg:absoluteerror");
        parameters.put("eval_metric", "mae");
        parameters.put("tree_method", "hist");
        parameters.put("max_bin", 64);
        parameters.put("max_depth", config.depth());
        parameters.put("eta", config.learningRate());
        parameters.put("subsample", 0.8);
        parameters.put("colsample_bytree", 0.8);
        parameters.put("min_child_weight", 5);
        parameters.put("nthread", config.effectiveThreads());
        parameters.put("seed", config.seed());
        parameters.put("verbosity", 0);
        parameters.put("verbose_eval", "false"); // XGBoost4J prints every round's validation error to stdout otherwise
        return parameters;
    }

    /** Samples origins {@code t} in [from, to) of every series with probability {@code share}, skipping unknown targets. */
    private static Rows rows(Features features, int h, int from, int to, double share, SplittableRandom random) {
        SeriesPanel panel = features.statistics().panel();
        int width = Features.COUNT;
        long expected = (long) Math.ceil(Math.max(0, to - from) * (double) panel.series() * share * 1.02) + 16;
        int capacity = (int) Math.min(Integer.MAX_VALUE / width - 1, expected);
        float[] x = new float[capacity * width];
        float[] labels = new float[capacity];
        float[] weights = new float[capacity];
        float[] scales = new float[capacity];
        int count = 0;
        for (int series = 0; series < panel.series(); series++) {
            for (int t = Math.max(0, from); t < to; t++) {
                if (share < 1 && random.nextDouble() >= share) {
                    continue;
                }
                float target = panel.value(series, t + h);
                if (Float.isNaN(target)) {
                    continue;
                }
                if (count == capacity) {
                    capacity = (int) Math.min(Integer.MAX_VALUE / width - 1, capacity * 3L / 2 + 16);
                    x = Arrays.copyOf(x, capacity * width);
                    labels = Arrays.copyOf(labels, capacity);
                    weights = Arrays.copyOf(weights, capacity);
                    scales = Arrays.copyOf(scales, capacity);
                }
                float scale = features.fill(series, t, h, x, count * width);
                labels[count] = target / scale;
                weights[count] = scale;
                scales[count] = scale;
                count++;
            }
        }
        double meanWeight = 0;
        for (int row = 0; row < count; row++) {
            meanWeight += weights[row];
        }
        meanWeight = count == 0 ? 1 : meanWeight / count;
        for (int row = 0; row < count; row++) {
            weights[row] /= (float) meanWeight;
        }
        return new Rows(count, x, labels, weights, scales);
    }

    private static DMatrix matrix(Rows rows) throws XGBoostError {
        DMatrix matrix = new DMatrix(rows.count == rows.labels.length ? rows.features : Arrays.copyOf(rows.features, rows.count * Features.COUNT),
                rows.count, Features.COUNT, Float.NaN);
        matrix.setLabel(Arrays.copyOf(rows.labels, rows.count));
        matrix.setWeight(Arrays.copyOf(rows.weights, rows.count));
        return matrix;
    }

    /** Predictions (over the scale) of {@code rows} feature rows with the first {@code rounds} trees. */
    static float[] predict(Booster booster, int rounds, float[] features, int rows) {
        if (rows == 0) {
            return new float[0];
        }
        try {
            float[][] predicted = booster.inplace_predict(features, rows, Features.COUNT, Float.NaN, new int[] {0, rounds});
            float[] flat = new float[rows];
            for (int row = 0; row < rows; row++) {
                flat[row] = predicted[row][0];
            }
            return flat;
        } catch (XGBoostError e) {
            throw new UrbanFlowException("Cannot predict with forecast model: " + e.getMessage(), e);
        }
    }

    private static float quantile(float[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.max(0, Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1))));
        return sorted[index];
    }
}
