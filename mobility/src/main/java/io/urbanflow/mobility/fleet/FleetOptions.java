package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a {@link SyntheticFleet} simulates: which city, how many taxis, from which local midnight for how many days,
 * with which seed, which fraction of outliers and which calendar. Immutable; validated on construction.
 *
 * <p>The textual form, accepted wherever a source path is ({@code urbanflow replay --source ...}), is
 * {@code synthetic:rome,taxis=300,days=1,seed=7,start=2014-02-01,outliers=0.001}: every key is optional and
 * defaults as in {@link #defaults()}; the city may also be given as the first bare word. Multi-week runs for
 * forecasting add {@code calendar=weeks}, e.g. {@code synthetic:rome,days=28,start=2014-04-07,calendar=weeks}
 * (see {@link FleetCalendar} and {@link FleetDays}).
 *
 * @param city            the simulated city; its zone sets the daily rhythm and the timestamps' offset
 * @param taxis           fleet size, 1 to {@value #MAX_TAXIS}; not all taxis are on duty at once
 * @param start           the local date whose midnight (in the city's zone) starts the simulation
 * @param days            number of simulated days, 1 to {@value #MAX_DAYS}
 * @param seed            the same seed gives the same points, byte for byte
 * @param outlierFraction fraction of points displaced by kilometres (GPS jumps), 0 to {@value #MAX_OUTLIER_FRACTION}
 * @param calendar        {@link FleetCalendar#FLAT} (every day a work day, the default) or {@link FleetCalendar#WEEKS}
 * @throws UrbanFlowException when a value is out of range or the city has no synthetic map
 */
public record FleetOptions(City city, int taxis, LocalDate start, int days, long seed, double outlierFraction,
                           FleetCalendar calendar) {

    public static final String DEFAULT_CITY_NAME = "rome";
    public static final int DEFAULT_TAXIS = 300;
    public static final String DEFAULT_START_TEXT = "2014-02-01";
    public static final int DEFAULT_DAYS = 1;
    public static final long DEFAULT_SEED = 7;
    public static final double DEFAULT_OUTLIER_FRACTION = 0.001;

    public static final int MAX_TAXIS = 100_000;
    public static final int MAX_DAYS = 366;
    public static final double MAX_OUTLIER_FRACTION = 0.5;

    /** The prefix of the textual form; {@code synthetic} alone means all defaults. */
    public static final String SPEC_PREFIX = "synthetic";
    public static final String EXAMPLE_SPEC = "synthetic:rome,taxis=300,days=1,seed=7,start=2014-02-01,outliers=0.001";
    private static final String KNOWN_KEYS = "city, taxis, days, seed, start, outliers, calendar";

    public FleetOptions {
        String problem = problem(city, taxis, start, days, outlierFraction);
        if (problem == null && calendar == null) {
            problem = "calendar is required";
        }
        if (problem != null) {
            throw new UrbanFlowException("Cannot generate synthetic fleet: " + problem);
        }
    }

    /** Options with the {@link FleetCalendar#FLAT} calendar: every day a work day. */
    public FleetOptions(City city, int taxis, LocalDate start, int days, long seed, double outlierFraction) {
        this(city, taxis, start, days, seed, outlierFraction, FleetCalendar.FLAT);
    }

    /** Rome, 300 taxis, 2014-02-01 (the first day of the CRAWDAD Rome data set), 1 day, seed 7, 0.1 % outliers. */
    public static FleetOptions defaults() {
        return new FleetOptions(City.byName(DEFAULT_CITY_NAME), DEFAULT_TAXIS, LocalDate.parse(DEFAULT_START_TEXT),
                DEFAULT_DAYS, DEFAULT_SEED, DEFAULT_OUTLIER_FRACTION);
    }

    public FleetOptions withCity(City newCity) {
        return new FleetOptions(newCity, taxis, start, days, seed, outlierFraction, calendar);
    }

    public FleetOptions withTaxis(int newTaxis) {
        return new FleetOptions(city, newTaxis, start, days, seed, outlierFraction, calendar);
    }

    public FleetOptions withStart(LocalDate newStart) {
        return new FleetOptions(city, taxis, newStart, days, seed, outlierFraction, calendar);
    }

    public FleetOptions withDays(int newDays) {
        return new FleetOptions(city, taxis, start, newDays, seed, outlierFraction, calendar);
    }

    public FleetOptions withSeed(long newSeed) {
        return new FleetOptions(city, taxis, start, days, newSeed, outlierFraction, calendar);
    }

    public FleetOptions withOutlierFraction(double newOutlierFraction) {
        return new FleetOptions(city, taxis, start, days, seed, newOutlierFraction, calendar);
    }

    public FleetOptions withCalendar(FleetCalendar newCalendar) {
        return new FleetOptions(city, taxis, start, days, seed, outlierFraction, newCalendar);
    }

    /** The textual form that {@link #parseSpec} reads back to an equal record; a flat calendar is left out. */
    public String toSpec() {
        return SPEC_PREFIX + ":" + city.key() + ",taxis=" + taxis + ",days=" + days + ",seed=" + seed
                + ",start=" + start + ",outliers=" + outlierFraction
                + (calendar == FleetCalendar.FLAT ? "" : ",calendar=" + calendar.key());
    }

    /** True when {@code text} is the textual form of a synthetic source rather than a file path. */
    public static boolean isSpec(String text) {
        if (text == null) {
            return false;
        }
        String trimmed = text.trim();
        return trimmed.equalsIgnoreCase(SPEC_PREFIX)
                || trimmed.regionMatches(true, 0, SPEC_PREFIX + ":", 0, SPEC_PREFIX.length() + 1);
    }

    /**
     * Reads {@code synthetic:rome,taxis=300,days=1,seed=7,start=2014-02-01,outliers=0.001}.
     *
     * @throws UrbanFlowException "Cannot read synthetic source '...': reason" for an unknown key, a repeated key, a
     *     value that does not parse or is out of range, or a city without a synthetic map
     */
    public static FleetOptions parseSpec(String spec) {
        if (!isSpec(spec)) {
            throw new UrbanFlowException("Cannot read synthetic source '" + spec + "': it must start with '"
                    + SPEC_PREFIX + ":', e.g. " + EXAMPLE_SPEC);
        }
        String trimmed = spec.trim();
        String body = trimmed.length() > SPEC_PREFIX.length() ? trimmed.substring(SPEC_PREFIX.length() + 1) : "";
        FleetOptions defaults = defaults();
        City city = defaults.city;
        int taxis = defaults.taxis;
        LocalDate start = defaults.start;
        int days = defaults.days;
        long seed = defaults.seed;
        double outlierFraction = defaults.outlierFraction;
        FleetCalendar calendar = defaults.calendar;
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (String rawPart : body.split(",", -1)) {
            String part = rawPart.trim();
            if (part.isEmpty()) {
                first = false;
                continue;
            }
            int equals = part.indexOf('=');
            String key;
            String value;
            if (equals < 0 && first) {
                key = "city";
                value = part;
            } else if (equals < 0) {
                throw badSpec(spec, "'" + part + "' is not key=value; known keys are " + KNOWN_KEYS);
            } else {
                key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                value = part.substring(equals + 1).trim();
            }
            first = false;
            if (!seen.add(key)) {
                throw badSpec(spec, "key '" + key + "' is given twice");
            }
            switch (key) {
                case "city":
                    city = parseCity(spec, value);
                    break;
                case "taxis":
                    taxis = parseWholeNumber(spec, key, value);
                    break;
                case "days":
                    days = parseWholeNumber(spec, key, value);
                    break;
                case "seed":
                    seed = parseSeed(spec, value);
                    break;
                case "start":
                    start = parseStart(spec, value);
                    break;
                case "outliers":
                    outlierFraction = parseFraction(spec, key, value);
                    break;
                case "calendar":
                    calendar = parseCalendar(spec, value);
                    break;
                default:
                    throw badSpec(spec, "unknown key '" + key + "'; known keys are " + KNOWN_KEYS);
            }
        }
        String problem = problem(city, taxis, start, days, outlierFraction);
        if (problem != null) {
            throw badSpec(spec, problem);
        }
        return new FleetOptions(city, taxis, start, days, seed, outlierFraction, calendar);
    }

    /** The reason these values cannot make a fleet, or null when they can. */
    static String problem(City city, int taxis, LocalDate start, int days, double outlierFraction) {
        if (city == null) {
            return "city is required";
        }
        if (!CityMaps.supports(city)) {
            return "no synthetic map for " + city.key() + "; synthetic cities are " + CityMaps.supportedNames();
        }
        if (taxis < 1 || taxis > MAX_TAXIS) {
            return "taxis must be between 1 and " + MAX_TAXIS + ", got " + taxis;
        }
        if (days < 1 || days > MAX_DAYS) {
            return "days must be between 1 and " + MAX_DAYS + ", got " + days;
        }
        if (start == null) {
            return "start date is required";
        }
        if (start.getYear() < 1990 || start.plusDays(days).getYear() >= 2100) {
            return "start " + start + " plus " + days + " days must lie between 1990 and 2099";
        }
        if (!(outlierFraction >= 0 && outlierFraction <= MAX_OUTLIER_FRACTION)) { // also rejects NaN
            return "outliers must be a fraction between 0 and " + MAX_OUTLIER_FRACTION + ", got " + outlierFraction;
        }
        return null;
    }

    /** A city by name, or an error naming the cities with a synthetic map. */
    public static City cityByName(String name) {
        City city = findCity(name);
        if (city == null || !CityMaps.supports(city)) {
            throw new UrbanFlowException("Cannot generate synthetic fleet: " + cityProblem(name, city));
        }
        return city;
    }

    private static City findCity(String name) {
        try {
            return City.byName(name);
        } catch (UrbanFlowException unknown) {
            return null;
        }
    }

    private static String cityProblem(String name, City city) {
        return (city == null ? "unknown city '" + name + "'" : "no synthetic map for " + city.key())
                + "; synthetic cities are " + CityMaps.supportedNames();
    }

    /** A date like {@code 2014-02-01}, or an error saying so. */
    public static LocalDate parseStartDate(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new UrbanFlowException("Cannot generate synthetic fleet: start '" + text
                    + "' is not a date like " + DEFAULT_START_TEXT);
        }
    }

    private static City parseCity(String spec, String value) {
        City city = findCity(value);
        if (city == null || !CityMaps.supports(city)) {
            throw badSpec(spec, cityProblem(value, city));
        }
        return city;
    }

    private static FleetCalendar parseCalendar(String spec, String value) {
        try {
            return FleetCalendar.byName(value);
        } catch (UrbanFlowException e) {
            throw badSpec(spec, "calendar='" + value + "' is neither flat nor weeks");
        }
    }

    private static LocalDate parseStart(String spec, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw badSpec(spec, "start='" + value + "' is not a date like " + DEFAULT_START_TEXT);
        }
    }

    private static int parseWholeNumber(String spec, String key, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw badSpec(spec, key + "='" + value + "' is not a whole number");
        }
    }

    private static long parseSeed(String spec, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw badSpec(spec, "seed='" + value + "' is not a whole number");
        }
    }

    private static double parseFraction(String spec, String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw badSpec(spec, key + "='" + value + "' is not a number such as 0.001");
        }
    }

    private static UrbanFlowException badSpec(String spec, String reason) {
        return new UrbanFlowException("Cannot read synthetic source '" + spec + "': " + reason);
    }
}
