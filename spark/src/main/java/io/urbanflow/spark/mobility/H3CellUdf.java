package io.urbanflow.spark.mobility;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code h3_cell(lat, lon, resolution)}: the H3 cell of a point as a BIGINT, computed by the same H3 library (and so
 * the same cells) as {@code stage.gps_points.h3_cell}. Spark has no H3 of its own. One H3 instance per executor JVM;
 * H3Core is thread-safe.
 */
final class H3CellUdf implements UDF3<Double, Double, Integer, Long> {
    static final String NAME = "h3_cell";
    private static final long serialVersionUID = 1L;

    /** Registers the function in {@code session}'s SQL. */
    static void register(SparkSession session) {
        session.udf().register(NAME, new H3CellUdf(), DataTypes.LongType);
    }

    @Override
    public Long call(Double latitude, Double longitude, Integer resolution) {
        if (latitude == null || longitude == null || resolution == null) {
            return null;
        }
        return Holder.H3.latLngToCell(latitude, longitude, resolution);
    }

    /** Loaded on first use in each JVM (the native library is extracted once). */
    private static final class Holder {
        static final H3Core H3 = load();

        private static H3Core load() {
            try {
                return H3Core.newInstance();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load the H3 library", e);
            }
        }
    }
}
