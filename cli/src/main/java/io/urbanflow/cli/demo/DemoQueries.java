package io.urbanflow.cli.demo;

import io.urbanflow.query.DuckDbQueryEngine;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code urbanflow sql} queries the demo's report suggests: the domains write them against their real tables and
 * columns, and each is run once on the lake before it is shown, so that the user's first copy and paste works.
 */
final class DemoQueries {
    private static final Logger LOG = LoggerFactory.getLogger(DemoQueries.class);

    private DemoQueries() {
    }

    /** The candidates that run on {@code engine} (guarded, as {@code urbanflow sql} runs them). */
    static List<String> verified(List<String> candidates, DuckDbQueryEngine engine) {
        List<String> working = new ArrayList<>();
        for (String sql : candidates) {
            try {
                engine.query(sql);
                working.add(sql);
            } catch (RuntimeException e) {
                LOG.warn("Suggested query left out of the report, it failed: {}: {}", sql, e.getMessage());
            }
        }
        return working;
    }
}
