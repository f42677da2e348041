package io.urbanflow.mobility.forecast;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes and reads the forecast tables: backtest accuracy, forecasts and the model registry. Each write is one
 * Iceberg append: rows go through a DuckDB temp table into Parquet ({@link ParquetTableWriter}). Stateless.
 */
public final class ForecastStore {
    private static final String EPOCH = "TIMESTAMPTZ 'epoch' + to_microseconds(";

    private ForecastStore() {
    }

    /** Appends a backtest's accuracy rows under {@code runId}. */
    public static void appendAccuracy(ModelContext context, BacktestReport report, String runId, String modelId, Instant evaluatedAt) {
        Table table = context.createIfMissing(ForecastTables.MART_FORECAST_ACCURACY, ForecastTables.ACCURACY_SCHEMA, PartitionSpec.unpartitioned());
        SeriesPanel panel = report.panel();
        write(context, table, "run_id VARCHAR, evaluated_at BIGINT, target VARCHAR, level VARCHAR, model VARCHAR, horizon_steps INTEGER,"
                + " horizon VARCHAR, scope VARCHAR, mae DOUBLE, rmse DOUBLE, wape DOUBLE, mase DOUBLE, series INTEGER, values_counted BIGINT,"
                + " test_from BIGINT, test_to BIGINT, origins INTEGER, model_id VARCHAR", appender -> {
                    for (Accuracy accuracy : report.accuracy()) {
                        appender.beginRow().append(runId).append(micros(evaluatedAt)).append(panel.target().key()).append(panel.level().key())
                                .append(accuracy.method().key()).append(accuracy.horizon()).append(Horizons.label(accuracy.horizon()))
                                .append(accuracy.scope().key());
                        number(appender, accuracy.mae());
                        number(appender, accuracy.rmse());
                        number(appender, accuracy.wape());
                        number(appender, accuracy.mase());
                        appender.append(accuracy.series()).append(accuracy.values()).append(micros(report.testFrom())).append(micros(report.testTo()))
                                .append(report.origins().size()).append(modelId).endRow();
                    }
                }, "SELECT * REPLACE (" + EPOCH + "evaluated_at) AS evaluated_at, " + EPOCH + "test_from) AS test_from, "
                        + EPOCH + "test_to) AS test_to)", Map.of());
    }

    /** Appends forecasts of {@code panel}'s series. */
    public static void appendPredictions(ModelContext context, SeriesPanel panel, List<Prediction> predictions, String kind, String modelId,
                                         Instant createdAt) {
        appendPredictions(context, panel, predictions, kind, modelId, createdAt, Map.of());
    }

    /** Appends forecasts of {@code panel}'s series, with {@code summary} set on the commit's snapshot. */
    public static void appendPredictions(ModelContext context, SeriesPanel panel, List<Prediction> predictions, String kind, String modelId,
                                         Instant createdAt, Map<String, String> summary) {
        if (predictions.isEmpty()) {
            return;
        }
        Table table = context.createIfMissing(ForecastTables.MART_FORECAST_10MIN, ForecastTables.FORECAST_SCHEMA, ForecastTables.FORECAST_SPEC);
        write(context, table, "interval_10min BIGINT, origin BIGINT, horizon_steps INTEGER, target VARCHAR, level VARCHAR, series VARCHAR,"
                + " h3_cell BIGINT, predicted DOUBLE, lower DOUBLE, upper DOUBLE, actual DOUBLE, kind VARCHAR, model_id VARCHAR, created_at BIGINT", appender -> {
                    long created = micros(createdAt);
                    for (Prediction prediction : predictions) {
                        appender.beginRow().append(panel.slotMicros(prediction.targetSlot())).append(panel.slotMicros(prediction.originSlot()))
                                .append(prediction.horizon()).append(panel.target().key()).append(panel.level().key())
                                .append(panel.keys().get(prediction.series()));
                        long cell = panel.cell(prediction.series());
                        if (cell == 0) {
                            appender.appendNull();
                        } else {
                            appender.append(cell);
                        }
                        appender.append((double) prediction.predicted()).append((double) prediction.lower()).append((double) prediction.upper());
                        number(appender, prediction.actual());
                        appender.append(kind).append(modelId).append(created).endRow();
                    }
                }, "SELECT * REPLACE (" + EPOCH + "interval_10min) AS interval_10min, " + EPOCH + "origin) AS origin, "
                        + EPOCH + "created_at) AS created_at)", summary);
    }

    /** Appends a trained model to the registry, one row per horizon. */
    public static void appendModel(ModelContext context, ForecastModel model, long inputSnapshot, Map<Integer, Double> backtestWape) {
        Table table = context.createIfMissing(ForecastTables.MART_FORECAST_MODELS, ForecastTables.MODELS_SCHEMA, PartitionSpec.unpartitioned());
        write(context, table, "model_id VARCHAR, trained_at BIGINT, target VARCHAR, level VARCHAR, method VARCHAR, horizon_steps INTEGER,"
                + " train_from BIGINT, train_to BIGINT, features VARCHAR, parameters VARCHAR, trees INTEGER, train_rows BIGINT, validation_rows BIGINT,"
                + " validation_wape DOUBLE, backtest_wape DOUBLE, lower_residual DOUBLE, upper_residual DOUBLE, train_seconds DOUBLE,"
                + " input_snapshot BIGINT, model VARCHAR", appender -> {
                    for (int horizon : model.horizonSteps()) {
                        ForecastModel.HorizonModel h = model.horizons().get(horizon);
                        appender.beginRow().append(model.id()).append(micros(model.trainedAt())).append(model.target().key())
                                .append(model.level().key()).append(ForecastMethod.GBDT.key()).append(horizon)
                                .append(micros(model.trainFrom())).append(micros(model.trainTo())).append(String.join(",", model.features()))
                                .append(model.parameters()).append(h.rounds()).append(h.trainRows()).append(h.validationRows());
                        number(appender, h.validationWape());
                        number(appender, backtestWape.getOrDefault(horizon, Double.NaN));
                        appender.append((double) h.lowerResidual()).append((double) h.upperResidual()).append(h.trainSeconds())
                                .append(inputSnapshot).append(h.modelText()).endRow();
                    }
                }, "SELECT * REPLACE (" + EPOCH + "trained_at) AS trained_at, " + EPOCH + "train_from) AS train_from, "
                        + EPOCH + "train_to) AS train_to)", Map.of());
    }

    /** A registry entry with the snapshot of the mart it was trained on. */
    public record StoredModel(ForecastModel model, long inputSnapshot) {
    }

    /** The newest model of a target and level in the registry, if any. */
    public static Optional<StoredModel> latestModel(ModelContext context, ForecastTarget target, ForecastLevel level) {
        Optional<Table> found = context.findTable(ForecastTables.MART_FORECAST_MODELS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Table table = found.get();
        table.refresh();
        if (table.currentSnapshot() == null) {
            return Optional.empty();
        }
        String scan = SqlText.scan(table.schema(), RangeReplacement.filePaths(table, table.currentSnapshot().snapshotId(), "trained_at", Optional.empty()));
        String query = "SELECT model_id, epoch_us(trained_at), epoch_us(train_from), epoch_us(train_to), features, parameters, horizon_steps, trees,"
                + " lower_residual, upper_residual, validation_wape, train_rows, validation_rows, train_seconds, model, input_snapshot FROM " + scan
                + " WHERE model_id = (SELECT model_id FROM " + scan + " WHERE target = " + SqlText.quoteString(target.key()) + " AND level = "
                + SqlText.quoteString(level.key()) + " ORDER BY trained_at DESC, model_id LIMIT 1)";
        try (Statement statement = context.duckdb().createStatement(); ResultSet rows = statement.executeQuery(query)) {
            Map<Integer, ForecastModel.HorizonModel> horizons = new HashMap<>();
            String id = null;
            Instant trainedAt = null;
            Instant from = null;
            Instant to = null;
            String features = null;
            String parameters = null;
            long snapshot = -1;
            while (rows.next()) {
                id = rows.getString(1);
                trainedAt = instant(rows.getLong(2));
                from = instant(rows.getLong(3));
                to = instant(rows.getLong(4));
                features = rows.getString(5);
                parameters = rows.getString(6);
                double validationWape = rows.getDouble(11);
                horizons.put(rows.getInt(7), new ForecastModel.HorizonModel(rows.getInt(7), rows.getInt(8), rows.getFloat(9), rows.getFloat(10),
                        rows.wasNull() ? Double.NaN : validationWape, rows.getLong(12), rows.getLong(13), rows.getDouble(14), rows.getString(15)));
                snapshot = rows.getLong(16);
            }
            if (id == null) {
                return Optional.empty();
            }
            List<String> names = List.of(features.split(","));
            if (!names.equals(Features.NAMES)) {
                throw new UrbanFlowException("Cannot use forecast model " + id + ": it was trained on other features; train again (urbanflow forecast train)");
            }
            return Optional.of(new StoredModel(new ForecastModel(id, target, level, trainedAt, from, to, names, parameters, horizons), snapshot));
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read " + ForecastTables.MART_FORECAST_MODELS + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Rows {
        void append(DuckDBAppender appender) throws SQLException;
    }

    /**
     * Fills a temp table with {@code columns} through an appender, converts it with {@code select}, and appends it to
     * {@code table}, with {@code summary} on the snapshot.
     */
    private static void write(ModelContext context, Table table, String columns, Rows rows, String select, Map<String, String> summary) {
        Connection duckdb = context.duckdb();
        String temp = "urbanflow_forecast_rows";
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + temp + " (" + columns + ")");
            try (DuckDBAppender appender = duckdb.unwrap(DuckDBConnection.class).createAppender("temp", "main", temp)) {
                rows.append(appender);
            }
            List<DataFile> files = ParquetTableWriter.write(duckdb, table, select + " FROM " + temp);
            try {
                AppendFiles append = table.newAppend();
                files.forEach(append::appendFile);
                summary.forEach(append::set);
                append.commit();
            } catch (RuntimeException e) {
                ParquetTableWriter.deleteQuietly(files);
                throw e;
            }
            statement.execute("DROP TABLE " + temp);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot write " + table.name() + ": " + e.getMessage(), e);
        }
    }

    private static void number(DuckDBAppender appender, double value) throws SQLException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
