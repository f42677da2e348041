package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.pipeline.DataTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import org.apache.iceberg.Schema;

/**
 * {@code mart.funnel_daily}: per UTC day of session start, the sessions whose furthest step reached home, product,
 * cart, payment and confirmation (reaching a step counts for the steps before it), the step-to-step rates and the
 * conversion rate ({@link ClickstreamTables#FUNNEL_DAILY_SCHEMA}). From {@code mart.sessions}.
 */
public final class FunnelDailyModel extends DailyMartModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_FUNNEL_DAILY;
    }

    /** One row per day. */
    @Override
    public List<DataTest> tests() {
        return List.of(DataTest.unique(name(), "day"), DataTest.notNull(name(), "day", "sessions"));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.FUNNEL_DAILY_SCHEMA;
    }

    @Override
    List<DailyInput> dailyInputs() {
        return List.of(new DailyInput(ClickstreamTables.MART_SESSIONS, "session_start"));
    }

    @Override
    String rows(List<String> scans, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH steps AS (
                    SELECT %s AS day,
                           CASE furthest_step WHEN 'home' THEN 1 WHEN 'product' THEN 2 WHEN 'cart' THEN 3
                                WHEN 'payment' THEN 4 WHEN 'confirmation' THEN 5 ELSE 0 END AS step
                    FROM %s
                    WHERE %s
                ),
                reached AS (
                    SELECT day, count(*) AS sessions,
                           count(*) FILTER (WHERE step >= 1) AS reached_home,
                           count(*) FILTER (WHERE step >= 2) AS reached_product,
                           count(*) FILTER (WHERE step >= 3) AS reached_cart,
                           count(*) FILTER (WHERE step >= 4) AS reached_payment,
                           count(*) FILTER (WHERE step >= 5) AS reached_confirmation
                    FROM steps
                    GROUP BY day
                )
                SELECT *,
                       reached_product / NULLIF(reached_home, 0) AS home_to_product_rate,
                       reached_cart / NULLIF(reached_product, 0) AS product_to_cart_rate,
                       reached_payment / NULLIF(reached_cart, 0) AS cart_to_payment_rate,
                       reached_confirmation / NULLIF(reached_payment, 0) AS payment_to_confirmation_rate,
                       reached_confirmation / NULLIF(sessions, 0) AS conversion_rate
                FROM reached
                """.formatted(ClickstreamSql.utcDay("session_start"), scans.get(0), ClickstreamSql.inDays("session_start", days));
    }
}
