package io.urbanflow.mobility.models;

import io.urbanflow.pipeline.BuildMode;

/**
 * How to build {@code stage.gps_points}. Immutable.
 *
 * @param config  H3 resolution, maximum speed, city, track gap
 * @param mode    full rebuild, or only the days with new raw points
 * @param threads threads for the per-point H3 work (DuckDB uses its own setting)
 */
public record StageOptions(MobilityConfig config, BuildMode mode, int threads) {
    public StageOptions {
        if (config == null || mode == null) {
            throw new IllegalArgumentException("Cannot build stage options: config and mode are required");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("Cannot build stage options: threads " + threads + " is below 1");
        }
    }

    /** Incremental, with the machine's processors. */
    public static StageOptions of(MobilityConfig config) {
        return new StageOptions(config, BuildMode.INCREMENTAL, Runtime.getRuntime().availableProcessors());
    }

    public StageOptions withMode(BuildMode newMode) {
        return new StageOptions(config, newMode, threads);
    }
}
