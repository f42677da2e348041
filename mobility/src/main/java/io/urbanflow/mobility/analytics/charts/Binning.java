package io.urbanflow.mobility.analytics.charts;

/** How a heat map bins its points. */
public enum Binning {
    /** Uber's H3 hexagons at a resolution, outlines from H3 ({@code cellToBoundary}). */
    H3,
    /** matplotlib-style hexbin: a regular hex grid over longitude and latitude, {@code gridSize} cells across. */
    HEXBIN
}
