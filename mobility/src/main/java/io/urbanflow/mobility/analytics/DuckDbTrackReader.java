package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.analytics.internal.Rows;
import io.urbanflow.model.UrbanFlowException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads {@code stage.gps_points} through DuckDB (the lake views of the query engine's trusted connection): the
 * points of a time window without outliers, sorted by vehicle and time in DuckDB, handed over one vehicle at a
 * time in a reused {@link VehicleTrack}. Memory holds one vehicle's track. Not thread-safe.
 */
public final class DuckDbTrackReader implements TrackReader {
    private static final String VEHICLES = "urbanflow_track_vehicles";

    private final Connection connection;
    private final String table;
    private final VehicleTrack track = new VehicleTrack(4096);
    private long rowsRead;

    /** @param table the stage table's name as DuckDB sees it, normally {@code stage.gps_points} */
    public DuckDbTrackReader(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    @Override
    public void read(long fromMicros, long toMicros, Consumer<VehicleTrack> consumer) {
        // Vehicles travel as numbers: reading an INTEGER per row is about twice as fast as a VARCHAR through JDBC.
        String numbered = "CREATE OR REPLACE TEMP TABLE " + VEHICLES + " AS SELECT vehicle_id, (row_number() OVER (ORDER BY vehicle_id) - 1)::INTEGER AS n"
                + " FROM (SELECT DISTINCT vehicle_id FROM " + table + " p" + where(fromMicros, toMicros) + ")";
        String points = "SELECT v.n, epoch_us(p.ts), epoch_us(p.local_ts), p.lat, p.lon, p.speed_kmh, p.h3_cell FROM " + table + " p"
                + " JOIN " + VEHICLES + " v USING (vehicle_id)" + where(fromMicros, toMicros)
                + " ORDER BY v.n, p.ts";
        try (Statement statement = connection.createStatement()) {
            statement.execute(numbered);
            List<String> vehicles = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT vehicle_id FROM " + VEHICLES + " ORDER BY n")) {
                while (rows.next()) {
                    vehicles.add(rows.getString(1));
                }
            }
            try (ResultSet rows = statement.executeQuery(points)) {
                int vehicle = -1;
                while (rows.next()) {
                    int number = rows.getInt(1);
                    if (number != vehicle) {
                        if (vehicle >= 0) {
                            consumer.accept(track);
                        }
                        vehicle = number;
                        track.reset(vehicles.get(number));
                    }
                    double speed = rows.getDouble(6);
                    if (rows.wasNull()) {
                        speed = Double.NaN;
                    }
                    track.add(rows.getLong(2), rows.getLong(3), rows.getDouble(4), rows.getDouble(5), speed, rows.getLong(7));
                    rowsRead++;
                }
                if (vehicle >= 0) {
                    consumer.accept(track);
                }
            }
            statement.execute("DROP TABLE IF EXISTS " + VEHICLES);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    private static String where(long fromMicros, long toMicros) {
        return " WHERE NOT p.is_outlier AND p.ts >= " + Rows.timestamptzLiteral(fromMicros) + " AND p.ts < " + Rows.timestamptzLiteral(toMicros);
    }

    @Override
    public long[] bounds() {
        String sql = "SELECT epoch_us(min(ts)), epoch_us(max(ts)) FROM " + table + " WHERE NOT is_outlier";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            long min = rows.getLong(1);
            return rows.wasNull() ? null : new long[] {min, rows.getLong(2)};
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    /** Rows read so far, over every call. */
    public long rowsRead() {
        return rowsRead;
    }
}
