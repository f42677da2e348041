package io.urbanflow.mobility.analytics;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.urbanflow.mobility.analytics.internal.LongIntHashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds the zone a position lies in (on the boundary counts as in; overlapping zones: the first in the set's order).
 *
 * <p>Two paths: {@link #locate(double, double)} queries an STRtree of the zones' envelopes and tests the candidates
 * with indexed point-in-polygon locators. {@link #locate(double, double, long)} first classifies the position's H3
 * cell once (cached): a cell that lies inside one zone, or outside all, answers every later point of that cell
 * with a hash lookup and no geometry; only points in cells on a zone boundary are tested, against the zones
 * that touch that cell. Cells are slightly enlarged before the test so rounding in H3's boundary cannot put a
 * point of the cell outside its polygon.
 *
 * <p>Not thread-safe (the cache and a reused coordinate): use one index per thread.
 */
public final class ZoneIndex {
    /** What {@code locate} returns for a position in no zone. */
    public static final int NO_ZONE = -1;
    private static final int NOT_CLASSIFIED = Integer.MIN_VALUE;
    /** About a metre: enough to cover the gap between H3's great-circle edges and straight lines in degrees. */
    private static final double CELL_MARGIN_DEGREES = 1e-5;

    private final List<Zone> zones;
    private final IndexedPointInAreaLocator[] locators;
    private final PreparedGeometry[] prepared;
    private final STRtree tree = new STRtree();
    private final LongIntHashMap cellStates = new LongIntHashMap(4096);
    private final List<int[]> boundaryCandidates = new ArrayList<>();
    private final Coordinate probe = new Coordinate();
    private H3Core h3;

    public ZoneIndex(List<Zone> zones) {
        this.zones = List.copyOf(zones);
        this.locators = new IndexedPointInAreaLocator[zones.size()];
        this.prepared = new PreparedGeometry[zones.size()];
        for (int index = 0; index < zones.size(); index++) {
            Geometry geometry = zones.get(index).geometry();
            locators[index] = new IndexedPointInAreaLocator(geometry);
            prepared[index] = PreparedGeometryFactory.prepare(geometry);
            tree.insert(geometry.getEnvelopeInternal(), index);
        }
        tree.build();
    }

    public int size() {
        return zones.size();
    }

    public Zone zone(int index) {
        return zones.get(index);
    }

    public List<Zone> zones() {
        return zones;
    }

    /** The index of the zone holding the position, or {@link #NO_ZONE}. */
    public int locate(double latitude, double longitude) {
        probe.x = longitude;
        probe.y = latitude;
        @SuppressWarnings("unchecked")
        List<Integer> candidates = tree.query(new Envelope(probe));
        int best = NO_ZONE;
        for (int candidate : candidates) {
            if ((best == NO_ZONE || candidate < best) && locators[candidate].locate(probe) != Location.EXTERIOR) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * As {@link #locate(double, double)}, using the position's H3 cell (which must be the cell of that position)
     * to skip the geometry for cells inside one zone or outside all; {@link VehicleTrack#NO_CELL} falls back.
     */
    public int locate(double latitude, double longitude, long h3Cell) {
        if (h3Cell == VehicleTrack.NO_CELL) {
            return locate(latitude, longitude);
        }
        int state = cellStates.get(h3Cell, NOT_CLASSIFIED);
        if (state == NOT_CLASSIFIED) {
            state = classify(h3Cell);
            cellStates.put(h3Cell, state);
        }
        if (state >= NO_ZONE) {
            return state;
        }
        int[] candidates = boundaryCandidates.get(-state - 2);
        probe.x = longitude;
        probe.y = latitude;
        for (int candidate : candidates) {
            if (locators[candidate].locate(probe) != Location.EXTERIOR) {
                return candidate;
            }
        }
        return NO_ZONE;
    }

    /** How many H3 cells were classified, and how many of them lie on a boundary: for figures and tests. */
    public int classifiedCells() {
        return cellStates.size();
    }

    public int boundaryCells() {
        return boundaryCandidates.size();
    }

    /** A zone index (cell inside it), NO_ZONE (outside all), or -2 - k: boundary, candidates at k. */
    private int classify(long cell) {
        Polygon cellPolygon = cellPolygon(cell);
        @SuppressWarnings("unchecked")
        List<Integer> found = tree.query(cellPolygon.getEnvelopeInternal());
        List<Integer> touching = new ArrayList<>();
        for (int candidate : found) {
            if (prepared[candidate].intersects(cellPolygon)) {
                touching.add(candidate);
            }
        }
        if (touching.isEmpty()) {
            return NO_ZONE;
        }
        touching.sort(null);
        int first = touching.get(0);
        if (prepared[first].covers(cellPolygon)) {
            return first;
        }
        int[] candidates = touching.stream().mapToInt(Integer::intValue).toArray();
        boundaryCandidates.add(candidates);
        return -2 - (boundaryCandidates.size() - 1);
    }

    private Polygon cellPolygon(long cell) {
        if (h3 == null) {
            try {
                h3 = H3Core.newInstance();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot load the H3 library", e);
            }
        }
        List<LatLng> boundary = h3.cellToBoundary(cell);
        Coordinate[] ring = new Coordinate[boundary.size() + 1];
        for (int index = 0; index < boundary.size(); index++) {
            ring[index] = new Coordinate(boundary.get(index).lng, boundary.get(index).lat);
        }
        ring[boundary.size()] = ring[0];
        Polygon polygon = GeoJsonZones.GEOMETRY_FACTORY.createPolygon(ring);
        return (Polygon) polygon.buffer(CELL_MARGIN_DEGREES, 2);
    }
}
