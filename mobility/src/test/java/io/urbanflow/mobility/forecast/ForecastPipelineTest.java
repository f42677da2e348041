package io.urbanflow.mobility.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.query.DuckDbQueryEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training and prediction as pipeline models over a real temp-dir lake whose mart holds synthetic cell counts. */
class ForecastPipelineTest {
    private static final Settings SETTINGS = Settings.of(Map.of(ForecastConfig.MAX_TRAIN_ROWS, "20000", ForecastConfig.TREES, "30",
            ForecastConfig.THREADS, "2", ForecastConfig.MIN_CELL_SHARE, "0.05"));
    @TempDir
    static Path dir;
    static Lake lake;
    static DuckDbQueryEngine engine;
    static Connection duckdb;
    static ModelContext context;
    static SeriesPanel source;

    @BeforeAll
    static void martOfSyntheticCounts() throws SQLException {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
        duckdb = engine.trustedConnection();
        context = ModelContext.of(lake, duckdb, SETTINGS, Clock.fixed(Instant.parse("2014-05-01T00:00:00Z"), ZoneOffset.UTC));
        source = Panels.rome(30, 16);
        writeMart(source);
    }

    @AfterAll
    static void close() throws SQLException {
        duckdb.close();
        engine.close();
        lake.close();
    }

    /** One mart row per cell and slot with points, as CellTraffic10MinModel writes them (vehicles = points / 3). */
    static void writeMart(SeriesPanel panel) throws SQLException {
        writeMart(context, duckdb, panel);
    }

    /** As {@link #writeMart(SeriesPanel)} into the lake of {@code context}. */
    static void writeMart(ModelContext context, Connection duckdb, SeriesPanel panel) throws SQLException {
        Table mart = context.createIfMissing(MobilityTables.MART_CELL_TRAFFIC_10MIN, MobilityTables.CELL_TRAFFIC_10MIN_SCHEMA,
                MobilityTables.CELL_TRAFFIC_10MIN_SPEC);
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE counts (micros BIGINT, cell BIGINT, points BIGINT)");
            try (DuckDBAppender appender = duckdb.unwrap(DuckDBConnection.class).createAppender("temp", "main", "counts")) {
                for (int series = 0; series < panel.series(); series++) {
                    for (int slot = 0; slot < panel.slots(); slot++) {
                        float points = panel.value(series, slot);
                        if (points > 0) {
                            appender.beginRow().append(panel.slotMicros(slot)).append(panel.cell(series)).append((long) points).endRow();
                        }
                    }
                }
            }
            var files = ParquetTableWriter.write(duckdb, mart, "SELECT TIMESTAMPTZ 'epoch' + to_microseconds(micros) AS interval_10min, cell AS h3_cell,"
                    + " lower(hex(cell)) AS h3_cell_hex, points, (points + 2) // 3 AS vehicles, 20.0 AS mean_speed_kmh, points AS speed_samples FROM counts");
            AppendFiles append = mart.newAppend();
            files.forEach(append::appendFile);
            append.commit();
        }
    }

    @Test
    void the_panel_per_city_equals_an_independent_sum_over_the_mart() throws SQLException {
        ForecastConfig config = ForecastConfig.from(SETTINGS).withLevel(ForecastLevel.CITY);
        SeriesPanel city = PanelReader.read(context, config).panel();
        assertThat(city.keys()).containsExactly("city");
        engine.refreshViews();
        List<Double> expected = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sum(points) FROM mart.cell_traffic_10min GROUP BY interval_10min ORDER BY interval_10min")) {
            while (rows.next()) {
                expected.add(rows.getDouble(1));
            }
        }
        List<Double> read = new ArrayList<>();
        for (int slot = 0; slot < city.slots(); slot++) {
            if (city.value(0, slot) > 0) {
                read.add((double) city.value(0, slot));
            }
        }
        assertThat(read).isEqualTo(expected);
        assertThat(city.city()).hasValueSatisfying(found -> assertThat(found.key()).isEqualTo("rome"));
    }

    @Test
    void the_panel_per_cell_holds_the_mart_values_and_their_h3_neighbours() {
        SeriesPanel cells = PanelReader.read(context, ForecastConfig.from(SETTINGS)).panel();
        assertThat(cells.series()).isEqualTo(30);
        int index = cells.indexOf(source.keys().get(0));
        assertThat(index).isNotNegative();
        int offset = cells.slotOf(source.startMicros());
        for (int slot = 0; slot < source.slots(); slot += 37) {
            assertThat(cells.value(index, offset + slot)).isEqualTo(source.value(0, slot));
        }
        assertThat(cells.neighbours(index)).hasSize(source.neighbours(0).length);
    }

    @Test
    void training_registers_a_model_per_horizon_once_per_mart_snapshot_and_prediction_forecasts_every_cell() {
        PipelineRunner runner = new PipelineRunner(context, List.of(new ForecastPredictionModel(), new ForecastTrainingModel()));
        assertThat(runner.models()).extracting(model -> model.name())
                .containsExactly(ForecastTables.MART_FORECAST_MODELS, ForecastTables.MART_FORECAST_10MIN);
        PipelineRun first = runner.run(BuildMode.INCREMENTAL);
        assertThat(first.failed()).as(first.toString()).isFalse();
        assertThat(first.results().get(0).rowsWritten()).isEqualTo(Horizons.ALL.size());
        assertThat(first.results().get(1).rowsWritten()).isEqualTo(30L * Horizons.ALL.size());

        ForecastStore.StoredModel stored = ForecastStore.latestModel(context, ForecastTarget.POINTS, ForecastLevel.CELL).orElseThrow();
        assertThat(stored.model().features()).isEqualTo(Features.NAMES);
        assertThat(stored.model().horizonSteps()).isEqualTo(Horizons.ALL);
        assertThat(stored.model().trainTo()).isEqualTo(Instant.ofEpochSecond(source.slotMicros(source.slots()) / 1_000_000L));

        PipelineRun second = runner.run(BuildMode.INCREMENTAL);
        assertThat(second.results().get(0).mode()).isEqualTo(RunMode.UP_TO_DATE);
        assertThat(ForecastStore.latestModel(context, ForecastTarget.POINTS, ForecastLevel.CELL).orElseThrow().model().id())
                .isEqualTo(stored.model().id());
    }

    @Test
    void a_changed_mart_retrains_unless_the_newest_model_is_younger_than_retrain_every() throws SQLException {
        Instant first = Instant.parse("2014-05-02T00:00:00Z");
        ModelContext cityContext = new ModelContext(lake.catalog(), duckdb, SETTINGS.with(ForecastConfig.LEVEL, "city"),
                Clock.fixed(first, ZoneOffset.UTC));
        ModelContext dailyContext = new ModelContext(lake.catalog(), duckdb, SETTINGS.with(ForecastConfig.LEVEL, "city")
                .with(ForecastConfig.RETRAIN_EVERY, "1d"), Clock.fixed(first.plusSeconds(3_600), ZoneOffset.UTC));
        ModelContext laterContext = new ModelContext(lake.catalog(), duckdb, SETTINGS.with(ForecastConfig.LEVEL, "city"),
                Clock.fixed(first.plusSeconds(7_200), ZoneOffset.UTC));
        assertThat(new PipelineRunner(cityContext, List.of(new ForecastTrainingModel())).run(BuildMode.INCREMENTAL).failed()).isFalse();
        String firstId = ForecastStore.latestModel(context, ForecastTarget.POINTS, ForecastLevel.CITY).orElseThrow().model().id();

        // one more mart row, in a cell of its own, makes a new snapshot
        SeriesPanel extra = new SeriesPanel(ForecastTarget.POINTS, ForecastLevel.CELL, List.of("far"), new long[] {source.cell(0) ^ 0x1000L},
                source.slotMicros(source.slots() - 1), 1, new float[] {3}, source.zone(), source.city(), new int[][] {new int[0]});
        writeMart(extra);
        assertThat(new PipelineRunner(dailyContext, List.of(new ForecastTrainingModel())).run(BuildMode.INCREMENTAL).results().get(0).mode())
                .isEqualTo(RunMode.UP_TO_DATE);
        assertThat(new PipelineRunner(laterContext, List.of(new ForecastTrainingModel())).run(BuildMode.INCREMENTAL).results().get(0).mode())
                .isEqualTo(RunMode.INCREMENTAL);
        ForecastModel newest = ForecastStore.latestModel(context, ForecastTarget.POINTS, ForecastLevel.CITY).orElseThrow().model();
        assertThat(newest.id()).isNotEqualTo(firstId);
        assertThat(newest.trainedAt()).isEqualTo(first.plusSeconds(7_200));
    }

    @Test
    void a_backtest_stores_its_accuracy_and_the_forecasts_of_its_last_test_day() throws SQLException {
        ForecastConfig config = ForecastConfig.from(SETTINGS).withLevel(ForecastLevel.CITY);
        PanelReader.Read read = PanelReader.read(context, config);
        BacktestReport report = Backtest.run(read.panel(), config, line -> { });
        ForecastModel model = report.lastModel(config, context.clock().instant());
        ForecastStore.appendAccuracy(context, report, "run-1", model.id(), context.clock().instant());
        ForecastStore.appendPredictions(context, read.panel(), report.predictions(), "backtest", model.id(), context.clock().instant());
        engine.refreshViews();
        try (Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE scope = 'total'), min(test_from), max(origins)"
                     + " FROM mart.forecast_accuracy WHERE run_id = 'run-1' AND level = 'city'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(report.accuracy().size());
            assertThat(rows.getLong(2)).isEqualTo(ForecastMethod.values().length * Horizons.ALL.size());
            assertThat(rows.getInt(4)).isEqualTo(1);
        }
        try (Statement statement = duckdb.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*), count(actual), bool_and(lower <= predicted AND predicted <= upper)"
                     + " FROM mart.forecast_10min WHERE kind = 'backtest' AND model_id = '" + model.id() + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(Horizons.SLOTS_PER_DAY * Horizons.ALL.size());
            assertThat(rows.getLong(2)).isEqualTo(rows.getLong(1));
            assertThat(rows.getBoolean(3)).isTrue();
        }
    }
}
