package io.urbanflow.mobility.analytics;

import io.urbanflow.mobility.analytics.internal.LongIntHashMap;
import io.urbanflow.mobility.analytics.internal.Rows;

/**
 * Counts points and distinct vehicles per zone, local day and hour of day, for one zone set, as a
 * {@link PointObserver} of the trajectory pass. Per point: one zone lookup (usually a hash lookup of the point's
 * H3 cell, see {@link ZoneIndex}) and two counter updates, no allocation. Not thread-safe.
 */
public final class ZoneTrafficCounter implements PointObserver {
    /** Receives one aggregate row. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(Zone zone, long epochDay, int hour, long points, long vehicles);
    }

    private final ZoneSet zoneSet;
    private final ZoneIndex index;
    private LongIntHashMap points = new LongIntHashMap(1024);
    private LongIntHashMap vehicles = new LongIntHashMap(1024);
    private LongIntHashMap seenByVehicle = new LongIntHashMap(64);
    private String vehicle;
    private long located;

    public ZoneTrafficCounter(ZoneSet zoneSet) {
        this.zoneSet = zoneSet;
        this.index = new ZoneIndex(zoneSet.zones());
    }

    public ZoneSet zoneSet() {
        return zoneSet;
    }

    public ZoneIndex index() {
        return index;
    }

    @Override
    public void reset() {
        points = new LongIntHashMap(1024);
        vehicles = new LongIntHashMap(1024);
        seenByVehicle = new LongIntHashMap(64);
        vehicle = null;
        located = 0;
    }

    @Override
    public void observe(VehicleTrack track, int first, int last) {
        if (!track.vehicleId().equals(vehicle)) {
            vehicle = track.vehicleId();
            seenByVehicle = new LongIntHashMap(64);
        }
        for (int point = first; point <= last; point++) {
            int zone = index.locate(track.latitude(point), track.longitude(point), track.h3Cell(point));
            if (zone < 0) {
                continue;
            }
            long local = track.localMicros(point);
            long key = key(zone, Rows.day(local), Rows.hour(local));
            points.add(key, 1);
            if (seenByVehicle.add(key, 1) == 1) {
                vehicles.add(key, 1);
            }
            located++;
        }
    }

    /** Points found in some zone during the last pass. */
    public long located() {
        return located;
    }

    /** Visits the counts of the last pass. */
    public void forEachRow(RowConsumer consumer) {
        points.forEach((key, count) -> consumer.accept(index.zone((int) (key >>> 40)), (key >>> 5) & 0x7_ffff_ffffL,
                (int) (key & 31), count, vehicles.get(key, 0)));
    }

    /** zone (24 bits) | epoch day (35 bits) | hour (5 bits) */
    private static long key(int zone, long epochDay, int hour) {
        return ((long) zone << 40) | (epochDay << 5) | hour;
    }
}
