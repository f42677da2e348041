package io.urbanflow.mobility.analytics;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;

/**
 * Keeps zone sets in {@code stage.zones}: loading replaces one set in one commit; reading returns every set.
 * Stateless, thread-safe.
 */
public final class ZoneStore {
    private ZoneStore() {
    }

    /** {@code stage.zones}, created when missing. */
    public static Table table(Lake lake) {
        return lake.createIfMissing(AnalyticsTables.STAGE_ZONES, AnalyticsTables.ZONES_SCHEMA, AnalyticsTables.ZONES_SPEC);
    }

    /** Replaces the zones of {@code zoneSet.name()} by {@code zoneSet}'s in one commit. */
    public static void store(Lake lake, ZoneSet zoneSet, Clock clock) {
        Table table = table(lake);
        OffsetDateTime now = OffsetDateTime.now(clock);
        WKTWriter wkt = new WKTWriter();
        List<Record> rows = new ArrayList<>();
        int position = 0;
        for (Zone zone : zoneSet.zones()) {
            Envelope box = zone.geometry().getEnvelopeInternal();
            GenericRecord row = GenericRecord.create(AnalyticsTables.ZONES_SCHEMA);
            row.setField("zone_set", zoneSet.name());
            row.setField("zone_id", zone.zoneId());
            row.setField("name", zone.name());
            row.setField("wkt", wkt.write(zone.geometry()));
            row.setField("min_lat", box.getMinY());
            row.setField("min_lon", box.getMinX());
            row.setField("max_lat", box.getMaxY());
            row.setField("max_lon", box.getMaxX());
            row.setField("position", position++);
            row.setField("loaded_at", now);
            rows.add(row);
        }
        TableWrites.overwrite(table, Expressions.equal("zone_set", zoneSet.name()), rows);
    }

    /** Every stored zone set, by name, zones in their file order; empty when none was loaded. */
    public static List<ZoneSet> readAll(Lake lake) {
        Optional<Table> table = lake.findTable(AnalyticsTables.STAGE_ZONES);
        if (table.isEmpty() || table.get().currentSnapshot() == null) {
            return List.of();
        }
        Map<String, List<Record>> bySet = new LinkedHashMap<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table.get()).build()) {
            for (Record row : rows) {
                bySet.computeIfAbsent((String) row.getField("zone_set"), key -> new ArrayList<>()).add(row.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WKTReader reader = new WKTReader(GeoJsonZones.GEOMETRY_FACTORY);
        List<ZoneSet> sets = new ArrayList<>();
        bySet.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            List<Record> rows = new ArrayList<>(entry.getValue());
            rows.sort(Comparator.comparingInt(row -> (Integer) row.getField("position")));
            List<Zone> zones = new ArrayList<>();
            for (Record row : rows) {
                Geometry geometry;
                try {
                    geometry = reader.read((String) row.getField("wkt"));
                } catch (ParseException e) {
                    throw new UrbanFlowException("Cannot read zone " + row.getField("zone_id") + " of set " + entry.getKey()
                            + " from " + AnalyticsTables.STAGE_ZONES + ": " + e.getMessage(), e);
                }
                zones.add(new Zone(entry.getKey(), (String) row.getField("zone_id"), (String) row.getField("name"), geometry));
            }
            sets.add(new ZoneSet(entry.getKey(), zones));
        });
        return sets;
    }

    /** The current snapshot id of {@code stage.zones}, or -1 when it has none: a change forces zone aggregates to rebuild. */
    public static long snapshotId(Lake lake) {
        return lake.findTable(AnalyticsTables.STAGE_ZONES)
                .map(table -> table.currentSnapshot() == null ? -1L : table.currentSnapshot().snapshotId())
                .orElse(-1L);
    }
}
