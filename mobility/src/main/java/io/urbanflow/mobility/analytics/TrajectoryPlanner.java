package io.urbanflow.mobility.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Decides which local days of the trip and stop tables to recompute after the stage changed, and computes them.
 *
 * <p>Trips and stays never span a gap longer than the trip gap, so a change to the stage can only alter the rows
 * of the <em>sessions</em> (gap-free runs of a vehicle's points) that hold a changed point or end within one trip
 * gap of one. The tables are replaced by whole local days (their partitions), so the days recomputed are the
 * changed days plus every day on which a row of such a session starts. Each pass reads a window of points around
 * those days; a session cut by the window's edge is read again with a wider window (doubling) until every
 * session that reaches into a recomputed day is whole. The result equals a full rebuild restricted to those days.
 *
 * <p>Not thread-safe; one planner per run.
 */
public final class TrajectoryPlanner {
    /** Microseconds in a day. */
    public static final long DAY_MICROS = 86_400_000_000L;
    /** No zone is more than 14 hours from UTC: a local day lies within these margins of the same UTC day. */
    private static final long ZONE_MARGIN_MICROS = 14L * 3_600_000_000L;
    private static final long INITIAL_CONTEXT_MICROS = 6L * 3_600_000_000L;

    private final TrajectorySegmenter segmenter;
    private final long tripGapMicros;
    private final List<PointObserver> observers;

    /** What a plan recomputed. Immutable. */
    public record Outcome(boolean full, List<Long> days, List<Trip> trips, List<StayPoint> stays, int passes,
                          long pointsRead, long windowStartMicros, long windowEndMicros) {
        public Outcome {
            days = List.copyOf(days);
            trips = List.copyOf(trips);
            stays = List.copyOf(stays);
        }
    }

    public TrajectoryPlanner(TrajectorySegmenter segmenter, java.time.Duration tripGap, List<PointObserver> observers) {
        this.segmenter = segmenter;
        this.tripGapMicros = tripGap.toNanos() / 1_000;
        this.observers = List.copyOf(observers);
    }

    /** Recomputes everything: every day with a row or a point. */
    public Outcome full(TrackReader reader) {
        long[] bounds = reader.bounds();
        if (bounds == null) {
            return new Outcome(true, List.of(), List.of(), List.of(), 0, 0, 0, 0);
        }
        Pass pass = new Pass(null, null, bounds[0], bounds[1] + 1, bounds);
        pass.run(reader);
        return new Outcome(true, new ArrayList<>(pass.daysSeen), pass.trips, pass.stays, 1, pass.pointsRead, bounds[0], bounds[1] + 1);
    }

    /**
     * Recomputes the days the changed local days (epoch days of local time) reach through their sessions.
     *
     * @param changedDays local epoch days that received, lost or changed stage points
     */
    public Outcome incremental(TrackReader reader, List<Long> changedDays) {
        long[] bounds = reader.bounds();
        if (changedDays.isEmpty() || bounds == null) {
            return new Outcome(false, List.of(), List.of(), List.of(), 0, 0, 0, 0);
        }
        TreeSet<Long> changed = new TreeSet<>(changedDays);
        TreeSet<Long> days = new TreeSet<>(changed);
        long context = INITIAL_CONTEXT_MICROS;
        int passes = 0;
        while (true) {
            long start = Math.max(bounds[0], days.first() * DAY_MICROS - ZONE_MARGIN_MICROS - context);
            long end = Math.min(bounds[1] + 1, (days.last() + 1) * DAY_MICROS + ZONE_MARGIN_MICROS + context);
            Pass pass = new Pass(changed, days, start, end, bounds);
            pass.run(reader);
            passes++;
            boolean grew = days.addAll(pass.touchedRowDays);
            if (!grew && !pass.cut) {
                return new Outcome(false, new ArrayList<>(days), pass.trips, pass.stays, passes, pass.pointsRead, start, end);
            }
            if (pass.cut) {
                context *= 2;
            }
        }
    }

    /** One read of a window: segments each vehicle and keeps the rows that start on the recomputed days. */
    private final class Pass {
        private final TreeSet<Long> changed;
        private final TreeSet<Long> days;
        private final long start;
        private final long end;
        private final long[] bounds;
        private final long[] changedRanges;
        final List<Trip> trips = new ArrayList<>();
        final List<StayPoint> stays = new ArrayList<>();
        final TreeSet<Long> touchedRowDays = new TreeSet<>();
        final TreeSet<Long> daysSeen = new TreeSet<>();
        boolean cut;
        long pointsRead;

        Pass(TreeSet<Long> changed, TreeSet<Long> days, long start, long end, long[] bounds) {
            this.changed = changed;
            this.days = days;
            this.start = start;
            this.end = end;
            this.bounds = bounds;
            this.changedRanges = changed == null ? null : ranges(changed);
        }

        /** Changed days as local-time ranges widened by the trip gap, merged, as {start0, end0, start1, ...}. */
        private long[] ranges(TreeSet<Long> changedDays) {
            List<long[]> merged = new ArrayList<>();
            for (long day : changedDays) {
                long from = day * DAY_MICROS - tripGapMicros;
                long to = (day + 1) * DAY_MICROS + tripGapMicros;
                if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] >= from) {
                    merged.get(merged.size() - 1)[1] = to;
                } else {
                    merged.add(new long[] {from, to});
                }
            }
            long[] flat = new long[merged.size() * 2];
            for (int index = 0; index < merged.size(); index++) {
                flat[2 * index] = merged.get(index)[0];
                flat[2 * index + 1] = merged.get(index)[1];
            }
            return flat;
        }

        private boolean inChangedRange(long localMicros) {
            int low = 0;
            int high = changedRanges.length / 2 - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (localMicros < changedRanges[2 * middle]) {
                    high = middle - 1;
                } else if (localMicros >= changedRanges[2 * middle + 1]) {
                    low = middle + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        private boolean recomputed(long day) {
            return days == null || days.contains(day);
        }

        void run(TrackReader reader) {
            observers.forEach(PointObserver::reset);
            reader.read(start, end, this::segment);
        }

        private void segment(VehicleTrack track) {
            pointsRead += track.size();
            observe(track);
            TrackSegments segments = segmenter.segment(track);
            int tripIndex = 0;
            int stayIndex = 0;
            for (int[] session : segments.sessions()) {
                int first = session[0];
                int last = session[1];
                List<Trip> sessionTrips = new ArrayList<>();
                List<StayPoint> sessionStays = new ArrayList<>();
                while (tripIndex < segments.trips().size() && segments.trips().get(tripIndex).lastIndex() <= last) {
                    sessionTrips.add(segments.trips().get(tripIndex++));
                }
                while (stayIndex < segments.stays().size() && segments.stays().get(stayIndex).lastIndex() <= last) {
                    sessionStays.add(segments.stays().get(stayIndex++));
                }
                if (changed != null) {
                    inspect(track, first, last, sessionTrips, sessionStays);
                }
                for (Trip trip : sessionTrips) {
                    long day = Math.floorDiv(trip.startLocalMicros(), DAY_MICROS);
                    daysSeen.add(day);
                    if (recomputed(day)) {
                        trips.add(trip);
                    }
                }
                for (StayPoint stay : sessionStays) {
                    long day = Math.floorDiv(stay.startLocalMicros(), DAY_MICROS);
                    daysSeen.add(day);
                    if (recomputed(day)) {
                        stays.add(stay);
                    }
                }
            }
        }

        /** Notes the row days of a session a change reaches, and whether the window's edge cut a session that matters. */
        private void inspect(VehicleTrack track, int first, int last, List<Trip> sessionTrips, List<StayPoint> sessionStays) {
            boolean touchesChange = false;
            for (int index = first; index <= last && !touchesChange; index++) {
                touchesChange = inChangedRange(track.localMicros(index));
            }
            if (touchesChange) {
                sessionTrips.forEach(trip -> touchedRowDays.add(Math.floorDiv(trip.startLocalMicros(), DAY_MICROS)));
                sessionStays.forEach(stay -> touchedRowDays.add(Math.floorDiv(stay.startLocalMicros(), DAY_MICROS)));
            }
            long firstDay = Math.floorDiv(track.localMicros(first), DAY_MICROS);
            long lastDay = Math.floorDiv(track.localMicros(last), DAY_MICROS);
            boolean reachesDays = lastDay >= days.first() && firstDay <= days.last();
            boolean openAtStart = first == 0 && start > bounds[0] && track.epochMicros(first) - tripGapMicros < start;
            boolean openAtEnd = last == track.size() - 1 && end <= bounds[1] && track.epochMicros(last) + tripGapMicros >= end;
            if ((openAtStart || openAtEnd) && (reachesDays || touchesChange)) {
                cut = true;
            }
        }

        private void observe(VehicleTrack track) {
            if (observers.isEmpty()) {
                return;
            }
            int runStart = -1;
            for (int index = 0; index <= track.size(); index++) {
                boolean in = index < track.size() && recomputed(Math.floorDiv(track.localMicros(index), DAY_MICROS));
                if (in && runStart < 0) {
                    runStart = index;
                } else if (!in && runStart >= 0) {
                    for (PointObserver observer : observers) {
                        observer.observe(track, runStart, index - 1);
                    }
                    runStart = -1;
                }
            }
        }
    }
}
