package io.urbanflow.mobility.models.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Hands the {@link TrajectoryKernel}'s results to DuckDB in bulk: one table row per chunk of
 * {@link TrajectoryKernel#CELL_CHUNK} input rows, each column a list holding the chunk's values, appended as Java
 * arrays (a few JNI calls per chunk instead of seven per point). {@link #rowsSql} unnests them back to one row per
 * input row.
 *
 * <p>Invariants: chunks are appended in input order and fit in one DuckDB row group (a few hundred table rows at
 * most per 4M input rows), so a scan of the table, and the unnest of its lists, yields the values in input order:
 * row {@code n} of {@link #rowsSql} is input row {@code n}, which is what a {@code POSITIONAL JOIN} relies on.
 * NaN doubles (no value) become NULL in {@link #rowsSql}.
 */
public final class ComputedChunks {
    private ComputedChunks() {
    }

    /** Creates (or replaces) temp table {@code table} with the kernel's results of every row added to it. */
    public static void append(Connection duckdb, String table, TrajectoryKernel kernel) throws SQLException {
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMP TABLE " + table + " (flag INTEGER[], speed_kmh DOUBLE[], heading_deg DOUBLE[],"
                    + " distance_m DOUBLE[], h3_cell BIGINT[], local_micros BIGINT[])");
        }
        TrajectoryKernel.ResultChunk chunk = new TrajectoryKernel.ResultChunk();
        int size = kernel.size();
        try (DuckDBAppender appender = duckdb.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
            for (int from = 0; from < size; from += TrajectoryKernel.CELL_CHUNK) {
                int to = Math.min(size, from + TrajectoryKernel.CELL_CHUNK);
                // cells are computed by the kernel's background thread, a chunk ahead of this loop
                kernel.awaitCells(to - 1);
                kernel.copyResults(from, to, chunk);
                appender.beginRow()
                        .append(chunk.flags)
                        .append(chunk.speedKmh)
                        .append(chunk.headingDegrees)
                        .append(chunk.distanceMetres)
                        .append(chunk.h3Cells)
                        .append(chunk.localMicros)
                        .endRow();
            }
        }
    }

    /**
     * One row per input row, in input order: {@code flag TINYINT, speed_kmh, heading_deg, distance_m DOUBLE (NULL
     * for none), h3_cell BIGINT, local_ts TIMESTAMP}.
     */
    public static String rowsSql(String table) {
        return "SELECT flag::TINYINT AS flag, " + nullForNaN("speed_kmh") + ", " + nullForNaN("heading_deg") + ", "
                + nullForNaN("distance_m") + ", h3_cell, make_timestamp(local_micros) AS local_ts FROM (SELECT unnest(flag) AS flag,"
                + " unnest(speed_kmh) AS speed_kmh, unnest(heading_deg) AS heading_deg, unnest(distance_m) AS distance_m,"
                + " unnest(h3_cell) AS h3_cell, unnest(local_micros) AS local_micros FROM " + table + ")";
    }

    private static String nullForNaN(String column) {
        return "CASE WHEN isnan(" + column + ") THEN NULL ELSE " + column + " END AS " + column;
    }
}
