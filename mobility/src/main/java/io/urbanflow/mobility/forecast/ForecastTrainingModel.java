package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.Settings;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RunMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * Retraining as a pipeline model: {@code mart.forecast_models} from {@code mart.cell_traffic_10min}. A run trains the
 * gradient-boosted forecaster of {@code forecast.target} and {@code forecast.level} on all of the mart and appends it to
 * the registry; it is up to date (does nothing) while the newest model of that target and level was trained on the
 * mart's current snapshot, or less than {@code forecast.retrain-every} ago (by the context's clock; a scheduler that
 * aggregates every few minutes sets it to e.g. {@code 1d}), unless the build mode is full. {@code urbanflow forecast
 * train} runs it once.
 *
 * <p>The domain registers the {@linkplain #scheduled() scheduled} variant, so the pipeline and the scheduler retrain
 * like any other model: it is up to date while the mart spans fewer than {@code forecast.min-train-days} days (read
 * from the data files' column bounds, without scanning), and retrains at most every {@value #SCHEDULED_RETRAIN_EVERY}
 * unless {@code forecast.retrain-every} is set. Stateless and thread-safe.
 */
public final class ForecastTrainingModel implements Model {
    /** How often the scheduled variant retrains when {@code forecast.retrain-every} is not set. */
    public static final String SCHEDULED_RETRAIN_EVERY = "1d";

    private final Consumer<String> progress;
    private final boolean scheduled;

    public ForecastTrainingModel() {
        this(line -> { });
    }

    /** @param progress receives one line per horizon trained */
    public ForecastTrainingModel(Consumer<String> progress) {
        this(progress, false);
    }

    private ForecastTrainingModel(Consumer<String> progress, boolean scheduled) {
        this.progress = progress;
        this.scheduled = scheduled;
    }

    /** The variant a pipeline runs on every aggregation: it waits for enough history and retrains daily by default. */
    public static ForecastTrainingModel scheduled() {
        return new ForecastTrainingModel(line -> { }, true);
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
        Table mart = context.input(MobilityTables.MART_CELL_TRAFFIC_10MIN, name());
        long snapshot = mart.currentSnapshot() == null ? -1 : mart.currentSnapshot().snapshotId();
        Duration retrainEvery = config.retrainEvery();
        if (scheduled) {
            if (historyDays(mart) < config.minTrainDays()) {
                return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
            }
            if (context.settings().string(ForecastConfig.RETRAIN_EVERY, "").isBlank()) {
                retrainEvery = Settings.parseDuration(ForecastConfig.RETRAIN_EVERY, SCHEDULED_RETRAIN_EVERY);
            }
        }
        Optional<ForecastStore.StoredModel> latest = ForecastStore.latestModel(context, config.target(), config.level());
        if (mode == BuildMode.INCREMENTAL && latest.isPresent() && (latest.get().inputSnapshot() == snapshot
                || latest.get().model().trainedAt().plus(retrainEvery).isAfter(context.clock().instant()))) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        Optional<PanelReader.Read> readable = PanelReader.read(context, config, scheduled ? "scheduled forecast training" : null);
        if (readable.isEmpty()) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        PanelReader.Read read = readable.get();
        ForecastModel model = Forecasting.train(read.panel(), config, context.clock(), progress);
        ForecastStore.appendModel(context, model, read.snapshotId(), Map.of());
        return new ModelResult(name(), mode == BuildMode.FULL ? RunMode.FULL : RunMode.INCREMENTAL, read.inputRows(), model.horizons().size(),
                List.of(new TimeWindow(model.trainFrom(), model.trainTo())), Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }

    /**
     * Days between the first and the last 10-minute interval of the mart's current snapshot, from the data files'
     * column bounds (no file is read); 0 when the mart is empty or has no bounds.
     */
    static double historyDays(Table mart) {
        mart.refresh();
        if (mart.currentSnapshot() == null) {
            return 0;
        }
        Types.NestedField column = mart.schema().findField("interval_10min");
        if (column == null) {
            return 0;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (CloseableIterable<FileScanTask> tasks = mart.newScan().includeColumnStats().planFiles()) {
            for (FileScanTask task : tasks) {
                DataFile file = task.file();
                ByteBuffer lower = file.lowerBounds() == null ? null : file.lowerBounds().get(column.fieldId());
                ByteBuffer upper = file.upperBounds() == null ? null : file.upperBounds().get(column.fieldId());
                if (lower == null || upper == null) {
                    continue;
                }
                first = Math.min(first, Conversions.<Long>fromByteBuffer(column.type(), lower));
                last = Math.max(last, Conversions.<Long>fromByteBuffer(column.type(), upper));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot plan " + MobilityTables.MART_CELL_TRAFFIC_10MIN + ": " + e.getMessage(), e);
        }
        return last < first ? 0 : (last - first) / 86_400_000_000.0;
    }
}
