package io.urbanflow.analytics;

import io.urbanflow.analytics.internal.Rows;
import io.urbanflow.model.UrbanFlowException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Reads {@code stage.gps_points} through DuckDB (the lake views of the query engine's trusted connection): the
 * points of a time window without outliers, sorted by vehicle and time in DuckDB, handed over one vehicle at a
 * time in a reused {@link VehicleTrack}. Memory holds one vehicle's track. Not thread-safe.
 */
public final class DuckDbTrackReader implements TrackReader {
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
        String sql = "SELECT vehicle_id, epoch_us(ts), epoch_us(local_ts), lat, lon, speed_kmh, h3_cell FROM " + table
                + " WHERE NOT is_outlier AND ts >= " + Rows.timestamptzLiteral(fromMicros) + " AND ts < " + Rows.timestamptzLiteral(toMicros)
                + " ORDER BY vehicle_id, ts";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            String vehicle = null;
            while (rows.next()) {
                String id = rows.getString(1);
                if (!id.equals(vehicle)) {
                    if (vehicle != null) {
                        consumer.accept(track);
                    }
                    vehicle = id;
                    track.reset(id);
                }
                double speed = rows.getDouble(6);
                if (rows.wasNull()) {
                    speed = Double.NaN;
                }
                track.add(rows.getLong(2), rows.getLong(3), rows.getDouble(4), rows.getDouble(5), speed, rows.getLong(7));
                rowsRead++;
            }
            if (vehicle != null) {
                consumer.accept(track);
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read " + table + ": " + e.getMessage(), e);
        }
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
