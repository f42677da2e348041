package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.GpsPoint;
import java.util.SplittableRandom;

/**
 * One simulated taxi: a state machine of shifts and fares on a {@link CityMap}, advanced lazily from one report to
 * the next. A taxi waits at a rank, takes a fare to a rank or an address near one (occupied), drops the passenger
 * off, then is hailed again or drives back to a rank (free). Between reports it drives at a speed drawn for that
 * interval from the road kind and the hour's traffic, or stands still at a red light. It reports every 5-60 s
 * (less often while standing), with GPS noise, sometimes falls silent for minutes to hours (dropouts), and goes off
 * duty when its shift ends, following {@link DailyRhythm}.
 *
 * <p>Invariants: every random draw comes from this taxi's own generators, so its points depend only on the fleet's
 * seed and its index, never on the other taxis or the order of events; outliers come from a separate generator, so
 * the outlier fraction changes which points jump but nothing else; report times only increase. Not thread-safe.
 */
final class Taxi {
    /** What a taxi is doing; moving phases follow {@link #route}, the others stand at ({@link #x}, {@link #y}). */
    enum Phase {
        OFF_DUTY(false, GpsPoint.FREE),
        WAITING_AT_RANK(false, GpsPoint.FREE),
        CARRYING(true, GpsPoint.OCCUPIED),
        DROPPING_OFF(false, GpsPoint.FREE),
        CRUISING(true, GpsPoint.FREE);

        final boolean moving;
        final int occupancy;

        Phase(boolean moving, int occupancy) {
            this.moving = moving;
            this.occupancy = occupancy;
        }
    }

    static final String SOURCE = "synthetic";

    /** Standard deviation of the GPS error along each axis; the mean error distance is about 6 m. */
    static final double GPS_NOISE_METERS = 5;
    static final double OUTLIER_MIN_METERS = 5_000;
    static final double OUTLIER_MAX_METERS = 25_000;
    static final double MIN_REPORT_SECONDS = 5;
    static final double MAX_REPORT_SECONDS = 60;
    /** About one or two dropouts per taxi and working day. */
    private static final double DROPOUTS_PER_REPORT = 1.0 / 2_500;
    private static final double MIN_DROPOUT_SECONDS = 120;
    private static final double MAX_DROPOUT_SECONDS = 3 * 3_600;
    /** Shifts start and end on this grid, so a taxi is off duty for 5 minutes at least. */
    private static final long DUTY_STEP_MICROS = 5 * 60 * 1_000_000L;
    private static final double RANK_QUEUE_METERS = 25;
    private static final double ADDRESS_SHARE = 0.7;
    private static final double MIN_ADDRESS_METERS = 150;
    /** Share of fares going to a concert before it, and of taxis freed nearby heading to it as it ends. */
    private static final double CONCERT_SHARE = 0.35;

    private final String vehicleId;
    private final SplittableRandom random;
    private final SplittableRandom outlierRandom;
    private final CityMap map;
    private final DailyRhythm rhythm;
    private final double outlierFraction;
    private final long endMicros;
    /** On duty while the hour's on-duty share exceeds this: low thresholds work long shifts, high ones the peaks only. */
    private final double dutyThreshold;
    /** Moves this taxi's shifts earlier or later than the city's rhythm, so that shifts do not change in step. */
    private final double dutyShiftHours;
    /** The device's report interval while driving; each report varies around it. */
    private final double reportIntervalSeconds;
    private final Route.Builder routeBuilder = new Route.Builder();

    private Phase phase;
    private long clockMicros;
    private long phaseEndMicros;
    private long offSinceMicros;
    private long silentUntilMicros;
    private long nextReportMicros;
    private Route route;
    private double travelledMeters;
    private double speedMetersPerSecond;
    /** Where the taxi stands while not moving. */
    private double x;
    private double y;
    /** The rank the taxi stands at, or the rank nearest the address it stands at. */
    private int node;
    private boolean atRank;
    private int destinationNode;
    private boolean destinationIsAddress;

    Taxi(String vehicleId, SplittableRandom random, CityMap map, DailyRhythm rhythm, double outlierFraction, long endMicros) {
        this.vehicleId = vehicleId;
        this.random = random;
        this.outlierRandom = random.split();
        this.map = map;
        this.rhythm = rhythm;
        this.outlierFraction = outlierFraction;
        this.endMicros = endMicros;
        this.dutyThreshold = 0.97 * random.nextDouble();
        this.dutyShiftHours = 1.5 * random.nextDouble() - 0.75;
        double device = random.nextDouble();
        this.reportIntervalSeconds = device < 0.4 ? uniform(6, 10) : device < 0.8 ? uniform(10, 20) : uniform(20, 40);
    }

    String vehicleId() {
        return vehicleId;
    }

    Phase phase() {
        return phase;
    }

    /** When this taxi reports next, or {@link Long#MAX_VALUE} when it does not report again before the end. */
    long nextReportMicros() {
        return nextReportMicros;
    }

    /** Places the taxi at the start of the simulation: waiting at a rank if on duty, else parked near one. */
    void begin(long startMicros) {
        clockMicros = startMicros;
        node = map.randomRank(random);
        if (onDuty(startMicros)) {
            waitAtRank();
            phaseEndMicros = startMicros + (long) (random.nextDouble() * (phaseEndMicros - startMicros));
            nextReportMicros = startMicros + wholeMillis(random.nextDouble() * intervalMicros(false));
        } else {
            standAtAddressNear(node);
            phase = Phase.OFF_DUTY;
            offSinceMicros = startMicros;
            nextReportMicros = nextOnDuty(startMicros);
        }
    }

    /**
     * Advances the taxi to {@code nowMicros}, its scheduled report, and schedules the next one.
     *
     * @return the point it reports, or null when it is silent (dropout) or went off duty meanwhile
     */
    GpsPoint report(long nowMicros) {
        if (phase == Phase.OFF_DUTY) {
            startShift(nowMicros);
        } else {
            advanceTo(nowMicros);
            if (phase == Phase.OFF_DUTY) {
                // Reports come at most 60 s apart and shifts resume 5 minutes after they end at the earliest,
                // so the resumption lies after this report; max() keeps report times increasing regardless.
                nextReportMicros = Math.max(nowMicros + 1, nextOnDuty(offSinceMicros));
                return null;
            }
        }
        GpsPoint point = null;
        if (nowMicros >= silentUntilMicros) {
            point = emit(nowMicros);
            if (random.nextDouble() < DROPOUTS_PER_REPORT) {
                silentUntilMicros = nowMicros + (long) (logUniform(MIN_DROPOUT_SECONDS, MAX_DROPOUT_SECONDS) * 1e6);
            }
        }
        if (phase.moving) {
            speedMetersPerSecond = sampleSpeed(nowMicros);
        }
        nextReportMicros = nowMicros + intervalMicros(phase.moving);
        return point;
    }

    private GpsPoint emit(long nowMicros) {
        double pointX;
        double pointY;
        if (phase.moving) {
            route.locate(travelledMeters);
            pointX = route.locatedX();
            pointY = route.locatedY();
        } else {
            pointX = x;
            pointY = y;
        }
        pointX += GPS_NOISE_METERS * random.nextGaussian();
        pointY += GPS_NOISE_METERS * random.nextGaussian();
        if (outlierRandom.nextDouble() < outlierFraction) {
            double distance = OUTLIER_MIN_METERS + outlierRandom.nextDouble() * (OUTLIER_MAX_METERS - OUTLIER_MIN_METERS);
            double bearing = outlierRandom.nextDouble() * 2 * Math.PI;
            pointX += distance * Math.cos(bearing);
            pointY += distance * Math.sin(bearing);
        }
        // Rounded to the canonical CSV's 6 decimals (about 0.1 m) so that a written file reads back equal.
        double latitude = Math.round(map.latitude(pointY) * 1e6) / 1e6;
        double longitude = Math.round(map.longitude(pointX) * 1e6) / 1e6;
        return new GpsPoint(vehicleId, nowMicros, latitude, longitude, phase.occupancy, SOURCE);
    }

    private void advanceTo(long nowMicros) {
        while (clockMicros < nowMicros && phase != Phase.OFF_DUTY) {
            if (phase.moving) {
                double left = route.lengthMeters() - travelledMeters;
                double reach = speedMetersPerSecond * (nowMicros - clockMicros) / 1e6;
                if (reach < left) {
                    travelledMeters += reach;
                    clockMicros = nowMicros;
                } else {
                    long arrival = speedMetersPerSecond > 0 ? clockMicros + (long) (left / speedMetersPerSecond * 1e6) : clockMicros;
                    travelledMeters = route.lengthMeters();
                    clockMicros = Math.min(nowMicros, arrival);
                    arrive();
                }
            } else if (phaseEndMicros > nowMicros) {
                clockMicros = nowMicros;
            } else {
                clockMicros = Math.max(clockMicros, phaseEndMicros);
                leaveStop();
            }
        }
    }

    private void arrive() {
        x = route.endX();
        y = route.endY();
        node = destinationNode;
        atRank = !destinationIsAddress;
        if (phase == Phase.CARRYING) {
            phase = Phase.DROPPING_OFF;
            phaseEndMicros = clockMicros + (long) (uniform(20, 90) * 1e6);
        } else {
            waitAtRank();
        }
    }

    private void leaveStop() {
        if (!onDuty(clockMicros)) {
            phase = Phase.OFF_DUTY;
            offSinceMicros = clockMicros;
            return;
        }
        if (phase == Phase.WAITING_AT_RANK) {
            startFare();
            return;
        }
        int venue = rhythm.departureVenue(clockMicros);
        if (venue >= 0 && phase == Phase.DROPPING_OFF && random.nextDouble() < CONCERT_SHARE) {
            cruiseToRank(map.rankNode(venue)); // the show is ending: wait for its crowd
            return;
        }
        if (random.nextDouble() < 0.10 + 0.20 * rhythm.demand(clockMicros)) {
            startFare(); // hailed in the street right after the drop-off
        } else if (atRank && random.nextDouble() < 0.6) {
            waitAtRank();
        } else {
            cruiseToRank(atRank || random.nextDouble() < 0.5 ? map.nearbyRank(node, random) : node);
        }
    }

    private void startShift(long nowMicros) {
        clockMicros = nowMicros;
        if (atRank) {
            waitAtRank();
        } else {
            cruiseToRank(random.nextDouble() < 0.5 ? node : map.nearbyRank(node, random));
        }
    }

    private void startFare() {
        int destination;
        int venue = rhythm.arrivalVenue(clockMicros);
        if (venue >= 0 && random.nextDouble() < CONCERT_SHARE) {
            destination = map.rankNode(venue);
        } else {
            do {
                destination = map.randomRank(random);
            } while (destination == node && atRank && map.node(destination).hotspot.kind().addressRadiusMeters() == 0);
        }
        double radius = map.node(destination).hotspot.kind().addressRadiusMeters();
        boolean toAddress = radius > 0 && ((destination == node && atRank) || random.nextDouble() < ADDRESS_SHARE);
        double targetX = map.node(destination).x;
        double targetY = map.node(destination).y;
        if (toAddress) {
            double distance = MIN_ADDRESS_METERS + (radius - MIN_ADDRESS_METERS) * Math.sqrt(random.nextDouble());
            double bearing = random.nextDouble() * 2 * Math.PI;
            targetX += distance * Math.cos(bearing);
            targetY += distance * Math.sin(bearing);
        }
        drive(Phase.CARRYING, destination, targetX, targetY, toAddress);
    }

    private void cruiseToRank(int rank) {
        if (rank == node && atRank) {
            waitAtRank();
        } else {
            drive(Phase.CRUISING, rank, map.node(rank).x, map.node(rank).y, false);
        }
    }

    private void drive(Phase drivingPhase, int destination, double targetX, double targetY, boolean toAddress) {
        CityMap.Node from = map.node(node);
        routeBuilder.start(x, y);
        if (atRank) {
            routeBuilder.to(from.x, from.y, RoadKind.URBAN);
        } else {
            CityMap.appendStaircase(routeBuilder, from.x, from.y, from.gridAngle, RoadKind.URBAN, random);
        }
        map.appendPath(routeBuilder, node, destination);
        if (toAddress) {
            CityMap.appendStaircase(routeBuilder, targetX, targetY, map.node(destination).gridAngle, RoadKind.URBAN, random);
        }
        route = routeBuilder.build();
        travelledMeters = 0;
        destinationNode = destination;
        destinationIsAddress = toAddress;
        phase = drivingPhase;
        speedMetersPerSecond = sampleSpeed(clockMicros);
    }

    private void waitAtRank() {
        CityMap.Node rank = map.node(node);
        phase = Phase.WAITING_AT_RANK;
        atRank = true;
        double queueBearing = random.nextDouble() * 2 * Math.PI;
        double queueDistance = random.nextDouble() * RANK_QUEUE_METERS;
        x = rank.x + queueDistance * Math.cos(queueBearing);
        y = rank.y + queueDistance * Math.sin(queueBearing);
        double minMinutes;
        double maxMinutes;
        switch (rank.hotspot.kind()) {
            case AIRPORT:
                minMinutes = 15;
                maxMinutes = 75;
                break;
            case STATION:
                minMinutes = 4;
                maxMinutes = 35;
                break;
            default:
                minMinutes = 3;
                maxMinutes = 25;
                break;
        }
        // Fares come quicker when demand is high.
        double demandFactor = 1.6 - 0.9 * rhythm.demand(clockMicros);
        phaseEndMicros = clockMicros + (long) (logUniform(minMinutes, maxMinutes) * demandFactor * 60e6);
    }

    private void standAtAddressNear(int rank) {
        CityMap.Node place = map.node(rank);
        double radius = Math.max(MIN_ADDRESS_METERS, Math.max(place.hotspot.kind().addressRadiusMeters(), 600));
        double distance = MIN_ADDRESS_METERS + (radius - MIN_ADDRESS_METERS) * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble() * 2 * Math.PI;
        x = place.x + distance * Math.cos(bearing);
        y = place.y + distance * Math.sin(bearing);
        atRank = false;
    }

    /** Metres per second until the next report: the road's typical speed scaled by the hour's traffic, or 0 at a light. */
    private double sampleSpeed(long nowMicros) {
        RoadKind kind = route.kindAt(travelledMeters);
        double traffic = rhythm.trafficSpeedFactor(nowMicros);
        double stopProbability = kind.stopProbability * (traffic < 0.8 ? 1.6 : 1.0);
        if (random.nextDouble() < stopProbability) {
            return 0;
        }
        return Math.min(kind.maxMetersPerSecond, kind.typicalMetersPerSecond * traffic * uniform(0.75, 1.25));
    }

    private long intervalMicros(boolean moving) {
        double seconds;
        if (random.nextDouble() < 0.02) {
            seconds = uniform(25, MAX_REPORT_SECONDS);
        } else if (moving) {
            seconds = reportIntervalSeconds * uniform(0.85, 1.2);
        } else {
            seconds = reportIntervalSeconds * uniform(1.2, 2.2); // devices save power while standing
        }
        seconds = Math.max(MIN_REPORT_SECONDS, Math.min(MAX_REPORT_SECONDS, seconds));
        return wholeMillis(seconds * 1e6);
    }

    private boolean onDuty(long nowMicros) {
        return dutyThreshold < rhythm.onDutyShare(nowMicros, dutyShiftHours);
    }

    private long nextOnDuty(long fromMicros) {
        for (long at = wholeMillis(fromMicros) + DUTY_STEP_MICROS; at < endMicros; at += DUTY_STEP_MICROS) {
            if (onDuty(at)) {
                return at;
            }
        }
        return Long.MAX_VALUE;
    }

    /** Report times are whole milliseconds, as the canonical CSV writes them. */
    private static long wholeMillis(double micros) {
        return Math.round(micros / 1_000) * 1_000L;
    }

    private double uniform(double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    private double logUniform(double low, double high) {
        return low * Math.exp(random.nextDouble() * Math.log(high / low));
    }
}
