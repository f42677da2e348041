package io.urbanflow.mobility.forecast;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.fleet.FleetDays;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Series of one target on a common grid of 10-minute slots: a dense matrix, series by slot, with each slot's local
 * calendar (time of day, weekday, rest day). Counts are 0 where the mart has no row; speeds are NaN there. The values
 * array is shared, not copied: the panel is effectively immutable once built, and safe to read from several threads.
 *
 * <p>Calendar: a slot's time of day and weekday are local to {@link #zone()}; a rest day is a Saturday, a Sunday or a
 * public holiday of {@link #city()} ({@link FleetDays#holiday}), which forecasters may use since holidays are known
 * in advance.
 */
public final class SeriesPanel {
    private static final long SLOT_MICROS = Horizons.STEP_MINUTES * 60_000_000L;

    private final ForecastTarget target;
    private final ForecastLevel level;
    private final List<String> keys;
    private final long[] cells;
    private final long startMicros;
    private final int slots;
    private final float[] values;
    private final ZoneId zone;
    private final Optional<City> city;
    private final int[][] neighbours;
    private final short[] slotOfDay;
    private final byte[] dayOfWeek;
    private final boolean[] restDay;
    private final boolean[] holiday;

    /**
     * @param keys        series names: H3 hex ids, zone ids or {@code city}
     * @param cells       per series its H3 cell, or 0
     * @param startMicros start of the first slot (UTC microseconds, a multiple of 10 minutes)
     * @param values      {@code keys.size() * slots} values, series after series
     * @param neighbours  per series the indices of its neighbour series (H3 ring 1), possibly empty
     */
    public SeriesPanel(ForecastTarget target, ForecastLevel level, List<String> keys, long[] cells, long startMicros, int slots,
                       float[] values, ZoneId zone, Optional<City> city, int[][] neighbours) {
        if (keys.isEmpty() || slots < 1 || values.length != (long) keys.size() * slots || cells.length != keys.size()
                || neighbours.length != keys.size() || Math.floorMod(startMicros, SLOT_MICROS) != 0) {
            throw new IllegalArgumentException("Cannot build series panel: " + keys.size() + " series of " + slots + " slots need "
                    + (long) keys.size() * slots + " values, got " + values.length + ", starting on a 10-minute boundary");
        }
        this.target = target;
        this.level = level;
        this.keys = List.copyOf(keys);
        this.cells = cells;
        this.startMicros = startMicros;
        this.slots = slots;
        this.values = values;
        this.zone = zone;
        this.city = city;
        this.neighbours = neighbours;
        this.slotOfDay = new short[slots];
        this.dayOfWeek = new byte[slots];
        this.restDay = new boolean[slots];
        this.holiday = new boolean[slots];
        LocalDate lastDate = null;
        boolean lastHoliday = false;
        for (int slot = 0; slot < slots; slot++) {
            ZonedDateTime local = Instant.ofEpochSecond((startMicros + slot * SLOT_MICROS) / 1_000_000L).atZone(zone);
            slotOfDay[slot] = (short) Math.min(Horizons.SLOTS_PER_DAY - 1, (local.getHour() * 60 + local.getMinute()) / Horizons.STEP_MINUTES);
            dayOfWeek[slot] = (byte) (local.getDayOfWeek().getValue() - 1);
            LocalDate date = local.toLocalDate();
            if (!date.equals(lastDate)) {
                lastHoliday = city.isPresent() && FleetDays.holiday(city.get(), date).isPresent();
                lastDate = date;
            }
            holiday[slot] = lastHoliday;
            restDay[slot] = lastHoliday || local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        }
    }

    public ForecastTarget target() {
        return target;
    }

    public ForecastLevel level() {
        return level;
    }

    public int series() {
        return keys.size();
    }

    public int slots() {
        return slots;
    }

    public List<String> keys() {
        return keys;
    }

    /** The series' H3 cell, or 0 for zones and the city. */
    public long cell(int series) {
        return cells[series];
    }

    public long startMicros() {
        return startMicros;
    }

    /** Start of a slot, UTC microseconds. */
    public long slotMicros(int slot) {
        return startMicros + slot * SLOT_MICROS;
    }

    /** The slot holding an instant (may lie outside 0..slots-1). */
    public int slotOf(long epochMicros) {
        return (int) Math.floorDiv(epochMicros - startMicros, SLOT_MICROS);
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<City> city() {
        return city;
    }

    public float value(int series, int slot) {
        return values[series * slots + slot];
    }

    /** The backing array, series after series; read-only by contract. */
    float[] values() {
        return values;
    }

    public int[] neighbours(int series) {
        return neighbours[series];
    }

    /** Local time of day of a slot, 0..143. */
    public int slotOfDay(int slot) {
        return slotOfDay[slot];
    }

    /** Local weekday of a slot, 0 = Monday. */
    public int dayOfWeek(int slot) {
        return dayOfWeek[slot];
    }

    /** Saturday, Sunday or a public holiday. */
    public boolean restDay(int slot) {
        return restDay[slot];
    }

    public boolean holiday(int slot) {
        return holiday[slot];
    }

    /** The series' index by key, or -1. */
    public int indexOf(String key) {
        return keys.indexOf(key);
    }

    /** A panel of the first {@code newSlots} slots only (the data up to a point in time). */
    public SeriesPanel truncated(int newSlots) {
        if (newSlots == slots) {
            return this;
        }
        float[] kept = new float[keys.size() * newSlots];
        for (int series = 0; series < keys.size(); series++) {
            System.arraycopy(values, series * slots, kept, series * newSlots, newSlots);
        }
        return new SeriesPanel(target, level, keys, cells, startMicros, newSlots, kept, zone, city, neighbours);
    }

    @Override
    public String toString() {
        return "SeriesPanel[" + target.key() + " per " + level.key() + ", " + keys.size() + " series x " + slots + " slots from "
                + Instant.ofEpochSecond(startMicros / 1_000_000L) + "]";
    }

    static float[] filled(int length, float value) {
        float[] array = new float[length];
        Arrays.fill(array, value);
        return array;
    }
}
