package io.urbanflow.mobility.live;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.BoundingBox;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.Geo;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live view of the stream: the latest position of each vehicle, per-cell figures over the last N minutes (for
 * the map) and per-cell figures in tumbling intervals aligned on the city's local clock (the live twin of
 * {@code mart.cell_traffic_10min}), with the changes batched into bounded {@link LiveUpdate}s.
 *
 * <p>Definitions, those of {@code stage.gps_points} and {@code mart.cell_traffic_10min}: per vehicle, a point at the
 * same instant as the vehicle's previous one is a duplicate and dropped; a point outside the city's bounds, or
 * implying more than {@link LiveOptions#maxSpeedKmh()} from the vehicle's last good point, is an outlier and
 * left out of everything. Other points are good: each belongs to the H3 cell of its position at
 * {@link LiveOptions#resolution()} and to the interval holding its time on the zone's local clock; its speed is the
 * haversine distance from the vehicle's last good point over the elapsed time ({@link Geo#speedKmh}), none when
 * that point is more than {@link LiveOptions#trackGap()} earlier or there is none. As in the stage, a point with no
 * good point within the gap starts a segment as a candidate that a later point must confirm; the figures are always
 * those the stage would compute if the stream ended at that moment (the earliest waiting candidate counted, the
 * others as outliers), revised when a later point decides. A cell's mean speed is the mean of its points' speeds. Each vehicle's points are expected in time order (the replay keys messages by vehicle);
 * a point older than its vehicle's latest still counts in its interval, without a speed, and does not move the
 * vehicle (the batch pipeline, which sorts, may differ there).
 *
 * <p>The data's clock (the watermark) is the latest point time seen, ignoring times more than a day past the
 * injected clock's now, so one corrupt timestamp cannot empty the map. "Recent" is relative to the watermark, so a
 * replayed day from 2014 looks live. An interval is closed once the watermark passes its end; a late point still
 * revises it while it is retained, so after the stream is consumed, retained intervals hold exactly the figures of
 * the data.
 *
 * <p>Hot path: {@link #accept} allocates nothing for a known vehicle and cell (open-addressing maps keyed by the
 * primitive cell id; the zone offset is cached). Thread safety: every public method is synchronized; a consumer
 * thread calls {@link #accept} while a broadcaster calls {@link #drainUpdate} and {@link #snapshot}.
 */
public final class LiveAggregator {
    private static final long MICROS_PER_MINUTE = 60_000_000L;
    private static final long FUTURE_TOLERANCE_MICROS = 24L * 3_600 * 1_000_000;
    private static final long MICROS_PER_DAY = 86_400_000_000L;
    /** Segment starts waiting for confirmation, as in stage.gps_points. */
    private static final int MAX_CANDIDATES = 3;

    private final LiveOptions options;
    private final Clock clock;
    private final H3Core h3;
    private final IntervalAligner aligner;
    private final long intervalMicros;
    private final int recentMinutes;
    private final long trackGapMicros;
    private final BoundingBox[] bounds;

    private final Map<String, Vehicle> vehicles = new HashMap<>();
    private final TreeMap<Long, Interval> intervals = new TreeMap<>();
    private final LongMap<RecentCell> recentCells = new LongMap<>(1024);
    private final ArrayDeque<Vehicle> dirtyVehicles = new ArrayDeque<>();
    private final ArrayDeque<RecentCell> dirtyCells = new ArrayDeque<>();
    private final List<String> removedVehicles = new ArrayList<>();
    private final List<Long> removedCells = new ArrayList<>();

    private long points;
    private long rejected;
    private long latePoints;
    private long duplicates;
    private long outliers;
    private int visibleVehicles;
    private long watermarkMicros;
    private long sweptMinute = Long.MIN_VALUE;
    private long sequence;
    // A one-entry cache for the interval of the previous point: consecutive points mostly share it.
    private long lastIntervalStart = Long.MIN_VALUE;
    private Interval lastInterval;

    public LiveAggregator(LiveOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start live view: H3 native library failed to load: " + e.getMessage(), e);
        }
        this.intervalMicros = options.interval().toMillis() * 1_000L;
        this.aligner = new IntervalAligner(options.zone(), intervalMicros);
        this.recentMinutes = (int) options.recent().toMinutes();
        this.trackGapMicros = options.trackGap().toMillis() * 1_000L;
        City[] cities = options.city() == null ? City.values() : new City[] {options.city()};
        this.bounds = new BoundingBox[cities.length];
        for (int i = 0; i < cities.length; i++) {
            bounds[i] = cities[i].bounds();
        }
    }

    public LiveOptions options() {
        return options;
    }

    /** Adds one point to every view. */
    public synchronized void accept(GpsPoint point) {
        accept(point.vehicleId(), point.epochMicros(), point.latitude(), point.longitude());
    }

    /** Adds one point given by its fields (already validated as a {@link GpsPoint} would be). */
    public synchronized void accept(String vehicleId, long epochMicros, double latitude, double longitude) {
        Vehicle vehicle = vehicles.get(vehicleId);
        if (vehicle == null) {
            vehicle = new Vehicle(vehicleId, vehicles.size());
            vehicles.put(vehicleId, vehicle);
        }
        // The rules of stage.gps_points, in the order its kernel applies them.
        boolean inOrder = epochMicros > vehicle.previousMicros;
        if (epochMicros == vehicle.previousMicros) {
            duplicates++;
            return;
        }
        if (inOrder) {
            vehicle.previousMicros = epochMicros;
        }
        if (!inBounds(latitude, longitude)) {
            outliers++;
            return;
        }
        if (!inOrder) {
            count(vehicle, epochMicros, latitude, longitude, Double.NaN); // counts, without speed, and moves nothing
            return;
        }
        if (vehicle.candidates > 0) {
            stepWithCandidates(vehicle, epochMicros, latitude, longitude);
            return;
        }
        if (vehicle.good && epochMicros - vehicle.epochMicros <= trackGapMicros) {
            double speed = Geo.speedKmh(Geo.distanceMetres(vehicle.latitude, vehicle.longitude, latitude, longitude),
                    epochMicros - vehicle.epochMicros);
            if (speed > options.maxSpeedKmh()) {
                outliers++;
                return;
            }
            long cell = count(vehicle, epochMicros, latitude, longitude, speed);
            anchor(vehicle, epochMicros, latitude, longitude, speed, cell);
            return;
        }
        startCandidates(vehicle, epochMicros, latitude, longitude);
    }

    /**
     * A point without anchor within the track gap starts a segment as a candidate, as in stage.gps_points. Until a
     * later point settles them, the figures are those the stage would have if the stream ended now: the earliest
     * candidate counted (without speed) and shown on the map, the others counted as outliers.
     */
    private void startCandidates(Vehicle vehicle, long epochMicros, double latitude, double longitude) {
        long cell = count(vehicle, epochMicros, latitude, longitude, Double.NaN);
        vehicle.setCandidate(0, epochMicros, latitude, longitude, cell);
        vehicle.candidates = 1;
        vehicle.firstSettled = false;
        vehicle.candidatesDayEnd = (Math.floorDiv(epochMicros, MICROS_PER_DAY) + 1) * MICROS_PER_DAY;
        anchorAtCandidate(vehicle, 0); // shown on the map; speeds wait for the candidates to be decided
    }

    private void stepWithCandidates(Vehicle vehicle, long epochMicros, double latitude, double longitude) {
        if (epochMicros >= vehicle.candidatesDayEnd) {
            // a new UTC day: the earliest stays good for good, the others stay outliers
            anchorAtCandidate(vehicle, 0);
            vehicle.candidates = 1;
            vehicle.firstSettled = true;
            vehicle.candidatesDayEnd = Long.MAX_VALUE;
        }
        int count = vehicle.candidates;
        for (int index = 0; index < count; index++) {
            long elapsed = epochMicros - vehicle.candidateMicros[index];
            if (elapsed > trackGapMicros) {
                continue;
            }
            double speed = Geo.speedKmh(Geo.distanceMetres(vehicle.candidateLatitude[index], vehicle.candidateLongitude[index],
                    latitude, longitude), elapsed);
            if (speed <= options.maxSpeedKmh()) {
                if (index > 0) {
                    // a later candidate is confirmed: the earliest is an outlier after all (unless settled), this one good
                    if (!vehicle.firstSettled) {
                        uncount(vehicle, 0);
                        outliers++;
                    }
                    outliers--;
                    count(vehicle, vehicle.candidateMicros[index], vehicle.candidateLatitude[index],
                            vehicle.candidateLongitude[index], Double.NaN);
                }
                vehicle.candidates = 0;
                long cell = count(vehicle, epochMicros, latitude, longitude, speed);
                anchor(vehicle, epochMicros, latitude, longitude, speed, cell);
                return;
            }
        }
        if (epochMicros - vehicle.candidateMicros[count - 1] > trackGapMicros) {
            anchorAtCandidate(vehicle, 0); // all expired: the earliest stays, a lone point
            vehicle.candidates = 0;
            startCandidates(vehicle, epochMicros, latitude, longitude);
            return;
        }
        if (count == MAX_CANDIDATES) {
            if (!vehicle.firstSettled) {
                uncount(vehicle, 0);
                outliers++;
            }
            vehicle.shiftCandidates();
            vehicle.firstSettled = false;
            count--;
            outliers--; // the new earliest counts as good now
            vehicle.candidateCell[0] = count(vehicle, vehicle.candidateMicros[0], vehicle.candidateLatitude[0],
                    vehicle.candidateLongitude[0], Double.NaN);
            anchorAtCandidate(vehicle, 0);
        }
        if (vehicle.candidatesDayEnd == Long.MAX_VALUE) {
            vehicle.candidatesDayEnd = (Math.floorDiv(epochMicros, MICROS_PER_DAY) + 1) * MICROS_PER_DAY;
        }
        outliers++; // a later candidate is an outlier unless a point confirms it
        vehicle.setCandidate(count, epochMicros, latitude, longitude, h3.latLngToCell(latitude, longitude, options.resolution()));
        vehicle.candidates = count + 1;
    }

    /** Counts a good point in its interval and recent cell; returns its cell. */
    private long count(Vehicle vehicle, long epochMicros, double latitude, double longitude, double speed) {
        points++;
        long cell = h3.latLngToCell(latitude, longitude, options.resolution());
        if (epochMicros > watermarkMicros && epochMicros <= nowMicros() + FUTURE_TOLERANCE_MICROS) {
            watermarkMicros = epochMicros;
        }
        addToInterval(epochMicros, cell, vehicle.number, speed);
        long minute = Math.floorDiv(epochMicros, MICROS_PER_MINUTE);
        if (minute > watermarkMinute() - recentMinutes) {
            RecentCell recentCell = recentCell(cell);
            recentCell.add(minute, speed, recentMinutes);
            markDirty(recentCell);
        }
        return cell;
    }

    /** Takes back the earliest candidate's count (it had no speed): it turned out an outlier. */
    private void uncount(Vehicle vehicle, int index) {
        points--;
        long epochMicros = vehicle.candidateMicros[index];
        long cell = vehicle.candidateCell[index];
        Interval interval = intervals.get(aligner.intervalStart(epochMicros));
        IntervalCell intervalCell = interval == null ? null : interval.cells.get(cell);
        if (intervalCell != null) {
            intervalCell.points--;
            intervalCell.vehicles.remove(vehicle.number);
            if (intervalCell.points == 0) {
                interval.cells.remove(cell);
            }
        }
        RecentCell recentCell = recentCells.get(cell);
        if (recentCell != null && recentCell.remove(Math.floorDiv(epochMicros, MICROS_PER_MINUTE))) {
            markDirty(recentCell);
        }
    }

    private void anchorAtCandidate(Vehicle vehicle, int index) {
        anchor(vehicle, vehicle.candidateMicros[index], vehicle.candidateLatitude[index], vehicle.candidateLongitude[index],
                Double.NaN, vehicle.candidateCell[index]);
    }

    /** The vehicle's last good point, from which speeds are measured, and its place on the map. */
    private void anchor(Vehicle vehicle, long epochMicros, double latitude, double longitude, double speed, long cell) {
        vehicle.good = true;
        vehicle.epochMicros = epochMicros;
        vehicle.latitude = latitude;
        vehicle.longitude = longitude;
        vehicle.speedKmh = speed;
        if (Math.floorDiv(epochMicros, MICROS_PER_MINUTE) > watermarkMinute() - recentMinutes) {
            moveVisible(vehicle, cell);
            if (!vehicle.dirty) {
                vehicle.dirty = true;
                dirtyVehicles.add(vehicle);
            }
        } else {
            hide(vehicle);
        }
        vehicle.cell = cell;
    }

    /** Counts a message that could not be decoded or validated. */
    public synchronized void reject() {
        rejected++;
    }

    /**
     * The changes since the previous call, at most {@link LiveOptions#maxVehiclesPerUpdate()} vehicles and
     * {@link LiveOptions#maxCellsPerUpdate()} cells; what is held back comes next time ({@link LiveUpdate#more()}).
     */
    public synchronized LiveUpdate drainUpdate() {
        sweep();
        List<VehiclePosition> changedVehicles = new ArrayList<>(Math.min(dirtyVehicles.size(), options.maxVehiclesPerUpdate()));
        while (!dirtyVehicles.isEmpty() && changedVehicles.size() < options.maxVehiclesPerUpdate()) {
            Vehicle vehicle = dirtyVehicles.poll();
            vehicle.dirty = false;
            if (vehicle.visible) {
                changedVehicles.add(vehicle.position());
            }
        }
        List<CellFigures> changedCells = new ArrayList<>(Math.min(dirtyCells.size(), options.maxCellsPerUpdate()));
        long cutoff = watermarkMinute() - recentMinutes;
        while (!dirtyCells.isEmpty() && changedCells.size() < options.maxCellsPerUpdate()) {
            RecentCell cell = dirtyCells.poll();
            cell.dirty = false;
            CellFigures figures = cell.figures(cutoff);
            if (figures.points() == 0 && figures.vehicles() == 0) {
                recentCells.remove(cell.cell);
                removedCells.add(cell.cell);
            } else {
                changedCells.add(figures);
            }
        }
        LiveUpdate update = new LiveUpdate(++sequence, false, !dirtyVehicles.isEmpty() || !dirtyCells.isEmpty(),
                totals(), changedVehicles, removedVehicles, changedCells, removedCells);
        removedVehicles.clear();
        removedCells.clear();
        return update;
    }

    /**
     * Every shown vehicle and cell, consistent with the latest {@link #drainUpdate()}: a client that applies this
     * snapshot and then the following updates sees what the others see. Changes not drained yet are in it too and
     * will be sent again in the next update, which is harmless because updates carry values, not increments.
     */
    public synchronized LiveUpdate snapshot() {
        List<VehiclePosition> shown = new ArrayList<>(visibleVehicles);
        for (Vehicle vehicle : vehicles.values()) {
            if (vehicle.visible) {
                shown.add(vehicle.position());
            }
        }
        List<CellFigures> cells = new ArrayList<>(recentCells.size());
        long cutoff = watermarkMinute() - recentMinutes;
        recentCells.forEachValue(cell -> {
            CellFigures figures = cell.figures(cutoff);
            if (figures.points() > 0 || figures.vehicles() > 0) {
                cells.add(figures);
            }
        });
        return new LiveUpdate(sequence, true, false, totals(), shown, List.of(), cells, List.of());
    }

    public synchronized LiveTotals totals() {
        return new LiveTotals(points, rejected, duplicates, outliers, visibleVehicles, recentCells.size(), watermarkMicros, latePoints);
    }

    /** The starts of the retained intervals, oldest first. */
    public synchronized List<Instant> intervals() {
        List<Instant> starts = new ArrayList<>(intervals.size());
        for (Long start : intervals.keySet()) {
            starts.add(instantOfMicros(start));
        }
        return starts;
    }

    /** Every retained (cell, interval) row, oldest interval first; the live equivalent of {@code mart.cell_traffic_10min}. */
    public synchronized List<CellIntervalFigures> intervalFigures() {
        List<CellIntervalFigures> rows = new ArrayList<>();
        for (Map.Entry<Long, Interval> entry : intervals.entrySet()) {
            Instant start = instantOfMicros(entry.getKey());
            boolean closed = entry.getKey() + intervalMicros <= watermarkMicros;
            entry.getValue().cells.forEachValue(cell -> rows.add(new CellIntervalFigures(start, cell.cell, cell.points,
                    cell.vehicles.size(), cell.speedCount == 0 ? Double.NaN : cell.speedSum / cell.speedCount,
                    cell.speedCount, closed)));
        }
        return rows;
    }

    /** The rows of {@link #intervalFigures()} whose interval is closed. */
    public synchronized List<CellIntervalFigures> closedIntervalFigures() {
        List<CellIntervalFigures> rows = new ArrayList<>();
        for (CellIntervalFigures row : intervalFigures()) {
            if (row.closed()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private void addToInterval(long epochMicros, long cell, int vehicleNumber, double speed) {
        long start = aligner.intervalStart(epochMicros);
        Interval interval;
        if (start == lastIntervalStart) {
            interval = lastInterval;
        } else {
            interval = intervals.get(start);
            if (interval == null) {
                if (intervals.size() >= options.retainedIntervals() && start < intervals.firstKey()) {
                    latePoints++;
                    return;
                }
                interval = new Interval();
                intervals.put(start, interval);
                while (intervals.size() > options.retainedIntervals()) {
                    Long oldest = intervals.firstKey();
                    intervals.remove(oldest);
                    if (oldest == lastIntervalStart) {
                        lastIntervalStart = Long.MIN_VALUE;
                    }
                }
            }
            lastIntervalStart = start;
            lastInterval = interval;
        }
        IntervalCell intervalCell = interval.cells.get(cell);
        if (intervalCell == null) {
            intervalCell = new IntervalCell(cell);
            interval.cells.put(cell, intervalCell);
        }
        intervalCell.points++;
        intervalCell.vehicles.add(vehicleNumber);
        if (!Double.isNaN(speed)) {
            intervalCell.speedSum += speed;
            intervalCell.speedCount++;
        }
    }

    private RecentCell recentCell(long cell) {
        RecentCell recentCell = recentCells.get(cell);
        if (recentCell == null) {
            recentCell = new RecentCell(cell, recentMinutes);
            recentCells.put(cell, recentCell);
        }
        return recentCell;
    }

    private void moveVisible(Vehicle vehicle, long cell) {
        if (vehicle.visible) {
            if (vehicle.cell == cell) {
                return;
            }
            RecentCell previous = recentCells.get(vehicle.cell);
            if (previous != null) {
                previous.vehicles--;
                markDirty(previous);
            }
        } else {
            vehicle.visible = true;
            visibleVehicles++;
        }
        RecentCell current = recentCell(cell);
        current.vehicles++;
        markDirty(current);
    }

    private boolean inBounds(double latitude, double longitude) {
        for (BoundingBox box : bounds) {
            if (box.contains(latitude, longitude)) {
                return true;
            }
        }
        return false;
    }

    private void hide(Vehicle vehicle) {
        if (!vehicle.visible) {
            return;
        }
        vehicle.visible = false;
        visibleVehicles--;
        removedVehicles.add(vehicle.vehicleId);
        RecentCell cell = recentCells.get(vehicle.cell);
        if (cell != null) {
            cell.vehicles--;
            markDirty(cell);
        }
    }

    private void markDirty(RecentCell cell) {
        if (!cell.dirty) {
            cell.dirty = true;
            dirtyCells.add(cell);
        }
    }

    /** Once per minute of the data's clock: hides silent vehicles and refreshes every cell's recent figures. */
    private void sweep() {
        long minute = watermarkMinute();
        if (minute == sweptMinute) {
            return;
        }
        sweptMinute = minute;
        long hideAtOrBefore = (minute - recentMinutes + 1) * MICROS_PER_MINUTE;
        for (Vehicle vehicle : vehicles.values()) {
            if (vehicle.epochMicros < hideAtOrBefore) {
                hide(vehicle);
            }
        }
        recentCells.forEachValue(this::markDirty);
    }

    private long watermarkMinute() {
        return Math.floorDiv(watermarkMicros, MICROS_PER_MINUTE);
    }

    private long nowMicros() {
        return clock.millis() * 1_000L;
    }

    private static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Mutable per-vehicle state; guarded by the aggregator's lock. */
    private static final class Vehicle {
        final String vehicleId;
        final int number;
        /** Whether the vehicle has a good (kept) point: {@code epochMicros} and the position are that point's. */
        boolean good;
        /** The latest instant seen, outliers included: equal instants after it are duplicates. */
        long previousMicros = Long.MIN_VALUE;
        boolean visible;
        boolean dirty;
        long epochMicros;
        double latitude;
        double longitude;
        double speedKmh = Double.NaN;
        long cell;
        /** Segment starts no later point confirmed yet, earliest first. */
        final long[] candidateMicros = new long[MAX_CANDIDATES];
        final double[] candidateLatitude = new double[MAX_CANDIDATES];
        final double[] candidateLongitude = new double[MAX_CANDIDATES];
        final long[] candidateCell = new long[MAX_CANDIDATES];
        int candidates;
        /** Whether the earliest candidate is settled (an earlier UTC day's): it stays good whatever comes. */
        boolean firstSettled;
        long candidatesDayEnd;

        Vehicle(String vehicleId, int number) {
            this.vehicleId = vehicleId;
            this.number = number;
        }

        void setCandidate(int index, long epochMicros, double latitude, double longitude, long cell) {
            candidateMicros[index] = epochMicros;
            candidateLatitude[index] = latitude;
            candidateLongitude[index] = longitude;
            candidateCell[index] = cell;
        }

        void shiftCandidates() {
            for (int index = 1; index < candidates; index++) {
                setCandidate(index - 1, candidateMicros[index], candidateLatitude[index], candidateLongitude[index], candidateCell[index]);
            }
            candidates--;
        }

        VehiclePosition position() {
            return new VehiclePosition(vehicleId, epochMicros, latitude, longitude, speedKmh, cell);
        }
    }

    private static final class Interval {
        final LongMap<IntervalCell> cells = new LongMap<>(256);
    }

    private static final class IntervalCell {
        final long cell;
        final IntSet vehicles = new IntSet();
        long points;
        double speedSum;
        long speedCount;

        IntervalCell(long cell) {
            this.cell = cell;
        }
    }

    /** Per-minute buckets of one cell in a ring as long as the recent window; a bucket is reused when its minute is stale. */
    private static final class RecentCell {
        final long cell;
        final long[] minutes;
        final long[] points;
        final double[] speedSums;
        final long[] speedCounts;
        int vehicles;
        boolean dirty;

        RecentCell(long cell, int recentMinutes) {
            this.cell = cell;
            minutes = new long[recentMinutes];
            java.util.Arrays.fill(minutes, Long.MIN_VALUE);
            points = new long[recentMinutes];
            speedSums = new double[recentMinutes];
            speedCounts = new long[recentMinutes];
        }

        void add(long minute, double speed, int recentMinutes) {
            int slot = (int) Math.floorMod(minute, (long) recentMinutes);
            if (minutes[slot] != minute) {
                if (minutes[slot] > minute) {
                    return; // the slot already holds a newer minute: this one is out of the window
                }
                minutes[slot] = minute;
                points[slot] = 0;
                speedSums[slot] = 0;
                speedCounts[slot] = 0;
            }
            points[slot]++;
            if (!Double.isNaN(speed)) {
                speedSums[slot] += speed;
                speedCounts[slot]++;
            }
        }

        /** Takes back a point without speed of {@code minute}; false when the minute is no longer held. */
        boolean remove(long minute) {
            int slot = (int) Math.floorMod(minute, (long) minutes.length);
            if (minutes[slot] != minute || points[slot] == 0) {
                return false;
            }
            points[slot]--;
            return true;
        }

        CellFigures figures(long cutoffMinute) {
            long pointSum = 0;
            double speedSum = 0;
            long speedCount = 0;
            for (int slot = 0; slot < minutes.length; slot++) {
                if (minutes[slot] > cutoffMinute) {
                    pointSum += points[slot];
                    speedSum += speedSums[slot];
                    speedCount += speedCounts[slot];
                }
            }
            return new CellFigures(cell, pointSum, Math.max(0, vehicles), speedCount == 0 ? Double.NaN : speedSum / speedCount, speedCount);
        }
    }
}
