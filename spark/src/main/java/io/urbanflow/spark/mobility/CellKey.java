package io.urbanflow.spark.mobility;

import java.io.Serializable;
import java.util.Objects;

/**
 * The pair RDD's key: an H3 cell, the start of a 10-minute interval (epoch microseconds) and, after the zone join, the
 * zone the point lies in ({@code null} outside every zone or when no zones are joined). Immutable.
 */
final class CellKey implements Serializable {
    private static final long serialVersionUID = 1L;
    final long cell;
    final long intervalMicros;
    final String zoneId;

    CellKey(long cell, long intervalMicros, String zoneId) {
        this.cell = cell;
        this.intervalMicros = intervalMicros;
        this.zoneId = zoneId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CellKey key && key.cell == cell && key.intervalMicros == intervalMicros && Objects.equals(key.zoneId, zoneId);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(cell) * 31 * 31 + Long.hashCode(intervalMicros) * 31 + Objects.hashCode(zoneId);
    }

    @Override
    public String toString() {
        return Long.toHexString(cell) + "@" + intervalMicros + (zoneId == null ? "" : "/" + zoneId);
    }
}
