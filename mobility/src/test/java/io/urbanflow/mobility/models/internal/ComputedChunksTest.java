package io.urbanflow.mobility.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComputedChunksTest {
    private static final long T0 = 1_391_241_600_000_000L; // 2014-02-01T08:00Z

    @Test
    void rows_come_back_in_input_order_across_chunks_with_nan_as_null() throws Exception {
        TrajectoryKernel kernel = new TrajectoryKernel(200, 3_600_000_000L, 9, Optional.empty(), ZoneId.of("Europe/Rome"), 1, 16);
        int rows = TrajectoryKernel.CELL_CHUNK * 2 + 123;
        for (int i = 0; i < rows; i++) {
            // 50 vehicles, a fix every 10 s each; every 1000th row repeats its vehicle's previous instant (dropped)
            long time = T0 + (i / 50) * 10_000_000L - (i % 1000 == 999 && i >= 50 ? 10_000_000L : 0);
            kernel.add(i % 50, time, 41.9 + Math.sin(i * 0.001) * 0.05, 12.5 + Math.cos(i * 0.001) * 0.05, i, false);
        }
        kernel.startCells();
        kernel.computeTracks();
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            ComputedChunks.append(duckdb, "computed", kernel);
            int row = 0;
            int dropped = 0;
            try (ResultSet result = statement.executeQuery("SELECT flag, speed_kmh, heading_deg, distance_m, h3_cell, epoch_us(local_ts)"
                    + " FROM (" + ComputedChunks.rowsSql("computed") + ")")) {
                while (result.next()) {
                    assertThat(result.getByte(1)).as("flag of row %d", row).isEqualTo(kernel.flag(row));
                    if (kernel.flag(row) == TrajectoryKernel.DROPPED) {
                        dropped++;
                    } else {
                        assertThat(result.getLong(5)).as("cell of row %d", row).isEqualTo(kernel.h3Cell(row));
                        assertThat(result.getLong(6)).as("local time of row %d", row).isEqualTo(kernel.localMicros(row));
                    }
                    assertValue(result, 2, kernel.speedKmh(row), row);
                    assertValue(result, 3, kernel.headingDegrees(row), row);
                    assertValue(result, 4, kernel.distanceMetres(row), row);
                    row++;
                }
            }
            assertThat(row).isEqualTo(rows);
            assertThat(dropped).isPositive();
        }
    }

    private static void assertValue(ResultSet result, int column, double expected, int row) throws Exception {
        Object value = result.getObject(column);
        if (Double.isNaN(expected)) {
            assertThat(value).as("column %d of row %d", column, row).isNull();
        } else {
            assertThat(value).as("column %d of row %d", column, row).isEqualTo(expected);
        }
    }
}
