package io.urbanflow.mobility.forecast;

import com.uber.h3core.H3Core;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.fleet.CalendarDay;
import io.urbanflow.mobility.fleet.FleetCalendar;
import io.urbanflow.mobility.fleet.FleetDays;
import io.urbanflow.mobility.fleet.FleetOptions;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Points per H3 cell and 10 minutes drawn directly, without simulating taxis: a panel of any size in seconds, for
 * {@code urbanflow bench forecast} (4 weeks x 1,000 cells x 144 slots is 4 million values; simulating the taxis, staging
 * their 100 million points and aggregating them would take far longer than what the benchmark measures).
 *
 * <p>How the counts are drawn. The cells are the H3 disk (resolution 8) around the city's centre. Each cell has a
 * level (log-normal, median 3 points per 10 minutes at the evening peak, spread 1) and a character between business
 * (busiest in the morning) and night life (busiest late), which shifts its day by up to two hours. The calendar is
 * the synthetic fleet's ({@link FleetCalendar#WEEKS}): each slot's rate is the cell's level times the fleet's expected
 * activity at that local hour of that day ({@link FleetDays#expectedActivity}: weekday, Saturday or Sunday rhythm,
 * holidays, day-to-day variation, rain, strikes), three times higher within two rings of a concert's venue cell in the
 * two hours before and after the show; the count is Poisson with a gamma-distributed rate (shape 5), so it is
 * over-dispersed as real counts are. Deterministic for a seed.
 */
public final class SyntheticCellCounts {
    private static final int RESOLUTION = 8;

    private SyntheticCellCounts() {
    }

    /**
     * @param cells how many cells, 1..100,000
     * @param days  how many days from {@code start}, each from local midnight
     */
    public static SeriesPanel generate(City city, java.time.LocalDate start, int days, int cells, long seed) {
        if (cells < 1 || cells > 100_000 || days < 1) {
            throw new IllegalArgumentException("Cannot draw cell counts: " + cells + " cells over " + days + " days");
        }
        FleetOptions fleet = FleetOptions.defaults().withCity(city).withStart(start).withDays(days).withSeed(seed).withCalendar(FleetCalendar.WEEKS);
        List<CalendarDay> calendar = FleetDays.plan(fleet);
        H3Core h3 = CellRings.h3();
        long centre = h3.latLngToCell(city.bounds().centerLatitude(), city.bounds().centerLongitude(), RESOLUTION);
        List<Long> disk = new ArrayList<>();
        for (int k = 0; disk.size() < cells; k++) {
            disk = h3.gridDisk(centre, k);
        }
        long[] cellIds = new long[cells];
        List<String> keys = new ArrayList<>(cells);
        for (int i = 0; i < cells; i++) {
            cellIds[i] = disk.get(i);
            keys.add(h3.h3ToString(cellIds[i]));
        }
        int[][] rings = CellRings.neighbours(cellIds);
        List<Hotspot> venues = venues(city, calendar, h3);
        ZonedDateTime first = start.atStartOfDay(city.zone());
        long startMicros = first.toInstant().getEpochSecond() * 1_000_000L;
        long endMicros = first.plusDays(days).toInstant().getEpochSecond() * 1_000_000L;
        int slots = (int) ((endMicros - startMicros) / (Horizons.STEP_MINUTES * 60_000_000L));
        float[] values = new float[cells * slots];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + cells);
        double[] level = new double[cells];
        double[] shiftHours = new double[cells];
        for (int c = 0; c < cells; c++) {
            level[c] = 3 * Math.exp(random.nextGaussian());
            shiftHours[c] = 4 * random.nextDouble() - 2;
        }
        double[] hourOf = new double[slots];
        int[] dayOf = new int[slots];
        for (int slot = 0; slot < slots; slot++) {
            ZonedDateTime local = Instant.ofEpochSecond(startMicros / 1_000_000L + slot * 600L).atZone(city.zone());
            hourOf[slot] = local.getHour() + local.getMinute() / 60.0;
            dayOf[slot] = (int) (local.toLocalDate().toEpochDay() - start.toEpochDay());
        }
        for (int c = 0; c < cells; c++) {
            SplittableRandom cellRandom = random.split();
            for (int slot = 0; slot < slots; slot++) {
                int dayIndex = Math.max(0, Math.min(days - 1, dayOf[slot]));
                CalendarDay day = calendar.get(dayIndex);
                double rate = level[c] * FleetDays.expectedActivity(day, hourOf[slot] - shiftHours[c]);
                Hotspot venue = venues.get(dayIndex);
                if (venue != null && h3.gridDistance(venue.cell, cellIds[c]) <= 2
                        && hourOf[slot] >= venue.fromHour - 2 && hourOf[slot] < venue.toHour + 1) {
                    rate *= 3;
                }
                values[c * slots + slot] = poisson(cellRandom, rate * gamma5(cellRandom));
            }
        }
        return new SeriesPanel(ForecastTarget.POINTS, ForecastLevel.CELL, keys, cellIds, startMicros, slots, values, city.zone(),
                Optional.of(city), rings);
    }

    private record Hotspot(long cell, double fromHour, double toHour) {
    }

    /** Per day, the cell of its concert's venue, or null. */
    private static List<Hotspot> venues(City city, List<CalendarDay> calendar, H3Core h3) {
        List<io.urbanflow.mobility.fleet.Hotspot> hotspots = io.urbanflow.mobility.fleet.SyntheticFleet.hotspots(city);
        List<Hotspot> venues = new ArrayList<>();
        for (CalendarDay day : calendar) {
            Hotspot venue = null;
            if (day.event().isPresent() && day.event().get().kind() == CalendarDay.EventKind.CONCERT) {
                io.urbanflow.mobility.fleet.Hotspot place = hotspots.get(day.event().get().hotspot());
                venue = new Hotspot(h3.latLngToCell(place.latitude(), place.longitude(), RESOLUTION),
                        day.event().get().fromHour(), day.event().get().toHour());
            }
            venues.add(venue);
        }
        return venues;
    }

    /** Gamma(shape 5, mean 1). */
    private static double gamma5(SplittableRandom random) {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            sum -= Math.log(1 - random.nextDouble());
        }
        return sum / 5;
    }

    private static float poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 30) {
            return (float) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
