package io.urbanflow.mobility.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * A trained gradient-boosted forecaster as the registry ({@code mart.forecast_models}) keeps it: its id, what it
 * forecasts, the slots it was trained on, its features and parameters, and one XGBoost model per horizon with its
 * validation figures. Immutable.
 *
 * @param trainFrom  first target slot trained on
 * @param trainTo    end of the training data (exclusive): the origin; nothing at or after it was read
 * @param parameters XGBoost's parameters, {@code key=value} separated by spaces
 */
public record ForecastModel(String id, ForecastTarget target, ForecastLevel level, Instant trainedAt, Instant trainFrom,
                            Instant trainTo, List<String> features, String parameters, Map<Integer, HorizonModel> horizons) {
    public ForecastModel {
        features = List.copyOf(features);
        horizons = Map.copyOf(new TreeMap<>(horizons));
        if (!features.equals(Features.NAMES)) {
            throw new IllegalArgumentException("Cannot use forecast model " + id + ": it was trained on other features (" + features + ")");
        }
    }

    /**
     * The model of one horizon. Immutable.
     *
     * @param modelText     the XGBoost model, Base64 of its UBJSON form
     * @param lowerResidual lower quantile of (actual - predicted) / scale on the validation days
     * @param upperResidual upper quantile of the same
     */
    public record HorizonModel(int horizon, int rounds, float lowerResidual, float upperResidual, double validationWape,
                               long trainRows, long validationRows, double trainSeconds, String modelText) {
        static HorizonModel of(GradientBoosting.Trained trained) {
            return new HorizonModel(trained.horizon(), trained.rounds(), trained.lowerResidual(), trained.upperResidual(),
                    trained.validationWape(), trained.trainRows(), trained.validationRows(), trained.trainSeconds(), trained.modelText());
        }

        Booster booster() {
            return GradientBoosting.Trained.booster(modelText);
        }
    }

    /** The horizons this model forecasts, shortest first. */
    public List<Integer> horizonSteps() {
        return new ArrayList<>(new TreeMap<>(horizons).keySet());
    }
}
