package io.urbanflow.mobility.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.domain.DemoSource;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.MobilityDomain;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.testing.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobilityDemoTest {
    private static final long DAY_MICROS = 86_400_000_000L;
    private static final MobilityDomain DOMAIN = new MobilityDomain();

    @TempDir
    Path dir;

    @Test
    void the_automatic_speed_replays_the_data_span_in_the_target_time() {
        assertThat(MobilityDemo.speedFor(0, DAY_MICROS, Duration.ofSeconds(60))).isEqualTo(ReplaySpeed.times(1440));
        assertThat(MobilityDemo.speedFor(0, 150_000_000L, Duration.ofSeconds(60))).isEqualTo(ReplaySpeed.times(2.5));
        assertThat(MobilityDemo.speedFor(0, 30_000_000L, Duration.ofSeconds(60))).as("never slower than real time")
                .isEqualTo(ReplaySpeed.times(1));
    }

    @Test
    void a_synthetic_day_is_paced_from_the_fleet_s_window_without_reading_it() {
        DemoSource.Plan plan = prepare(MobilityDemo.DEFAULT_SOURCE, SourceOptions.defaults(), OptionalInt.of(7), Optional.empty(), line -> { });

        assertThat(plan.speed()).isEqualTo(ReplaySpeed.times(1440));
        assertThat(plan.span()).isEqualTo(Duration.ofDays(1));
        assertThat(plan.zone()).isEqualTo(City.ROME.zone());
        assertThat(plan.localize(Settings.empty()).string("web.city", null)).isEqualTo("rome");
        assertThat(plan.localize(Settings.empty()).string("aggregate.zone", null)).isEqualTo("Europe/Rome");
        assertThat(plan.specification()).startsWith("synthetic:rome,taxis=7,days=1,seed=7,start=2014-02-01");
        assertThat(plan.description()).startsWith("a synthetic Rome day, 7 taxis");
        assertThat(plan.unit()).isEqualTo("points");
        assertThat(plan.progress(-1)).isZero();
        assertThat(plan.progress(Instant.parse("2014-02-01T11:00:00Z").toEpochMilli() * 1000)).isEqualTo(0.5);
    }

    @Test
    void a_second_demo_continues_the_synthetic_fleet_with_the_day_after_the_lake_s_latest_point() {
        FleetOptions fleet = SyntheticFleet.parseSpec(MobilityDemo.DEFAULT_SOURCE);
        // 23:59 in Rome on 1 February is 22:59 UTC: the next local day is the 2nd
        Instant latest = Instant.parse("2014-02-01T22:59:00Z");

        assertThat(MobilityDemo.nextDay(MobilityDemo.DEFAULT_SOURCE, fleet, Optional.of(latest))).contains(LocalDate.of(2014, 2, 2));
        assertThat(MobilityDemo.nextDay(MobilityDemo.DEFAULT_SOURCE, fleet, Optional.empty())).isEmpty();
        assertThat(MobilityDemo.nextDay("synthetic:rome,start=2014-02-01", fleet, Optional.of(latest)))
                .as("a start date the user gave is kept").isEmpty();
        assertThat(MobilityDemo.nextDay(MobilityDemo.DEFAULT_SOURCE, fleet, Optional.of(Instant.parse("2013-06-01T10:00:00Z"))))
                .as("older points (another data set) do not move the fleet backwards").isEmpty();
    }

    @Test
    void a_file_is_measured_by_a_first_pass() {
        List<String> info = new ArrayList<>();
        DemoSource.Plan plan = prepare(SampleData.romeCrawdad().toString(), SourceOptions.defaults(), OptionalInt.empty(),
                Optional.empty(), info::add);

        assertThat(info).singleElement().asString().startsWith("Measuring the time span of");
        assertThat(plan.zone()).isEqualTo(City.ROME.zone());
        assertThat(plan.description()).contains("5,000 points", "24 min 11 s of data", "Rome");
        assertThat(plan.speed()).isEqualTo(ReplaySpeed.times(24));
        assertThat(plan.open().topics()).containsExactly("gps.points");
    }

    @Test
    void a_given_speed_skips_the_first_pass() {
        List<String> info = new ArrayList<>();
        DemoSource.Plan plan = prepare(SampleData.romeCrawdad().toString(), SourceOptions.defaults(), OptionalInt.empty(),
                Optional.of(ReplaySpeed.MAX), info::add);

        assertThat(info).isEmpty();
        assertThat(plan.speed()).isEqualTo(ReplaySpeed.MAX);
        assertThat(plan.progress(123)).isNaN();
        assertThat(plan.localize(Settings.empty()).string("web.city", null)).as("from the first point").isEqualTo("rome");
        assertThat(plan.zone()).isEqualTo(City.ROME.zone());
    }

    @Test
    void data_outside_the_known_cities_runs_on_utc_by_a_name_duckdb_knows() throws Exception {
        Path file = dir.resolve("elsewhere.csv");
        Files.writeString(file, "vehicle_id,timestamp,latitude,longitude,occupancy\n"
                + "a,2020-05-01T10:00:00Z,10.0,10.0,\n" + "a,2020-05-01T10:00:30Z,10.001,10.0,\n");

        DemoSource.Plan plan = prepare(file.toString(), SourceOptions.defaults(), OptionalInt.empty(), Optional.of(ReplaySpeed.MAX), line -> { });

        assertThat(plan.localize(Settings.empty()).string("web.city", null)).isNull();
        assertThat(plan.zone().getId()).isEqualTo("UTC");
    }

    @Test
    void a_size_for_a_file_and_a_file_without_points_are_clear_errors() throws Exception {
        assertThatThrownBy(() -> prepare(SampleData.romeCrawdad().toString(), SourceOptions.defaults(), OptionalInt.of(5),
                Optional.empty(), line -> { }))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--taxis applies to a synthetic source");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "vehicle_id,timestamp,latitude,longitude,occupancy\na,never,1,1,\n");
        assertThatThrownBy(() -> prepare(empty.toString(), SourceOptions.defaults(), OptionalInt.empty(), Optional.empty(), line -> { }))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("holds no valid GPS point");
    }

    private DemoSource.Plan prepare(String specification, SourceOptions options, OptionalInt size, Optional<ReplaySpeed> speed,
                                    java.util.function.Consumer<String> info) {
        try (Lake lake = Lake.open(LakeConfig.defaults(dir.resolve("lake"))); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake)) {
            return new MobilityDemo().prepare(new DemoSource.Request(specification, options, size, speed, Duration.ofSeconds(60),
                    new Sources(DOMAIN.formats(), DOMAIN.generators()), engine, info));
        }
    }
}
