package io.urbanflow.mobility.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.sources.RejectSink;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetDaysTest {
    @Test
    void public_holidays_follow_each_city_s_country() {
        assertThat(FleetDays.holiday(City.ROME, LocalDate.of(2014, 4, 21))).hasValue("Pasquetta");
        assertThat(FleetDays.holiday(City.ROME, LocalDate.of(2014, 4, 25))).hasValue("Festa della Liberazione");
        assertThat(FleetDays.holiday(City.SAN_FRANCISCO, LocalDate.of(2008, 5, 26))).hasValue("Memorial Day");
        assertThat(FleetDays.holiday(City.SAN_FRANCISCO, LocalDate.of(2014, 11, 27))).hasValue("Thanksgiving Day");
        assertThat(FleetDays.holiday(City.PORTO, LocalDate.of(2013, 6, 24))).hasValue("São João");
        assertThat(FleetDays.holiday(City.ROME, LocalDate.of(2014, 4, 22))).isEmpty();
        assertThat(FleetDays.easterSunday(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
    }

    @Test
    void weeks_give_each_day_its_kind_and_conditions_from_the_seed_and_the_date_alone() {
        FleetOptions weeks = FleetOptions.defaults().withStart(LocalDate.of(2014, 4, 7)).withDays(28).withCalendar(FleetCalendar.WEEKS);
        List<CalendarDay> days = FleetDays.plan(weeks);
        assertThat(days).hasSize(28);
        for (CalendarDay day : days) {
            DayOfWeek weekday = day.date().getDayOfWeek();
            CalendarDay.Kind expected = day.holiday().isPresent() || weekday == DayOfWeek.SUNDAY ? CalendarDay.Kind.SUNDAY
                    : weekday == DayOfWeek.SATURDAY ? CalendarDay.Kind.SATURDAY : CalendarDay.Kind.WORKDAY;
            assertThat(day.kind()).as(day.date().toString()).isEqualTo(expected);
            assertThat(day.activity()).isBetween(0.5, 1.5);
        }
        assertThat(days.get(14).holiday()).hasValue("Pasquetta");
        // no day is like every other: activity varies, some days rain, some have an event
        assertThat(days.stream().map(CalendarDay::activity).distinct().count()).isEqualTo(28);
        assertThat(days.stream().filter(day -> !Double.isNaN(day.rainFromHour()))).isNotEmpty();
        assertThat(days.stream().filter(day -> day.event().isPresent())).isNotEmpty();
        // a later start sees the same conditions on the same dates
        List<CalendarDay> later = FleetDays.plan(weeks.withStart(LocalDate.of(2014, 4, 14)).withDays(7));
        assertThat(later).isEqualTo(days.subList(7, 14));
        assertThat(FleetDays.plan(weeks.withSeed(8))).isNotEqualTo(days);
    }

    @Test
    void the_flat_calendar_keeps_every_day_a_plain_work_day() {
        assertThat(FleetDays.plan(FleetOptions.defaults().withDays(3)))
                .allSatisfy(day -> assertThat(day).isEqualTo(FleetDays.flat(day.date())));
        assertThat(SyntheticFleet.parseSpec("synthetic:rome,calendar=weeks").calendar()).isEqualTo(FleetCalendar.WEEKS);
        assertThat(FleetOptions.defaults().withCalendar(FleetCalendar.WEEKS).toSpec()).endsWith(",calendar=weeks");
        assertThat(FleetOptions.defaults().toSpec()).doesNotContain("calendar");
    }

    @Test
    void weekend_mornings_are_quieter_than_work_day_mornings() {
        // Saturday 2014-04-12 and Monday 2014-04-14, 60 taxis
        FleetOptions weeks = FleetOptions.defaults().withTaxis(60).withStart(LocalDate.of(2014, 4, 12)).withDays(3)
                .withCalendar(FleetCalendar.WEEKS).withOutlierFraction(0);
        Set<String> saturday = new HashSet<>();
        Set<String> monday = new HashSet<>();
        SyntheticFleet.of(weeks).read(point -> {
            ZonedDateTime local = point.instant().atZone(City.ROME.zone());
            if (local.getHour() == 8) {
                (local.getDayOfWeek() == DayOfWeek.SATURDAY ? saturday : local.getDayOfWeek() == DayOfWeek.MONDAY ? monday : new HashSet<String>())
                        .add(point.vehicleId());
            }
        }, RejectSink.strict());
        assertThat(saturday.size()).isLessThan(monday.size() * 2 / 3);
    }

    @Test
    void the_same_seed_gives_the_same_weeks_point_for_point() {
        FleetOptions weeks = FleetOptions.defaults().withTaxis(10).withStart(LocalDate.of(2014, 4, 20)).withDays(2).withCalendar(FleetCalendar.WEEKS);
        List<GpsPoint> first = new java.util.ArrayList<>();
        List<GpsPoint> second = new java.util.ArrayList<>();
        SyntheticFleet.of(weeks).read(first::add, RejectSink.strict());
        SyntheticFleet.of(weeks).read(second::add, RejectSink.strict());
        assertThat(second).isEqualTo(first).isNotEmpty();
    }
}
