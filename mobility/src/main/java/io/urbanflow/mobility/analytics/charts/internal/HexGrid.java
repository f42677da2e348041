package io.urbanflow.mobility.analytics.charts.internal;

import io.urbanflow.mobility.analytics.charts.MapExtent;

/**
 * matplotlib's {@code hexbin} grid, made regular on the map: two offset rectangular lattices of pointy-top
 * hexagon centres over the points' extent, in a plane where x = longitude × cos(latitude₀) and y = latitude, so
 * hexagons are regular once the map's aspect is right. A point goes to the nearer centre of the two lattices,
 * exactly as matplotlib decides it (distance with y weighted by 3). Immutable, thread-safe.
 *
 * <p>Cell ids: lattice one (i in 0..columns, j in 0..rows) is {@code j * (columns + 1) + i}; lattice two
 * (i in 0..columns-1, j in 0..rows-1) follows after it.
 */
public final class HexGrid {
    private final double xMinimum;
    private final double yMinimum;
    private final double scale;
    private final double width;
    private final double height;
    private final int columns;
    private final int rows;

    /**
     * @param extent   the points' extent
     * @param gridSize hexagons across the extent's width
     */
    public HexGrid(MapExtent extent, int gridSize) {
        this.scale = extent.longitudeScale();
        double xSpan = Math.max((extent.east() - extent.west()) * scale, 1e-9);
        double ySpan = Math.max(extent.north() - extent.south(), 1e-9);
        this.columns = gridSize;
        this.width = xSpan / columns;
        // a regular pointy-top hexagon lattice: rows √3 × the column spacing apart
        this.height = width * Math.sqrt(3);
        this.rows = Math.max(1, (int) Math.ceil(ySpan / height));
        this.xMinimum = extent.west() * scale;
        this.yMinimum = extent.south();
    }

    /** Cell width in degrees of longitude. */
    public double cellWidthDegrees() {
        return width / scale;
    }

    /** The cell id of a point (see the class comment). */
    public long cellOf(double latitude, double longitude) {
        double ix = (longitude * scale - xMinimum) / width;
        double iy = (latitude - yMinimum) / height;
        double ix1 = Math.rint(ix);
        double iy1 = Math.rint(iy);
        double ix2 = Math.floor(ix);
        double iy2 = Math.floor(iy);
        double d1 = (ix - ix1) * (ix - ix1) + 3 * (iy - iy1) * (iy - iy1);
        double d2 = (ix - ix2 - 0.5) * (ix - ix2 - 0.5) + 3 * (iy - iy2 - 0.5) * (iy - iy2 - 0.5);
        if (d1 < d2) {
            long i = clamp((long) ix1, columns);
            long j = clamp((long) iy1, rows);
            return j * (columns + 1) + i;
        }
        long i = clamp((long) ix2, columns - 1);
        long j = clamp((long) iy2, rows - 1);
        return (long) (columns + 1) * (rows + 1) + j * columns + i;
    }

    /** The centre of a cell: {longitude, latitude}. */
    public double[] centre(long cell) {
        long firstLattice = (long) (columns + 1) * (rows + 1);
        double x;
        double y;
        if (cell < firstLattice) {
            x = xMinimum + (cell % (columns + 1)) * width;
            y = yMinimum + (cell / (columns + 1)) * height;
        } else {
            long offset = cell - firstLattice;
            x = xMinimum + (offset % columns + 0.5) * width;
            y = yMinimum + (offset / columns + 0.5) * height;
        }
        return new double[] {x / scale, y};
    }

    /** A dataset cell: the hexagon's outline around its centre, matplotlib's vertex order. */
    public HexagonDataset.Cell cell(long cell, double value) {
        double[] centre = centre(cell);
        // vertex offsets in units of (width, height / 3), as matplotlib's hexbin polygon
        double[][] offsets = {{0.5, -0.5}, {0.5, 0.5}, {0, 1}, {-0.5, 0.5}, {-0.5, -0.5}, {0, -1}};
        double[] longitudes = new double[6];
        double[] latitudes = new double[6];
        for (int v = 0; v < 6; v++) {
            longitudes[v] = centre[0] + offsets[v][0] * width / scale;
            latitudes[v] = centre[1] + offsets[v][1] * height / 3;
        }
        return new HexagonDataset.Cell(cell, centre[0], centre[1], value, longitudes, latitudes);
    }

    private static long clamp(long index, int maximum) {
        return Math.max(0, Math.min(maximum, index));
    }
}
