package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.City;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws the {@link CalendarDay}s of a {@link FleetCalendar#WEEKS} simulation. Each day depends only on the seed,
 * its date and the city, never on the start or the length of the run, so the same date has the same weather and
 * events in every run with that seed. Stateless.
 *
 * <p>What a day gets, and why forecasting it is not trivial:
 * <ul>
 *   <li>its kind: Monday to Friday work days, Saturdays, Sundays; public holidays of the city's country (Italy,
 *       the United States, Portugal) run on the Sunday rhythm;</li>
 *   <li>an activity level: the kind's usual (Friday 5 % busier, Monday 3 % quieter, Saturday 0.92, Sunday 0.8,
 *       holidays 0.75) times a log-normal day-to-day factor of about ±7 %;</li>
 *   <li>rain on about one day in five, for 2 to 9 hours starting between 5 and 18 h: traffic 25 % slower, fares
 *       30 % more frequent;</li>
 *   <li>a concert at a landmark or the centre on about one day in twelve (one in six on Fridays and Saturdays), 20 to
 *       23 h, with fares to the venue from 18:30 and from it after the show;</li>
 *   <li>a public-transport strike on about one work day in thirty, 6 to 21 h: a quarter more taxis at work, traffic
 *       20 % slower.</li>
 * </ul>
 */
public final class FleetDays {
    private static final double RAIN_PROBABILITY = 0.2;
    private static final double CONCERT_PROBABILITY = 1.0 / 12;
    private static final double WEEKEND_CONCERT_PROBABILITY = 1.0 / 6;
    private static final double STRIKE_PROBABILITY = 1.0 / 30;
    private static final double ACTIVITY_SPREAD = 0.07;

    private FleetDays() {
    }

    /** The days of a simulation; under {@link FleetCalendar#FLAT} every day is a plain work day. */
    public static List<CalendarDay> plan(FleetOptions options) {
        List<CalendarDay> days = withMargins(options);
        return List.copyOf(days.subList(1, days.size() - 1));
    }

    /** The days of a simulation with one more day either side: a taxi's shifted rhythm reaches into them. */
    static List<CalendarDay> withMargins(FleetOptions options) {
        List<Hotspot> hotspots = CityMaps.of(options.city()).hotspots();
        List<CalendarDay> days = new ArrayList<>(options.days() + 2);
        for (int offset = -1; offset <= options.days(); offset++) {
            LocalDate date = options.start().plusDays(offset);
            days.add(options.calendar() == FleetCalendar.FLAT ? flat(date) : day(options.city(), date, options.seed(), hotspots));
        }
        return days;
    }

    /**
     * How busy a day is at a local hour, relative to the work-day evening peak: the fleet's rhythm of that kind of day
     * times its activity, a quarter more during a strike, a third more where rain slows traffic (taxis stay longer in
     * each place). For generators of counts that follow the simulation without running it.
     */
    public static double expectedActivity(CalendarDay day, double localHour) {
        return DailyRhythm.expectedActivity(day, localHour);
    }

    /** A plain work day: the conditions every day of a {@link FleetCalendar#FLAT} simulation has. */
    static CalendarDay flat(LocalDate date) {
        return new CalendarDay(date, CalendarDay.Kind.WORKDAY, Optional.empty(), 1, Double.NaN, Double.NaN, Optional.empty());
    }

    /** One day's conditions under {@link FleetCalendar#WEEKS}. */
    static CalendarDay day(City city, LocalDate date, long seed, List<Hotspot> hotspots) {
        SplittableRandom random = new SplittableRandom(SyntheticFleet.mix(SyntheticFleet.mix(seed ^ 0x5EA5_0CA1_E7DA_7E5L) + date.toEpochDay()));
        Optional<String> holiday = holiday(city, date);
        DayOfWeek weekday = date.getDayOfWeek();
        CalendarDay.Kind kind = holiday.isPresent() || weekday == DayOfWeek.SUNDAY ? CalendarDay.Kind.SUNDAY
                : weekday == DayOfWeek.SATURDAY ? CalendarDay.Kind.SATURDAY : CalendarDay.Kind.WORKDAY;
        double usual = holiday.isPresent() ? 0.75 : switch (weekday) {
            case MONDAY -> 0.97;
            case FRIDAY -> 1.05;
            case SATURDAY -> 0.92;
            case SUNDAY -> 0.8;
            default -> 1.0;
        };
        double activity = usual * Math.exp(ACTIVITY_SPREAD * random.nextGaussian());
        double rainFrom = Double.NaN;
        double rainTo = Double.NaN;
        if (random.nextDouble() < RAIN_PROBABILITY) {
            rainFrom = 5 + 13 * random.nextDouble();
            rainTo = rainFrom + 2 + 7 * random.nextDouble();
        }
        Optional<CalendarDay.Event> event = Optional.empty();
        double draw = random.nextDouble();
        boolean weekendEve = weekday == DayOfWeek.FRIDAY || weekday == DayOfWeek.SATURDAY;
        double concertProbability = weekendEve ? WEEKEND_CONCERT_PROBABILITY : CONCERT_PROBABILITY;
        int venueDraw = random.nextInt(1 << 20);
        if (draw < concertProbability) {
            event = Optional.of(new CalendarDay.Event(CalendarDay.EventKind.CONCERT, venue(hotspots, venueDraw), 20, 23));
        } else if (kind == CalendarDay.Kind.WORKDAY && draw < concertProbability + STRIKE_PROBABILITY) {
            event = Optional.of(new CalendarDay.Event(CalendarDay.EventKind.STRIKE, -1, 6, 21));
        }
        return new CalendarDay(date, kind, holiday, activity, rainFrom, rainTo, event);
    }

    /** A landmark or the centre (any hotspot but an airport when the city has neither), by a uniform draw. */
    private static int venue(List<Hotspot> hotspots, int draw) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < hotspots.size(); i++) {
            Hotspot.Kind kind = hotspots.get(i).kind();
            if (kind == Hotspot.Kind.LANDMARK || kind == Hotspot.Kind.CENTRE) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            for (int i = 0; i < hotspots.size(); i++) {
                if (hotspots.get(i).kind() != Hotspot.Kind.AIRPORT) {
                    candidates.add(i);
                }
            }
        }
        return candidates.isEmpty() ? 0 : candidates.get(draw % candidates.size());
    }

    private static final Map<City, Map<MonthDay, String>> FIXED_HOLIDAYS = Map.of(
            City.ROME, Map.ofEntries(
                    Map.entry(MonthDay.of(1, 1), "Capodanno"), Map.entry(MonthDay.of(1, 6), "Epifania"),
                    Map.entry(MonthDay.of(4, 25), "Festa della Liberazione"), Map.entry(MonthDay.of(5, 1), "Festa del Lavoro"),
                    Map.entry(MonthDay.of(6, 2), "Festa della Repubblica"), Map.entry(MonthDay.of(6, 29), "Santi Pietro e Paolo"),
                    Map.entry(MonthDay.of(8, 15), "Ferragosto"), Map.entry(MonthDay.of(11, 1), "Ognissanti"),
                    Map.entry(MonthDay.of(12, 8), "Immacolata"), Map.entry(MonthDay.of(12, 25), "Natale"),
                    Map.entry(MonthDay.of(12, 26), "Santo Stefano")),
            City.SAN_FRANCISCO, Map.of(
                    MonthDay.of(1, 1), "New Year's Day", MonthDay.of(6, 19), "Juneteenth", MonthDay.of(7, 4), "Independence Day",
                    MonthDay.of(11, 11), "Veterans Day", MonthDay.of(12, 25), "Christmas Day"),
            City.PORTO, Map.ofEntries(
                    Map.entry(MonthDay.of(1, 1), "Ano Novo"), Map.entry(MonthDay.of(4, 25), "Dia da Liberdade"),
                    Map.entry(MonthDay.of(5, 1), "Dia do Trabalhador"), Map.entry(MonthDay.of(6, 10), "Dia de Portugal"),
                    Map.entry(MonthDay.of(6, 24), "São João"), Map.entry(MonthDay.of(8, 15), "Assunção"),
                    Map.entry(MonthDay.of(10, 5), "Implantação da República"), Map.entry(MonthDay.of(11, 1), "Todos os Santos"),
                    Map.entry(MonthDay.of(12, 1), "Restauração da Independência"), Map.entry(MonthDay.of(12, 8), "Imaculada Conceição"),
                    Map.entry(MonthDay.of(12, 25), "Natal")));

    /** The public holiday on {@code date} in the city's country (and the city's own, e.g. Rome's 29 June), if any. */
    public static Optional<String> holiday(City city, LocalDate date) {
        String fixed = FIXED_HOLIDAYS.getOrDefault(city, Map.of()).get(MonthDay.from(date));
        if (fixed != null) {
            return Optional.of(fixed);
        }
        LocalDate easter = easterSunday(date.getYear());
        switch (city) {
            case ROME:
                return date.equals(easter.plusDays(1)) ? Optional.of("Pasquetta") : Optional.empty();
            case PORTO:
                return date.equals(easter.minusDays(2)) ? Optional.of("Sexta-feira Santa")
                        : date.equals(easter.plusDays(60)) ? Optional.of("Corpo de Deus") : Optional.empty();
            case SAN_FRANCISCO:
                return usHoliday(date);
            default:
                return Optional.empty();
        }
    }

    private static Optional<String> usHoliday(LocalDate date) {
        int year = date.getYear();
        if (date.equals(nthMonday(year, Month.JANUARY, 3))) {
            return Optional.of("Martin Luther King Jr. Day");
        }
        if (date.equals(nthMonday(year, Month.FEBRUARY, 3))) {
            return Optional.of("Presidents' Day");
        }
        if (date.equals(LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))) {
            return Optional.of("Memorial Day");
        }
        if (date.equals(nthMonday(year, Month.SEPTEMBER, 1))) {
            return Optional.of("Labor Day");
        }
        if (date.equals(LocalDate.of(year, Month.NOVEMBER, 1).with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)))) {
            return Optional.of("Thanksgiving Day");
        }
        return Optional.empty();
    }

    private static LocalDate nthMonday(int year, Month month, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, DayOfWeek.MONDAY));
    }

    /** Gregorian Easter Sunday (the anonymous algorithm of Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
