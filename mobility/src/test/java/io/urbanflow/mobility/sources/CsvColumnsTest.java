package io.urbanflow.mobility.sources;

import io.urbanflow.sources.SourceOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.UrbanFlowException;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CsvColumnsTest {
    @Test
    void defaults_read_the_canonical_csv() {
        assertThat(CsvColumns.defaults()).isEqualTo(
                new CsvColumns("vehicle_id", "timestamp", "latitude", "longitude", "occupancy", "iso", ','));
        assertThat(SourceOptions.defaults()).isEqualTo(new SourceOptions("auto", null, null));
        assertThat(CsvColumns.of(SourceOptions.defaults())).isEqualTo(CsvColumns.defaults());
    }

    @Test
    void parses_a_command_line_mapping_over_the_defaults() {
        assertThat(CsvColumns.parse("vehicle=taxi,lat=y,lon=x,occupancy=,time-format=epoch-ms,delimiter=tab"))
                .isEqualTo(new CsvColumns("taxi", "timestamp", "y", "x", null, "epoch-ms", '\t'));
        assertThat(CsvColumns.parse("time=when,time-format=dd/MM/yyyy HH:mm,delimiter=;"))
                .isEqualTo(new CsvColumns("vehicle_id", "when", "latitude", "longitude", "occupancy", "dd/MM/yyyy HH:mm", ';'));
        assertThat(CsvColumns.parse("delimiter=,").delimiter()).isEqualTo(',');
        assertThat(CsvColumns.parse("")).isEqualTo(CsvColumns.defaults());
    }

    @Test
    void explains_unknown_keys_bad_patterns_and_zones() {
        assertThatThrownBy(() -> CsvColumns.parse("speed=v")).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot read CSV columns 'speed=v': unknown key 'speed' (keys: vehicle, time, lat, lon, "
                        + "occupancy, time-format, delimiter)");
        assertThatThrownBy(() -> CsvColumns.defaults().withTimeFormat("yyyy-MM-dd {")).isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use time format 'yyyy-MM-dd {': expected iso, epoch-s, epoch-ms, epoch-us or a pattern");
        assertThat(SourceOptions.parseZone("Asia/Shanghai")).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThatThrownBy(() -> SourceOptions.parseZone("Mars/Olympus")).isInstanceOf(UrbanFlowException.class)
                .hasMessageStartingWith("Cannot use time zone 'Mars/Olympus'");
    }
}
