package io.urbanflow.mobility.models;

import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Builds {@code stage.gps_points} alone, for callers that need the stage table without the marts (analytics,
 * benchmarks). {@link PipelineRunner} runs the same model with the others. Thread-safe (stateless); two builds of
 * one lake at once make one of them fail its commit rather than duplicate rows.
 */
public final class StageBuilder {
    private StageBuilder() {
    }

    /**
     * Brings {@code stage.gps_points} up to date with {@code raw.gps_points}: in full, or only the days with new raw
     * rows ({@link StageGpsPointsModel}).
     *
     * @throws UrbanFlowException when raw.gps_points is missing or the commit conflicts
     */
    public static StageResult build(Lake lake, DuckDbQueryEngine engine, StageOptions options) {
        try (Connection duckdb = engine.trustedConnection()) {
            return build(ModelContext.of(lake, duckdb, options.config().asSettings(), Clock.systemUTC()), options);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build stage.gps_points: " + e.getMessage(), e);
        }
    }

    /** As above, on a context the caller opened. */
    public static StageResult build(ModelContext context, StageOptions options) {
        return new StageGpsPointsModel(options.threads()).buildStage(context, options.mode());
    }
}
