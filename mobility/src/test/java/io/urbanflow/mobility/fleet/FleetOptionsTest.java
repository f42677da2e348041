package io.urbanflow.mobility.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.mobility.City;
import io.urbanflow.model.UrbanFlowException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetOptionsTest {
    @Test
    void defaults_are_300_rome_taxis_for_the_first_day_of_the_crawdad_data_set() {
        assertThat(FleetOptions.defaults()).isEqualTo(
                new FleetOptions(City.ROME, 300, LocalDate.of(2014, 2, 1), 1, 7, 0.001));
    }

    @Test
    void a_full_spec_sets_every_option() {
        assertThat(SyntheticFleet.parseSpec("synthetic:porto,taxis=12,days=2,seed=-3,start=2013-07-01,outliers=0.02"))
                .isEqualTo(new FleetOptions(City.PORTO, 12, LocalDate.of(2013, 7, 1), 2, -3, 0.02));
    }

    @Test
    void keys_are_optional_in_any_order_and_the_city_may_be_a_key() {
        assertThat(SyntheticFleet.parseSpec("synthetic")).isEqualTo(FleetOptions.defaults());
        assertThat(SyntheticFleet.parseSpec("synthetic:")).isEqualTo(FleetOptions.defaults());
        assertThat(SyntheticFleet.parseSpec(" Synthetic:seed=9, city=sf ,taxis=1_000"))
                .isEqualTo(FleetOptions.defaults().withSeed(9).withCity(City.SAN_FRANCISCO).withTaxis(1_000));
    }

    @Test
    void the_textual_form_reads_back_to_equal_options() {
        FleetOptions options = new FleetOptions(City.SAN_FRANCISCO, 42, LocalDate.of(2008, 5, 17), 3, 123, 0.005);
        assertThat(options.toSpec()).isEqualTo("synthetic:san-francisco,taxis=42,days=3,seed=123,start=2008-05-17,outliers=0.005");
        assertThat(SyntheticFleet.parseSpec(options.toSpec())).isEqualTo(options);
    }

    @Test
    void tells_a_spec_from_a_path() {
        assertThat(SyntheticFleet.isSpec("synthetic:rome,taxis=3")).isTrue();
        assertThat(SyntheticFleet.isSpec("synthetic")).isTrue();
        assertThat(SyntheticFleet.isSpec("synthetic-data/rome.csv")).isFalse();
        assertThat(SyntheticFleet.isSpec("/data/synthetic:rome")).isFalse();
        assertThat(SyntheticFleet.isSpec(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "synthetic:rome,colour=red | unknown key 'colour'; known keys are city, taxis, days, seed, start, outliers, calendar",
        "synthetic:rome,taxis=many | taxis='many' is not a whole number",
        "synthetic:rome,taxis=0 | taxis must be between 1 and 100000, got 0",
        "synthetic:rome,days=0 | days must be between 1 and 366, got 0",
        "synthetic:rome,seed=x | seed='x' is not a whole number",
        "synthetic:rome,start=2014-13-01 | start='2014-13-01' is not a date like 2014-02-01",
        "synthetic:rome,start=1970-01-01 | start 1970-01-01 plus 1 days must lie between 1990 and 2099",
        "synthetic:rome,outliers=lots | outliers='lots' is not a number such as 0.001",
        "synthetic:rome,outliers=0.9 | outliers must be a fraction between 0 and 0.5, got 0.9",
        "synthetic:atlantis | unknown city 'atlantis'; synthetic cities are rome, san-francisco, porto",
        "synthetic:beijing | no synthetic map for beijing; synthetic cities are rome, san-francisco, porto",
        "synthetic:rome,taxis=3,taxis=4 | key 'taxis' is given twice",
        "synthetic:rome,porto | 'porto' is not key=value; known keys are city, taxis, days, seed, start, outliers, calendar",
    })
    void a_bad_spec_is_refused_with_the_reason(String spec, String reason) {
        assertThatThrownBy(() -> SyntheticFleet.parseSpec(spec))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read synthetic source '" + spec + "': " + reason);
    }

    @Test
    void a_path_is_not_a_spec() {
        assertThatThrownBy(() -> SyntheticFleet.parseSpec("rome.csv"))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read synthetic source 'rome.csv': it must start with 'synthetic:', e.g. "
                        + FleetOptions.EXAMPLE_SPEC);
    }

    @Test
    void out_of_range_values_are_refused_on_construction() {
        assertThatThrownBy(() -> FleetOptions.defaults().withTaxis(-1))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot generate synthetic fleet: taxis must be between 1 and 100000, got -1");
        assertThatThrownBy(() -> FleetOptions.defaults().withOutlierFraction(Double.NaN))
                .hasMessageContaining("outliers must be a fraction between 0 and 0.5");
    }

    @Test
    void cities_and_dates_from_the_command_line_get_clear_errors() {
        assertThat(FleetOptions.cityByName("San Francisco")).isEqualTo(City.SAN_FRANCISCO);
        assertThatThrownBy(() -> FleetOptions.cityByName("beijing"))
                .hasMessage("Cannot generate synthetic fleet: no synthetic map for beijing; synthetic cities are rome, san-francisco, porto");
        assertThatThrownBy(() -> FleetOptions.cityByName("atlantis"))
                .hasMessage("Cannot generate synthetic fleet: unknown city 'atlantis'; synthetic cities are rome, san-francisco, porto");
        assertThatThrownBy(() -> FleetOptions.parseStartDate("1/2/2014"))
                .hasMessage("Cannot generate synthetic fleet: start '1/2/2014' is not a date like 2014-02-01");
    }
}
