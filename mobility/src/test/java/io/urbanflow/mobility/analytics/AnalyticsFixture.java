package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.analytics.internal.RawPointLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.mobility.models.StageGpsPointsModel;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.mobility.sources.PointSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.sources.GpsSources;
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
import java.util.function.Predicate;

/** A temp-dir lake with raw points from a real sample, the stage built by the pipeline, and DuckDB over it. */
final class AnalyticsFixture implements AutoCloseable {
    final Lake lake;
    final DuckDbQueryEngine engine;
    final Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    private AnalyticsFixture(Path dir) {
        lake = Lake.open(LakeConfig.defaults(dir));
        engine = DuckDbQueryEngine.open(lake);
    }

    static AnalyticsFixture open(Path dir) {
        return new AnalyticsFixture(dir);
    }

    /** Appends the sample's points for which {@code keep} holds to {@code raw.gps_points}. */
    AnalyticsFixture load(Path sample, Predicate<GpsPoint> keep) {
        PointSource source = GpsSources.open(sample, SourceOptions.defaults());
        try (RawPointLoader loader = new RawPointLoader(lake, clock, 100_000)) {
            source.read(point -> {
                if (keep.test(point)) {
                    loader.accept(point);
                }
            }, RejectSink.strict());
        }
        return this;
    }

    AnalyticsFixture load(Path sample) {
        return load(sample, point -> true);
    }

    ModelResult stage() {
        try (Connection duckdb = engine.trustedConnection()) {
            return new StageGpsPointsModel(2).build(new ModelContext(lake.catalog(), duckdb, io.urbanflow.model.Settings.empty(), clock), BuildMode.INCREMENTAL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    AnalyticsReport analyze(AnalyticsConfig config, BuildMode mode) {
        return new AnalyticsBuilder(lake, engine, config, clock).build(mode);
    }

    AnalyticsReport analyze() {
        return analyze(AnalyticsConfig.defaults(), BuildMode.INCREMENTAL);
    }

    /** Rows of a query over the lake's current snapshots, each as a list of column values. */
    List<List<Object>> rows(String sql) {
        engine.refreshViews();
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = engine.trustedConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return rows;
    }

    long count(String sql) {
        return ((Number) rows(sql).get(0).get(0)).longValue();
    }

    /** The stage's non-outlier points as tracks, one per vehicle, read with SQL. */
    List<VehicleTrack> stageTracks() {
        List<VehicleTrack> tracks = new ArrayList<>();
        VehicleTrack current = null;
        for (List<Object> row : rows("SELECT vehicle_id, epoch_us(ts), epoch_us(local_ts), lat, lon, speed_kmh, h3_cell"
                + " FROM stage.gps_points WHERE NOT is_outlier ORDER BY vehicle_id, ts")) {
            if (current == null || !current.vehicleId().equals(row.get(0))) {
                current = new VehicleTrack().reset((String) row.get(0));
                tracks.add(current);
            }
            current.add(((Number) row.get(1)).longValue(), ((Number) row.get(2)).longValue(), (Double) row.get(3), (Double) row.get(4),
                    row.get(5) == null ? Double.NaN : (Double) row.get(5), ((Number) row.get(6)).longValue());
        }
        return tracks;
    }

    @Override
    public void close() {
        engine.close();
        lake.close();
    }
}
