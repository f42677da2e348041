package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * Prediction as a pipeline model: {@code mart.forecast_10min} from {@code mart.cell_traffic_10min} and the newest
 * model in {@code mart.forecast_models} of {@code forecast.target} and {@code forecast.level}. A run forecasts every
 * series from the mart's last slot for every horizon (10, 30, 60 minutes and a day ahead) with prediction intervals,
 * and appends the forecasts ({@code kind = 'forecast'}). A scheduler runs it after each aggregation; {@code urbanflow
 * forecast predict} runs it once. Stateless and thread-safe.
 */
public final class ForecastPredictionModel implements Model {
    private final Consumer<List<Prediction>> listener;

    public ForecastPredictionModel() {
        this(predictions -> { });
    }

    /** @param listener receives each run's forecasts (for the command's summary) */
    public ForecastPredictionModel(Consumer<List<Prediction>> listener) {
        this.listener = listener;
    }

    @Override
    public String name() {
        return ForecastTables.MART_FORECAST_10MIN;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.MART_CELL_TRAFFIC_10MIN, ForecastTables.MART_FORECAST_MODELS);
    }

    @Override
    public Schema schema() {
        return ForecastTables.FORECAST_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return ForecastTables.FORECAST_SPEC;
    }

    /** @throws UrbanFlowException when no model of the configured target and level was trained yet */
    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        ForecastConfig config = ForecastConfig.from(context.settings());
        ForecastStore.StoredModel stored = ForecastStore.latestModel(context, config.target(), config.level())
                .orElseThrow(() -> new UrbanFlowException("Cannot forecast " + config.target().key() + " per " + config.level().key()
                        + ": no model trained yet (urbanflow forecast train --target " + config.target().key() + " --level " + config.level().key() + ")"));
        PanelReader.Read read = PanelReader.read(context, config);
        SeriesPanel panel = read.panel();
        int origin = panel.slots() - 1;
        List<Prediction> predictions = Forecasting.predict(stored.model(), panel, origin, Horizons.ALL);
        ForecastStore.appendPredictions(context, panel, predictions, "forecast", stored.model().id(), context.clock().instant());
        listener.accept(predictions);
        Instant from = Instant.ofEpochSecond(panel.slotMicros(origin + 1) / 1_000_000L);
        Instant to = Instant.ofEpochSecond(panel.slotMicros(origin + Horizons.SLOTS_PER_DAY + 1) / 1_000_000L);
        return new ModelResult(name(), mode == BuildMode.FULL ? RunMode.FULL : RunMode.INCREMENTAL, read.inputRows(), predictions.size(),
                List.of(new TimeWindow(from, to)), Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }
}
