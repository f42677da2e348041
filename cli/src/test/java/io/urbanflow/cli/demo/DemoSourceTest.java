package io.urbanflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.mobility.fleet.FleetOptions;
import io.urbanflow.mobility.fleet.SyntheticFleet;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSourceTest {
    private static final long DAY_MICROS = 86_400_000_000L;

    @Test
    void the_automatic_speed_replays_the_data_span_in_the_target_time() {
        assertThat(DemoSource.speedFor(0, DAY_MICROS, Duration.ofSeconds(60))).isEqualTo(ReplaySpeed.times(1440));
        assertThat(DemoSource.speedFor(0, 150_000_000L, Duration.ofSeconds(60))).isEqualTo(ReplaySpeed.times(2.5));
        assertThat(DemoSource.speedFor(0, 30_000_000L, Duration.ofSeconds(60))).as("never slower than real time")
                .isEqualTo(ReplaySpeed.times(1));
    }

    @Test
    void a_synthetic_day_is_paced_from_the_fleet_s_window_without_reading_it() {
        DemoSource source = DemoSource.prepare(DemoOptions.defaults().withTaxis(7), Optional.empty(), line -> { });

        assertThat(source.speed()).isEqualTo(ReplaySpeed.times(1440));
        assertThat(source.span()).isEqualTo(Duration.ofDays(1));
        assertThat(source.city()).contains(City.ROME);
        assertThat(source.specification()).startsWith("synthetic:rome,taxis=7,days=1,seed=7,start=2014-02-01");
        assertThat(source.description()).startsWith("a synthetic Rome day, 7 taxis");
        assertThat(source.progress(-1)).isZero();
        assertThat(source.progress(Instant.parse("2014-02-01T11:00:00Z").toEpochMilli() * 1000)).isEqualTo(0.5);
    }

    @Test
    void a_second_demo_continues_the_synthetic_fleet_with_the_day_after_the_lake_s_latest_point() {
        FleetOptions fleet = SyntheticFleet.parseSpec(DemoOptions.DEFAULT_SOURCE);
        // 23:59 in Rome on 1 February is 22:59 UTC: the next local day is the 2nd
        Instant latest = Instant.parse("2014-02-01T22:59:00Z");

        assertThat(DemoSource.nextDay(DemoOptions.DEFAULT_SOURCE, fleet, Optional.of(latest))).contains(LocalDate.of(2014, 2, 2));
        assertThat(DemoSource.nextDay(DemoOptions.DEFAULT_SOURCE, fleet, Optional.empty())).isEmpty();
        assertThat(DemoSource.nextDay("synthetic:rome,start=2014-02-01", fleet, Optional.of(latest)))
                .as("a start date the user gave is kept").isEmpty();
        assertThat(DemoSource.nextDay(DemoOptions.DEFAULT_SOURCE, fleet, Optional.of(Instant.parse("2013-06-01T10:00:00Z"))))
                .as("older points (another data set) do not move the fleet backwards").isEmpty();
    }

    @Test
    void a_file_is_measured_by_a_first_pass() {
        List<String> info = new ArrayList<>();
        DemoOptions options = DemoOptions.defaults().withSource(SampleData.romeCrawdad().toString(), SourceOptions.defaults());

        DemoSource source = DemoSource.prepare(options, Optional.empty(), info::add);

        assertThat(info).singleElement().asString().startsWith("Measuring the time span of");
        assertThat(source.city()).contains(City.ROME);
        assertThat(source.zone()).isEqualTo(City.ROME.zone());
        assertThat(source.description()).contains("5,000 points", "24 min 11 s of data", "Rome");
        assertThat(source.speed()).isEqualTo(ReplaySpeed.times(24));
    }

    @Test
    void a_given_speed_skips_the_first_pass() {
        List<String> info = new ArrayList<>();
        DemoOptions options = DemoOptions.defaults().withSource(SampleData.romeCrawdad().toString(), SourceOptions.defaults())
                .withSpeed(ReplaySpeed.MAX);

        DemoSource source = DemoSource.prepare(options, Optional.empty(), info::add);

        assertThat(info).isEmpty();
        assertThat(source.speed()).isEqualTo(ReplaySpeed.MAX);
        assertThat(source.progress(123)).isNaN();
        assertThat(source.city()).as("from the first point").contains(City.ROME);
        assertThat(source.zone()).isEqualTo(City.ROME.zone());
    }

    @Test
    void data_outside_the_known_cities_runs_on_utc_by_a_name_duckdb_knows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("elsewhere.csv");
        Files.writeString(file, "vehicle_id,timestamp,latitude,longitude,occupancy\n"
                + "a,2020-05-01T10:00:00Z,10.0,10.0,\n" + "a,2020-05-01T10:00:30Z,10.001,10.0,\n");

        DemoSource source = DemoSource.prepare(DemoOptions.defaults().withSource(file.toString(), SourceOptions.defaults())
                .withSpeed(ReplaySpeed.MAX), Optional.empty(), line -> { });

        assertThat(source.city()).isEmpty();
        assertThat(source.zone().getId()).isEqualTo("UTC");
    }

    @Test
    void mistakes_in_the_source_fail_before_anything_is_started() {
        assertThatThrownBy(() -> DemoSource.check(DemoOptions.defaults().withSource("/no/such/file.txt", SourceOptions.defaults())))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("no such file");
        assertThatThrownBy(() -> DemoSource.check(DemoOptions.defaults()
                .withSource(SampleData.romeCrawdad().toString(), SourceOptions.defaults()).withTaxis(5)))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--taxis applies to a synthetic source");
        assertThatThrownBy(() -> DemoSource.check(DemoOptions.defaults().withSource("synthetic:atlantis", SourceOptions.defaults())))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("atlantis");
        assertThatThrownBy(() -> DemoOptions.defaults().withTaxis(0))
                .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--taxis must be at least 1");
    }
}
