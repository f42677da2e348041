package io.urbanflow.clickstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.DataTestResult;
import io.urbanflow.pipeline.DataTests;
import io.urbanflow.pipeline.Model;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clickstream models' data tests: they pass on the real sample and catch a mart that breaks its contract. */
class ClickstreamDataTestsTest {
    @TempDir
    Path dir;

    @Test
    void every_data_test_passes_on_the_sample_and_a_broken_mart_fails_the_tests_of_its_contract() {
        try (ClickstreamLake lake = ClickstreamLake.open(dir)) {
            lake.load(SampleData.clickstream());
            lake.build(BuildMode.FULL);
            Map<String, DataTestResult> clean = evaluateAll(lake);
            assertThat(clean.keySet()).contains(
                    "stage.clickstream_events.unique_event_id", "stage.clickstream_events.accepted_values_page_category",
                    "mart.sessions.unique_session_id", "mart.sessions.accepted_values_furthest_step",
                    "mart.purchases.unique_event_id", "mart.purchases.relationships_session_id_mart_sessions_session_id",
                    "mart.purchase_items.relationships_event_id_mart_purchases_event_id", "mart.data_quality.unique_day");
            assertThat(clean.values()).allSatisfy(result -> assertThat(result.passed()).as(result.test().name() + ": " + result.message()).isTrue());
            assertThat(ClickstreamLake.DOMAIN.models().get(0).tests()).filteredOn(DataTest::isBlocking).extracting(DataTest::name)
                    .containsExactly("stage.clickstream_events.unique_event_id");

            // a second copy of a page view, with a page category of no funnel
            lake.append("stage.clickstream_events", "SELECT * REPLACE ('checkout' AS page_category) FROM {table} ORDER BY event_id LIMIT 1");
            // a session twice, one of them with a step that does not exist
            lake.append("mart.sessions", "SELECT * REPLACE ('basket' AS furthest_step) FROM {table} ORDER BY session_id LIMIT 1");
            // a purchase in a session that does not exist, and an item of a purchase that does not exist
            lake.append("mart.purchases", "SELECT * REPLACE ('nobody-0' AS session_id, 'lost-confirmation' AS event_id) FROM {table} LIMIT 1");
            lake.append("mart.purchase_items", "SELECT * REPLACE ('ghost' AS event_id) FROM {table} LIMIT 1");

            Map<String, DataTestResult> broken = evaluateAll(lake);
            List<String> failed = new ArrayList<>();
            broken.forEach((name, result) -> {
                if (!result.passed()) {
                    failed.add(name);
                }
            });
            assertThat(failed).containsExactlyInAnyOrder(
                    "stage.clickstream_events.unique_event_id",
                    "stage.clickstream_events.accepted_values_page_category",
                    "mart.sessions.unique_session_id",
                    "mart.sessions.accepted_values_furthest_step",
                    "mart.purchases.relationships_session_id_mart_sessions_session_id",
                    "mart.purchases.relationships_event_id_stage_clickstream_events_event_id",
                    "mart.purchase_items.relationships_event_id_mart_purchases_event_id");
            DataTestResult duplicate = broken.get("stage.clickstream_events.unique_event_id");
            assertThat(duplicate.blocks()).isTrue();
            assertThat(duplicate.failures()).isEqualTo(1);
            assertThat(broken.get("mart.sessions.accepted_values_furthest_step").samples()).containsExactly("furthest_step=basket, rows=1");
            assertThat(broken.get("mart.purchases.relationships_session_id_mart_sessions_session_id").samples())
                    .containsExactly("session_id=nobody-0, rows=1");
        }
    }

    /** Every data test of every clickstream model, by name. */
    private static Map<String, DataTestResult> evaluateAll(ClickstreamLake lake) {
        Map<String, DataTestResult> results = new LinkedHashMap<>();
        for (Model model : ClickstreamLake.DOMAIN.models()) {
            for (DataTest test : model.tests()) {
                assertThat(test.table()).isEqualTo(model.name());
                results.put(test.name(), DataTests.evaluate(test, lake.context()));
            }
        }
        return results;
    }
}
