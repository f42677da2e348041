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
 * {@code mart.products}: per UTC day and product, its adds (views of {@code /product_<id>}, from the stage) and its
 * purchases and purchased quantity (from {@code mart.purchase_items}, by the day of the confirmation)
 * ({@link ClickstreamTables#PRODUCTS_SCHEMA}).
 */
public final class ProductsModel extends DailyMartModel {
    @Override
    public String name() {
        return ClickstreamTables.MART_PRODUCTS;
    }

    /** One row per day and product. */
    @Override
    public List<DataTest> tests() {
        return List.of(DataTest.unique(name(), "day", "product_id"), DataTest.notNull(name(), "day", "product_id"));
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.PRODUCTS_SCHEMA;
    }

    @Override
    List<DailyInput> dailyInputs() {
        return List.of(new DailyInput(ClickstreamTables.STAGE_EVENTS, "event_timestamp"),
                new DailyInput(ClickstreamTables.MART_PURCHASE_ITEMS, "ts"));
    }

    @Override
    String rows(List<String> scans, Optional<SortedSet<LocalDate>> days) {
        return """
                WITH adds AS (
                    SELECT %s AS day, product_id, count(*) AS adds
                    FROM %s
                    WHERE page_category = 'product' AND %s
                    GROUP BY ALL
                ),
                bought AS (
                    SELECT %s AS day, product_id, count(*) AS purchases, sum(quantity) AS purchased_quantity
                    FROM %s
                    WHERE %s
                    GROUP BY ALL
                )
                SELECT coalesce(a.day, b.day) AS day, coalesce(a.product_id, b.product_id) AS product_id,
                       coalesce(a.adds, 0) AS adds, coalesce(b.purchases, 0) AS purchases,
                       coalesce(b.purchased_quantity, 0) AS purchased_quantity
                FROM adds a
                FULL OUTER JOIN bought b ON b.day = a.day AND b.product_id = a.product_id
                """.formatted(ClickstreamSql.utcDay("event_timestamp"), scans.get(0), ClickstreamSql.inDays("event_timestamp", days),
                ClickstreamSql.utcDay("ts"), scans.get(1), ClickstreamSql.inDays("ts", days));
    }
}
