package io.urbanflow.mobility.analytics.charts.internal;

import java.util.ArrayList;
import java.util.List;
import org.jfree.data.DomainOrder;
import org.jfree.data.xy.AbstractXYZDataset;

/**
 * Hexagons on a map for {@link HexagonRenderer}: one series whose items are cells, x = longitude and y = latitude
 * of the cell's centre, z = the cell's value (points, km/h), plus each cell's outline in degrees. Built once, then
 * immutable.
 */
public final class HexagonDataset extends AbstractXYZDataset {
    private static final long serialVersionUID = 1L;

    /**
     * One cell.
     *
     * @param id         the H3 index, or the hex-grid cell's number
     * @param longitude  centre
     * @param latitude   centre
     * @param value      what the colour shows
     * @param longitudes outline, in order, not closed
     * @param latitudes  outline, as long as {@code longitudes}
     */
    public record Cell(long id, double longitude, double latitude, double value, double[] longitudes, double[] latitudes) {
        public Cell {
            if (longitudes.length != latitudes.length || longitudes.length < 3) {
                throw new IllegalArgumentException("Cannot build cell " + id + ": outline needs as many longitudes as latitudes, at least 3");
            }
            longitudes = longitudes.clone();
            latitudes = latitudes.clone();
        }

        @Override
        public double[] longitudes() {
            return longitudes.clone();
        }

        @Override
        public double[] latitudes() {
            return latitudes.clone();
        }

        double longitudeAt(int vertex) {
            return longitudes[vertex];
        }

        double latitudeAt(int vertex) {
            return latitudes[vertex];
        }

        int vertices() {
            return longitudes.length;
        }
    }

    private final String seriesKey;
    private final List<Cell> cells;

    public HexagonDataset(String seriesKey, List<Cell> cells) {
        this.seriesKey = seriesKey;
        this.cells = List.copyOf(new ArrayList<>(cells));
    }

    public List<Cell> cells() {
        return cells;
    }

    public Cell cell(int item) {
        return cells.get(item);
    }

    @Override
    public int getSeriesCount() {
        return 1;
    }

    @Override
    public Comparable<?> getSeriesKey(int series) {
        return seriesKey;
    }

    @Override
    public DomainOrder getDomainOrder() {
        return DomainOrder.NONE;
    }

    @Override
    public int getItemCount(int series) {
        return cells.size();
    }

    @Override
    public Number getX(int series, int item) {
        return cells.get(item).longitude();
    }

    @Override
    public Number getY(int series, int item) {
        return cells.get(item).latitude();
    }

    @Override
    public Number getZ(int series, int item) {
        return cells.get(item).value();
    }
}
