package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.domain.DemoSource;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.SourceRecord;
import io.urbanflow.stream.ReplaySpeed;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClickstreamDemoTest {
    private final DemoSource demo = new ClickstreamDemo();

    @TempDir
    Path dir;

    @Test
    void replays_a_synthetic_shop_day_in_the_replay_time_by_default() {
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            List<String> info = new ArrayList<>();
            DemoSource.Plan plan = demo.prepare(request(lake, demo.defaultSpecification(), OptionalInt.empty(), info));
            assertThat(plan.specification()).isEqualTo("synthetic:clickstream,visitors=15000,days=1,seed=7,start=2022-11-28");
            assertThat(plan.span()).isEqualTo(Duration.ofDays(1));
            assertThat(plan.speed()).isEqualTo(ReplaySpeed.times(1440));
            assertThat(plan.description()).contains("15,000 visitors");
            assertThat(plan.continuedWith()).isEmpty();
            assertThat(plan.progress(1_669_593_600_000_000L + 43_200_000_000L)).isEqualTo(0.5);
            assertThat(demo.sizeName()).isEqualTo("visitors");
            assertThat(info).isEmpty();
        }
    }

    @Test
    void the_size_sets_the_visitors_and_a_lake_holding_shop_days_continues_with_the_next_day() {
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            lake.load(SampleData.clickstream().resolve("browser_events.jsonl"));
            List<String> info = new ArrayList<>();
            DemoSource.Plan plan = demo.prepare(request(lake, demo.defaultSpecification(), OptionalInt.of(200), info));
            assertThat(plan.specification()).isEqualTo("synthetic:clickstream,visitors=200,days=1,seed=7,start=2022-11-29");
            assertThat(plan.continuedWith()).contains("the next synthetic shop day, 2022-11-29");
            assertThat(info).singleElement().asString().contains("continuing with 2022-11-29");
            List<SourceRecord> records = new ArrayList<>();
            plan.open().read(records::add, reject -> { });
            assertThat(records).isNotEmpty();
            assertThat(records.get(0).eventTimeMicros()).isGreaterThanOrEqualTo(1_669_680_000_000_000L);
        }
    }

    @Test
    void files_replay_at_the_pace_that_fits_their_span_and_cannot_be_sized() {
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            String folder = SampleData.clickstream().toString();
            DemoSource.Plan plan = demo.prepare(request(lake, folder, OptionalInt.empty(), new ArrayList<>()));
            // the sample spans 20:51:05.627882 to 21:41:18.893882
            assertThat(plan.span()).isEqualTo(Duration.ofNanos(3_013_266_000_000L));
            assertThat(plan.speed().factor()).isCloseTo(3013.266 / 60, org.assertj.core.data.Offset.offset(0.01));
            assertThat(plan.description()).contains("4,000 clickstream events");
            assertThatThrownBy(() -> demo.prepare(request(lake, folder, OptionalInt.of(10), new ArrayList<>())))
                    .isInstanceOf(UrbanFlowException.class).hasMessageContaining("--size sets the visitors of the synthetic shop");
        }
    }

    @Test
    void after_a_pipeline_run_the_status_gives_the_latest_hour_and_the_suggested_queries_run() {
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            DemoSource.Plan plan = demo.prepare(request(lake, SampleData.clickstream().toString(), OptionalInt.empty(), new ArrayList<>()));
            assertThat(plan.status(lake.engine)).isEmpty();
            lake.load(SampleData.clickstream());
            lake.build(BuildMode.INCREMENTAL);
            long sessions = lake.count("SELECT count(*) FROM mart.sessions WHERE hour(timezone('UTC', session_start)) = 21");
            assertThat(plan.status(lake.engine)).hasValueSatisfying(status -> assertThat(status)
                    .startsWith("latest hour 21:00-22:00 UTC: " + sessions + " sessions, ").contains(" purchases (conversion "));
            List<String> queries = plan.queries(table -> true);
            assertThat(queries).hasSize(6);
            for (String query : queries) {
                assertThat(lake.query(query).rows()).as(query).isNotEmpty();
            }
            assertThat(plan.queries(table -> false)).isEmpty();
        }
    }

    private static DemoSource.Request request(ClickstreamLake lake, String specification, OptionalInt size, List<String> info) {
        return new DemoSource.Request(specification, SourceOptions.defaults(), size, Optional.empty(), Duration.ofMinutes(1),
                lake.sources, lake.engine, info::add);
    }
}
