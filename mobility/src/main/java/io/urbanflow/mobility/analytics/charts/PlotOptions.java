package io.urbanflow.mobility.analytics.charts;

import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import java.time.ZoneId;

/**
 * What to plot and how. Immutable; start from {@link #defaults()} and use the withers.
 *
 * @param from          first instant plotted (inclusive), or null for the first point
 * @param to            end of the plotted time (exclusive), or null for after the last point
 * @param city          the city whose bounds select the points, or null to pick the city holding most points
 *                      (no bounds when the points lie in none of the known cities)
 * @param zone          the zone of local times (time of day, hour), or null for the city's zone (UTC without a city)
 * @param width         image width in pixels, 300..8000
 * @param height        image height in pixels, 300..8000
 * @param hour          for heatmap: only points in this local hour of day, 0..23, or null for all
 * @param resolution    H3 resolution of heatmap and speed cells, 0..15
 * @param colorScale    heatmap colours linear or logarithmic in the count
 * @param binning       heatmap on H3 cells or on a lon/lat hexbin grid
 * @param gridSize      hexbin cells across the map, 5..500
 * @param clusterSource clusters from {@code mart.clusters} when present, or computed here
 * @param k             clusters when computed here, 1..20
 * @param sampleSize    points the clusters chart draws (and clusters), 100..1,000,000
 * @param seed          seed of the k-means++ start and of the point sample
 * @param minSamples    speed: cells and hours with fewer speed measurements are left out, at least 1
 */
public record PlotOptions(TimeBound from, TimeBound to, City city, ZoneId zone, int width, int height, Integer hour,
        int resolution, ValueScale colorScale, Binning binning, int gridSize, ClusterSource clusterSource, int k,
        int sampleSize, long seed, int minSamples) {
    public static final int DEFAULT_WIDTH = 1200;
    public static final int DEFAULT_HEIGHT = 800;
    public static final int DEFAULT_RESOLUTION = 8;
    public static final int DEFAULT_GRID_SIZE = 50;
    public static final int DEFAULT_K = 8;
    public static final int DEFAULT_SAMPLE_SIZE = 20_000;
    public static final long DEFAULT_SEED = 7;
    public static final int DEFAULT_MIN_SAMPLES = 3;

    public PlotOptions {
        check(width >= 300 && width <= 8000, "width " + width + " is outside 300..8000 pixels");
        check(height >= 300 && height <= 8000, "height " + height + " is outside 300..8000 pixels");
        check(hour == null || (hour >= 0 && hour <= 23), "hour " + hour + " is outside 0..23");
        check(resolution >= 0 && resolution <= 15, "H3 resolution " + resolution + " is outside 0..15");
        check(gridSize >= 5 && gridSize <= 500, "grid size " + gridSize + " is outside 5..500");
        check(k >= 1 && k <= 20, "k " + k + " is outside 1..20");
        check(sampleSize >= 100 && sampleSize <= 1_000_000, "sample size " + sampleSize + " is outside 100..1,000,000");
        check(minSamples >= 1, "minimum samples " + minSamples + " is below 1");
        if (colorScale == null || binning == null || clusterSource == null) {
            throw new IllegalArgumentException("Cannot build plot options: colour scale, binning and cluster source are required");
        }
    }

    public static PlotOptions defaults() {
        return new PlotOptions(null, null, null, null, DEFAULT_WIDTH, DEFAULT_HEIGHT, null, DEFAULT_RESOLUTION, ValueScale.LINEAR,
                Binning.H3, DEFAULT_GRID_SIZE, ClusterSource.AUTO, DEFAULT_K, DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, DEFAULT_MIN_SAMPLES);
    }

    private static void check(boolean condition, String reason) {
        if (!condition) {
            throw new UrbanFlowException("Cannot plot: " + reason);
        }
    }

    public PlotOptions withWindow(TimeBound newFrom, TimeBound newTo) {
        return new PlotOptions(newFrom, newTo, city, zone, width, height, hour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withCity(City newCity) {
        return new PlotOptions(from, to, newCity, zone, width, height, hour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withZone(ZoneId newZone) {
        return new PlotOptions(from, to, city, newZone, width, height, hour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withSize(int newWidth, int newHeight) {
        return new PlotOptions(from, to, city, zone, newWidth, newHeight, hour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withHour(Integer newHour) {
        return new PlotOptions(from, to, city, zone, width, height, newHour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withResolution(int newResolution) {
        return new PlotOptions(from, to, city, zone, width, height, hour, newResolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withColorScale(ValueScale newScale) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, newScale, binning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withBinning(Binning newBinning) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, colorScale, newBinning, gridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withGridSize(int newGridSize) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, colorScale, binning, newGridSize, clusterSource, k, sampleSize, seed, minSamples);
    }

    public PlotOptions withClusters(ClusterSource newSource, int newK) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, colorScale, binning, gridSize, newSource, newK, sampleSize, seed, minSamples);
    }

    public PlotOptions withSample(int newSampleSize, long newSeed) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, colorScale, binning, gridSize, clusterSource, k, newSampleSize, newSeed, minSamples);
    }

    public PlotOptions withMinSamples(int newMinSamples) {
        return new PlotOptions(from, to, city, zone, width, height, hour, resolution, colorScale, binning, gridSize, clusterSource, k, sampleSize, seed, newMinSamples);
    }
}
