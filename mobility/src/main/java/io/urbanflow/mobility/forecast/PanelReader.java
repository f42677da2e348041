package io.urbanflow.mobility.forecast;

import com.uber.h3core.util.LatLng;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.analytics.GeoJsonZones;
import io.urbanflow.mobility.analytics.Zone;
import io.urbanflow.mobility.analytics.ZoneIndex;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Reads a {@link SeriesPanel} from {@code mart.cell_traffic_10min} at its current snapshot: per cell (the cells with
 * a count in at least {@code forecast.min-cell-share} of the slots, at most {@code forecast.max-series} of them, the
 * busiest), per zone of a loaded zone set (each cell counted in the zone holding its centre), or for the whole city
 * (every cell). Counts add up; speeds are averaged weighted by their samples. The calendar's zone is the city's
 * where the cells lie in a known city, else {@code aggregate.zone}. Stateless.
 */
public final class PanelReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PanelReader.class);
    private static final long SLOT_MICROS = Horizons.STEP_MINUTES * 60_000_000L;

    private PanelReader() {
    }

    /** A panel and the snapshot of the mart it was read from. */
    public record Read(SeriesPanel panel, long snapshotId, long inputRows) {
    }

    /**
     * As {@link #read(ModelContext, ForecastConfig)} for a scheduled model ({@code waiting} names it; null for a
     * command): a mart that cannot give the series asked for yet (empty, too sparse, no zones) is empty, logged with the
     * reason, so that a schedule waits for more data rather than fail every run; a command gets the error.
     */
    public static Optional<Read> read(ModelContext context, ForecastConfig config, String waiting) {
        try {
            return Optional.of(read(context, config));
        } catch (UrbanFlowException e) {
            if (waiting == null) {
                throw e;
            }
            LOG.info("{} waits: {}", waiting, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @throws UrbanFlowException when the mart is missing or empty, or the zone level has no zones loaded
     */
    public static Read read(ModelContext context, ForecastConfig config) {
        Table table = context.input(MobilityTables.MART_CELL_TRAFFIC_10MIN, "forecasts");
        table.refresh();
        if (table.currentSnapshot() == null) {
            throw empty();
        }
        long snapshotId = table.currentSnapshot().snapshotId();
        String scan = SqlText.scan(table.schema(), RangeReplacement.filePaths(table, snapshotId, "interval_10min", Optional.empty()));
        Connection duckdb = context.duckdb();
        try (Statement statement = duckdb.createStatement()) {
            long first;
            long last;
            try (ResultSet range = statement.executeQuery("SELECT min(epoch_us(interval_10min)), max(epoch_us(interval_10min)), count(*) FROM " + scan)) {
                range.next();
                if (range.getLong(3) == 0) {
                    throw empty();
                }
                first = range.getLong(1);
                last = range.getLong(2);
            }
            long start = Math.floorDiv(first, SLOT_MICROS) * SLOT_MICROS;
            int slots = (int) ((last - start) / SLOT_MICROS) + 1;
            Map<Long, Integer> cellIndex = new LinkedHashMap<>();
            List<Long> cellList = new ArrayList<>();
            String selection = config.level() == ForecastLevel.CELL
                    ? " HAVING count(*) FILTER (WHERE points > 0) >= " + (config.minCellShare() * slots) : "";
            try (ResultSet cells = statement.executeQuery("SELECT h3_cell, sum(points) FROM " + scan + " GROUP BY 1" + selection
                    + " ORDER BY 2 DESC, 1" + (config.level() == ForecastLevel.CELL ? " LIMIT " + config.maxSeries() : ""))) {
                while (cells.next()) {
                    cellIndex.put(cells.getLong(1), cellList.size());
                    cellList.add(cells.getLong(1));
                }
            }
            if (cellList.isEmpty()) {
                throw new UrbanFlowException("Cannot forecast per cell: no cell of " + MobilityTables.MART_CELL_TRAFFIC_10MIN
                        + " has points in " + Math.round(100 * config.minCellShare()) + " % of its slots (" + ForecastConfig.MIN_CELL_SHARE + ")");
            }
            Optional<City> city = cityOf(cellList.get(0));
            ZoneId zone = city.map(City::zone).orElse(MobilityConfig.from(context.settings()).zone());
            // which series each cell feeds
            int[] seriesOfCell = new int[cellList.size()];
            List<String> keys = new ArrayList<>();
            long[] seriesCells;
            switch (config.level()) {
                case CELL -> {
                    seriesCells = new long[cellList.size()];
                    for (int i = 0; i < cellList.size(); i++) {
                        seriesOfCell[i] = i;
                        seriesCells[i] = cellList.get(i);
                        keys.add(CellRings.h3().h3ToString(cellList.get(i)));
                    }
                }
                case CITY -> {
                    keys.add("city");
                    seriesCells = new long[1];
                }
                default -> {
                    List<Zone> zones = zones(context, scanOf(context, AnalyticsTables.STAGE_ZONES), config.zoneSet());
                    ZoneIndex index = new ZoneIndex(zones);
                    Map<Integer, Integer> seriesOfZone = new HashMap<>();
                    for (int i = 0; i < cellList.size(); i++) {
                        LatLng centre = CellRings.h3().cellToLatLng(cellList.get(i));
                        int found = index.locate(centre.lat, centre.lng);
                        if (found == ZoneIndex.NO_ZONE) {
                            seriesOfCell[i] = -1;
                            continue;
                        }
                        seriesOfCell[i] = seriesOfZone.computeIfAbsent(found, z -> {
                            keys.add(zones.get(z).zoneId());
                            return keys.size() - 1;
                        });
                    }
                    if (keys.isEmpty()) {
                        throw new UrbanFlowException("Cannot forecast per zone: no cell of " + MobilityTables.MART_CELL_TRAFFIC_10MIN
                                + " lies in a zone of set " + zones.get(0).zoneSet());
                    }
                    seriesCells = new long[keys.size()];
                }
            }
            int series = keys.size();
            float[] values = new float[series * slots];
            double[] weights = config.target() == ForecastTarget.SPEED ? new double[series * slots] : null;
            long rows = 0;
            try (ResultSet result = statement.executeQuery("SELECT epoch_us(interval_10min), h3_cell, points, vehicles, mean_speed_kmh, speed_samples FROM " + scan)) {
                while (result.next()) {
                    rows++;
                    Integer cell = cellIndex.get(result.getLong(2));
                    if (cell == null || seriesOfCell[cell] < 0) {
                        continue;
                    }
                    int at = seriesOfCell[cell] * slots + (int) ((result.getLong(1) - start) / SLOT_MICROS);
                    switch (config.target()) {
                        case POINTS -> values[at] += result.getLong(3);
                        case VEHICLES -> values[at] += result.getLong(4);
                        case SPEED -> {
                            double speed = result.getDouble(5);
                            long samples = result.getLong(6);
                            if (!result.wasNull() && samples > 0) {
                                values[at] += (float) (speed * samples);
                                weights[at] += samples;
                            }
                        }
                    }
                }
            }
            if (weights != null) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = weights[i] > 0 ? (float) (values[i] / weights[i]) : Float.NaN;
                }
            }
            int[][] neighbours = config.level() == ForecastLevel.CELL ? CellRings.neighbours(seriesCells) : emptyRings(series);
            return new Read(new SeriesPanel(config.target(), config.level(), keys, seriesCells, start, slots, values, zone, city, neighbours),
                    snapshotId, rows);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read " + MobilityTables.MART_CELL_TRAFFIC_10MIN + " for forecasts: " + e.getMessage(), e);
        }
    }

    private static int[][] emptyRings(int series) {
        int[][] rings = new int[series][];
        Arrays.fill(rings, new int[0]);
        return rings;
    }

    private static Optional<City> cityOf(long cell) {
        LatLng centre = CellRings.h3().cellToLatLng(cell);
        return City.containing(centre.lat, centre.lng);
    }

    private static String scanOf(ModelContext context, String name) {
        Table table = context.findTable(name).orElseThrow(() -> new UrbanFlowException(
                "Cannot forecast per zone: no zones are loaded yet (urbanflow zones load FILE.geojson)"));
        table.refresh();
        if (table.currentSnapshot() == null) {
            throw new UrbanFlowException("Cannot forecast per zone: no zones are loaded yet (urbanflow zones load FILE.geojson)");
        }
        return SqlText.scan(table.schema(), RangeReplacement.filePaths(table, table.currentSnapshot().snapshotId(), "loaded_at", Optional.empty()));
    }

    /** The zones of a set (the first set by name when {@code zoneSet} is blank), in file order. */
    private static List<Zone> zones(ModelContext context, String scan, String zoneSet) throws SQLException {
        WKTReader reader = new WKTReader(GeoJsonZones.GEOMETRY_FACTORY);
        Map<String, List<Zone>> bySet = new java.util.TreeMap<>();
        try (Statement statement = context.duckdb().createStatement();
             ResultSet rows = statement.executeQuery("SELECT zone_set, zone_id, name, wkt FROM " + scan + " ORDER BY zone_set, position")) {
            while (rows.next()) {
                try {
                    bySet.computeIfAbsent(rows.getString(1), key -> new ArrayList<>())
                            .add(new Zone(rows.getString(1), rows.getString(2), rows.getString(3), reader.read(rows.getString(4))));
                } catch (ParseException e) {
                    throw new UrbanFlowException("Cannot read zone " + rows.getString(2) + ": " + e.getMessage(), e);
                }
            }
        }
        if (bySet.isEmpty()) {
            throw new UrbanFlowException("Cannot forecast per zone: no zones are loaded yet (urbanflow zones load FILE.geojson)");
        }
        if (zoneSet.isBlank()) {
            return bySet.values().iterator().next();
        }
        List<Zone> zones = bySet.get(zoneSet);
        if (zones == null) {
            throw new UrbanFlowException("Cannot forecast per zone: no zone set '" + zoneSet + "'; loaded sets are " + String.join(", ", bySet.keySet()));
        }
        return zones;
    }

    private static UrbanFlowException empty() {
        return new UrbanFlowException("Cannot forecast: " + MobilityTables.MART_CELL_TRAFFIC_10MIN
                + " has no rows yet (load or ingest points, then run urbanflow aggregate)");
    }
}
