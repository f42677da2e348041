package io.urbanflow.mobility.analytics;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.Geo;
import io.urbanflow.mobility.City;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The real samples as tracks, parsed here independently of the sources module: per vehicle, sorted by time, one
 * point per instant, without points outside the city's bounds or implying more than 200 km/h (what the stage
 * flags as outliers), with the local time and the H3 cell at resolution 8.
 */
final class SampleTracks {
    static final int RESOLUTION = 8;
    private static final double MAX_SPEED_KMH = 200;
    private static final H3Core H3;

    static {
        try {
            H3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SampleTracks() {
    }

    /** One raw fix before ordering. */
    record Fix(String vehicleId, long epochMicros, double latitude, double longitude) {
    }

    static List<VehicleTrack> romeCrawdad() {
        List<Fix> fixes = new ArrayList<>();
        for (String line : lines(SampleData.romeCrawdad())) {
            String[] parts = line.split(";");
            String time = parts[1].replace(' ', 'T') + ":00";
            long micros = micros(OffsetDateTime.parse(time));
            String point = parts[2].substring(parts[2].indexOf('(') + 1, parts[2].indexOf(')'));
            String[] coordinates = point.trim().split("\\s+");
            fixes.add(new Fix(parts[0], micros, Double.parseDouble(coordinates[0]), Double.parseDouble(coordinates[1])));
        }
        return tracks(fixes, City.ROME);
    }

    static List<VehicleTrack> sfCabspotting() {
        List<Fix> fixes = new ArrayList<>();
        try (Stream<Path> files = Files.list(SampleData.sfCabspotting())) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String vehicle = name.substring("new_".length(), name.lastIndexOf('.'));
                for (String line : lines(file)) {
                    String[] parts = line.trim().split("\\s+");
                    fixes.add(new Fix(vehicle, Long.parseLong(parts[3]) * 1_000_000L,
                            Double.parseDouble(parts[0]), Double.parseDouble(parts[1])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tracks(fixes, City.SAN_FRANCISCO);
    }

    static List<VehicleTrack> porto() {
        List<Fix> fixes = new ArrayList<>();
        List<String> lines = lines(SampleData.porto());
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split("\",\"");
            String vehicle = fields[4];
            long start = Long.parseLong(fields[5]);
            String polyline = fields[8].replace("\"", "").replace("[", "").replace("]", "");
            if (polyline.isBlank()) {
                continue;
            }
            String[] numbers = polyline.split(",");
            for (int index = 0; index + 1 < numbers.length; index += 2) {
                long seconds = start + 15L * (index / 2);
                fixes.add(new Fix(vehicle, seconds * 1_000_000L, Double.parseDouble(numbers[index + 1]), Double.parseDouble(numbers[index])));
            }
        }
        return tracks(fixes, City.PORTO);
    }

    static List<VehicleTrack> all() {
        List<VehicleTrack> all = new ArrayList<>(romeCrawdad());
        all.addAll(sfCabspotting());
        all.addAll(porto());
        return all;
    }

    static long cell(double latitude, double longitude) {
        return H3.latLngToCell(latitude, longitude, RESOLUTION);
    }

    /** A {@link TrajectorySegmenter.CellFunction} at the resolution of the given cell. */
    static long cellLike(double latitude, double longitude, long likeCell) {
        return H3.latLngToCell(latitude, longitude, H3.getResolution(likeCell));
    }

    static H3Core h3() {
        return H3;
    }

    private static List<VehicleTrack> tracks(List<Fix> fixes, City city) {
        Map<String, List<Fix>> byVehicle = new TreeMap<>();
        for (Fix fix : fixes) {
            byVehicle.computeIfAbsent(fix.vehicleId(), key -> new ArrayList<>()).add(fix);
        }
        ZoneRules rules = city.zone().getRules();
        List<VehicleTrack> tracks = new ArrayList<>();
        for (Map.Entry<String, List<Fix>> entry : byVehicle.entrySet()) {
            List<Fix> sorted = new ArrayList<>(entry.getValue());
            sorted.sort(Comparator.comparingLong(Fix::epochMicros));
            VehicleTrack track = new VehicleTrack().reset(entry.getKey());
            Fix previous = null;
            for (Fix fix : sorted) {
                if (!city.bounds().contains(fix.latitude(), fix.longitude())) {
                    continue;
                }
                double speed = Double.NaN;
                if (previous != null) {
                    if (fix.epochMicros() == previous.epochMicros()) {
                        continue;
                    }
                    double meters = Geo.distanceMetres(previous.latitude(), previous.longitude(), fix.latitude(), fix.longitude());
                    speed = meters / ((fix.epochMicros() - previous.epochMicros()) / 1e6) * 3.6;
                    if (speed > MAX_SPEED_KMH) {
                        continue;
                    }
                }
                long offsetSeconds = rules.getOffset(java.time.Instant.ofEpochSecond(Math.floorDiv(fix.epochMicros(), 1_000_000L))).getTotalSeconds();
                track.add(fix.epochMicros(), fix.epochMicros() + offsetSeconds * 1_000_000L, fix.latitude(), fix.longitude(),
                        speed, cell(fix.latitude(), fix.longitude()));
                previous = fix;
            }
            if (!track.isEmpty()) {
                tracks.add(track);
            }
        }
        return tracks;
    }

    private static long micros(OffsetDateTime time) {
        return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ZoneId zone(City city) {
        return city.zone();
    }
}
