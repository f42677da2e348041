package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * Retraining as a pipeline model: {@code mart.forecast_models} from {@code mart.cell_traffic_10min}. A run trains the
 * gradient-boosted forecaster of {@code forecast.target} and {@code forecast.level} on all of the mart and appends it to
 * the registry; it is up to date (does nothing) while the newest model of that target and level was trained on the
 * mart's current snapshot, or less than {@code forecast.retrain-every} ago (by the context's clock; a scheduler that
 * aggregates every few minutes sets it to e.g. {@code 1d}), unless the build mode is full. A scheduler retrains by running it; {@code urbanflow
 * forecast train} runs it once. Stateless and thread-safe.
 */
public final class ForecastTrainingModel implements Model {
    private final Consumer<String> progress;

    public ForecastTrainingModel() {
        this(line -> { });
    }

    /** @param progress receives one line per horizon trained */
    public ForecastTrainingModel(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public String name() {
        return ForecastTables.MART_FORECAST_MODELS;
    }

    @Override
    public List<String> inputs() {
        return List.of(MobilityTables.MART_CELL_TRAFFIC_10MIN);
    }

    @Override
    public Schema schema() {
        return ForecastTables.MODELS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return PartitionSpec.unpartitioned();
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        ForecastConfig config = ForecastConfig.from(context.settings());
        long snapshot = context.input(MobilityTables.MART_CELL_TRAFFIC_10MIN, name()).currentSnapshot() == null ? -1
                : context.input(MobilityTables.MART_CELL_TRAFFIC_10MIN, name()).currentSnapshot().snapshotId();
        Optional<ForecastStore.StoredModel> latest = ForecastStore.latestModel(context, config.target(), config.level());
        if (mode == BuildMode.INCREMENTAL && latest.isPresent() && (latest.get().inputSnapshot() == snapshot
                || latest.get().model().trainedAt().plus(config.retrainEvery()).isAfter(context.clock().instant()))) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        PanelReader.Read read = PanelReader.read(context, config);
        ForecastModel model = Forecasting.train(read.panel(), config, context.clock(), progress);
        ForecastStore.appendModel(context, model, read.snapshotId(), Map.of());
        return new ModelResult(name(), mode == BuildMode.FULL ? RunMode.FULL : RunMode.INCREMENTAL, read.inputRows(), model.horizons().size(),
                List.of(new TimeWindow(model.trainFrom(), model.trainTo())), Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }
}
