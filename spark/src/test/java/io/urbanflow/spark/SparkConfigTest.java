package io.urbanflow.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.model.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkConfigTest {
    @Test
    void defaults_run_locally_on_every_core() {
        SparkConfig config = SparkConfig.from(Settings.empty());
        assertThat(config).isEqualTo(SparkConfig.defaults());
        assertThat(config.master()).isEqualTo("local[*]");
        assertThat(config.masterTimeoutMillis()).isEqualTo(60_000);
        assertThat(config.properties()).isEmpty();
        assertThat(config.standalone()).isFalse();
    }

    @Test
    void every_key_maps_onto_the_config() {
        SparkConfig config = SparkConfig.from(Settings.of(Map.of(
                "spark.master", "spark://10.1.2.3:7077",
                "spark.master-timeout", "15s",
                "spark.conf.spark.executor.memory", "2g",
                "unrelated.key", "x")));
        assertThat(config.master()).isEqualTo("spark://10.1.2.3:7077");
        assertThat(config.standalone()).isTrue();
        assertThat(config.masterTimeoutMillis()).isEqualTo(15_000);
        assertThat(config.properties()).containsExactly(Map.entry("spark.executor.memory", "2g"));
    }

    @Test
    void environment_variables_name_the_same_keys() {
        Settings settings = Settings.load(null, Map.of("URBANFLOW_SPARK_MASTER", "local[3]", "URBANFLOW_SPARK_MASTER_TIMEOUT", "5s"), Map.of());
        assertThat(SparkConfig.from(settings)).isEqualTo(new SparkConfig("local[3]", 5_000, Map.of()));
    }

    @Test
    void a_master_url_of_another_kind_is_refused_naming_the_flag() {
        for (String master : new String[] {"yarn", "local[0]", "spark://host", "spark://host:port", "mesos://h:1"}) {
            assertThatThrownBy(() -> SparkConfig.defaults().withMaster(master))
                    .hasMessage("Cannot use Spark master '" + master + "' (--master): expected local[*], local[N] or spark://HOST:PORT");
        }
        assertThat(SparkConfig.defaults().withMaster("local").master()).isEqualTo("local");
        assertThat(SparkConfig.defaults().withMaster("local[4]").master()).isEqualTo("local[4]");
    }
}
