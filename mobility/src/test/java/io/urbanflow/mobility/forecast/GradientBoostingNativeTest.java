package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/** XGBoost's native library, bundled in its jar, loads on this machine (and on CI's fresh one) and learns. */
class GradientBoostingNativeTest {
    @Test
    void the_bundled_native_library_loads_and_a_small_model_learns_a_rule_and_survives_a_round_trip() throws Exception {
        int rows = 2_000;
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        Random random = new Random(3);
        for (int row = 0; row < rows; row++) {
            x[2 * row] = random.nextFloat();
            x[2 * row + 1] = random.nextFloat();
            y[row] = x[2 * row] > 0.5f ? 10 : 2;
        }
        DMatrix matrix = new DMatrix(x, rows, 2, Float.NaN);
        matrix.setLabel(y);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "reg:absoluteerror");
        parameters.put("max_depth", 2);
        parameters.put("nthread", 1);
        parameters.put("verbosity", 0);
        Booster booster = XGBoost.train(matrix, parameters, 20, new HashMap<>(), null, null);
        Booster reloaded = XGBoost.loadModel(booster.toByteArray("ubj"));
        float[][] predicted = reloaded.inplace_predict(new float[] {0.9f, 0.1f, 0.1f, 0.9f}, 2, 2, Float.NaN);

        assertThat(predicted[0][0]).isCloseTo(10f, org.assertj.core.data.Offset.offset(0.5f));
        assertThat(predicted[1][0]).isCloseTo(2f, org.assertj.core.data.Offset.offset(0.5f));
        matrix.dispose();
        booster.dispose();
        reloaded.dispose();
    }
}
