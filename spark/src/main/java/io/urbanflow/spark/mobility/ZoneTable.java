package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.analytics.GeoJsonZones;
import io.urbanflow.mobility.analytics.Zone;
import io.urbanflow.mobility.analytics.ZoneIndex;
import io.urbanflow.model.UrbanFlowException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * One zone set of {@code stage.zones} (loaded by {@code urbanflow zones load}) as the small side of a broadcast join:
 * serializable rows of id and WKT, from which each task builds its own {@link ZoneIndex} (the index is not
 * thread-safe). Immutable.
 *
 * @param zoneSet the set's name; empty when no zones are loaded
 * @param ids     zone ids in file order (where zones overlap, the first wins)
 * @param wkts    their geometries as WKT, longitude first
 */
record ZoneTable(String zoneSet, List<String> ids, List<String> wkts) implements Serializable {
    ZoneTable {
        ids = List.copyOf(ids);
        wkts = List.copyOf(wkts);
        if (ids.size() != wkts.size()) {
            throw new IllegalArgumentException("Cannot build zone table: " + ids.size() + " ids for " + wkts.size() + " geometries");
        }
    }

    static ZoneTable none() {
        return new ZoneTable("", List.of(), List.of());
    }

    /**
     * The zones of {@code set} (default: the first set by name) read with Spark SQL; {@link #none()} when no zones are
     * loaded.
     *
     * @throws UrbanFlowException when the named set does not exist
     */
    static ZoneTable read(SparkSession session, Optional<String> set) {
        if (!session.catalog().tableExists(AnalyticsTables.STAGE_ZONES)) {
            if (set.isPresent()) {
                throw new UrbanFlowException("Cannot join zone set " + set.get() + ": no zones are loaded (urbanflow zones load FILE)");
            }
            return none();
        }
        List<Row> rows = session.sql("SELECT zone_set, zone_id, wkt FROM " + AnalyticsTables.STAGE_ZONES + " ORDER BY zone_set, position")
                .collectAsList();
        if (rows.isEmpty() && set.isEmpty()) {
            return none();
        }
        String chosen = set.orElse(rows.isEmpty() ? "" : rows.get(0).getString(0));
        List<String> ids = new ArrayList<>();
        List<String> wkts = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (Row row : rows) {
            if (!known.contains(row.getString(0))) {
                known.add(row.getString(0));
            }
            if (row.getString(0).equals(chosen)) {
                ids.add(row.getString(1));
                wkts.add(row.getString(2));
            }
        }
        if (ids.isEmpty()) {
            throw new UrbanFlowException("Cannot join zone set " + chosen + ": known sets are " + known);
        }
        return new ZoneTable(chosen, ids, wkts);
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }

    /** A new index over these zones, for one task. */
    ZoneIndex index() {
        WKTReader reader = new WKTReader(GeoJsonZones.GEOMETRY_FACTORY);
        List<Zone> zones = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            try {
                zones.add(new Zone(zoneSet, ids.get(i), ids.get(i), reader.read(wkts.get(i))));
            } catch (ParseException e) {
                throw new UrbanFlowException("Cannot read zone " + ids.get(i) + " of set " + zoneSet + ": " + e.getMessage(), e);
            }
        }
        return new ZoneIndex(zones);
    }
}
