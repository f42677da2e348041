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
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Prediction as a pipeline model: {@code mart.forecast_10min} from {@code mart.cell_traffic_10min} and the newest
 * model in {@code mart.forecast_models} of {@code forecast.target} and {@code forecast.level}. A run forecasts every
 * series from the mart's last slot for every horizon (10, 30, 60 minutes and a day ahead) with prediction intervals,
 * and appends the forecasts ({@code kind = 'forecast'}). A scheduler runs it after each aggregation; {@code urbanflow
 * forecast predict} runs it once.
 *
 * <p>The domain registers the {@linkplain #scheduled() scheduled} variant: it is up to date while no model is trained
 * (instead of failing the run), and forecasts once per pair of mart snapshot and model, both recorded in the summary of
 * the commit that appends the forecasts. Stateless and thread-safe.
 */
public final class ForecastPredictionModel implements Model {
    /** Snapshot-summary key: the {@code mart.cell_traffic_10min} snapshot a scheduled forecast was made from. */
    public static final String SUMMARY_MART_SNAPSHOT = "urbanflow.forecast.mart-snapshot";
    /** Snapshot-summary key: the model a scheduled forecast was made with. */
    public static final String SUMMARY_MODEL_ID = "urbanflow.forecast.model-id";

    private final Consumer<List<Prediction>> listener;
    private final boolean scheduled;

    public ForecastPredictionModel() {
        this(predictions -> { });
    }

    /** @param listener receives each run's forecasts (for the command's summary) */
    public ForecastPredictionModel(Consumer<List<Prediction>> listener) {
        this(listener, false);
    }

    private ForecastPredictionModel(Consumer<List<Prediction>> listener, boolean scheduled) {
        this.listener = listener;
        this.scheduled = scheduled;
    }

    /** The variant a pipeline runs on every aggregation: nothing to do without a model, once per mart snapshot and model. */
    public static ForecastPredictionModel scheduled() {
        return new ForecastPredictionModel(predictions -> { }, true);
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
        Optional<ForecastStore.StoredModel> latest = ForecastStore.latestModel(context, config.target(), config.level());
        Map<String, String> summary = Map.of();
        if (scheduled) {
            if (latest.isEmpty()) {
                return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
            }
            Table mart = context.input(MobilityTables.MART_CELL_TRAFFIC_10MIN, name());
            mart.refresh();
            String martSnapshot = mart.currentSnapshot() == null ? "-1" : Long.toString(mart.currentSnapshot().snapshotId());
            summary = Map.of(SUMMARY_MART_SNAPSHOT, martSnapshot, SUMMARY_MODEL_ID, latest.get().model().id());
            if (mode == BuildMode.INCREMENTAL && alreadyForecast(context, summary)) {
                return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
            }
        }
        ForecastStore.StoredModel stored = latest
                .orElseThrow(() -> new UrbanFlowException("Cannot forecast " + config.target().key() + " per " + config.level().key()
                        + ": no model trained yet (urbanflow forecast train --target " + config.target().key() + " --level " + config.level().key() + ")"));
        Optional<PanelReader.Read> readable = PanelReader.read(context, config, scheduled ? "scheduled forecast prediction" : null);
        if (readable.isEmpty()) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        PanelReader.Read read = readable.get();
        SeriesPanel panel = read.panel();
        int origin = panel.slots() - 1;
        List<Prediction> predictions = Forecasting.predict(stored.model(), panel, origin, Horizons.ALL);
        ForecastStore.appendPredictions(context, panel, predictions, "forecast", stored.model().id(), context.clock().instant(), summary);
        listener.accept(predictions);
        Instant from = Instant.ofEpochSecond(panel.slotMicros(origin + 1) / 1_000_000L);
        Instant to = Instant.ofEpochSecond(panel.slotMicros(origin + Horizons.SLOTS_PER_DAY + 1) / 1_000_000L);
        return new ModelResult(name(), mode == BuildMode.FULL ? RunMode.FULL : RunMode.INCREMENTAL, read.inputRows(), predictions.size(),
                List.of(new TimeWindow(from, to)), Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }

    /** Whether the newest forecast commit that recorded a mart snapshot and model recorded these. */
    private static boolean alreadyForecast(ModelContext context, Map<String, String> summary) {
        Optional<Table> found = context.findTable(ForecastTables.MART_FORECAST_10MIN);
        if (found.isEmpty()) {
            return false;
        }
        Table table = found.get();
        table.refresh();
        for (Snapshot snapshot = table.currentSnapshot(); snapshot != null;
             snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
            String mart = snapshot.summary().get(SUMMARY_MART_SNAPSHOT);
            if (mart != null) {
                return mart.equals(summary.get(SUMMARY_MART_SNAPSHOT)) && summary.get(SUMMARY_MODEL_ID).equals(snapshot.summary().get(SUMMARY_MODEL_ID));
            }
        }
        return false;
    }
}
