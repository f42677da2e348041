package io.urbanflow.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.JsonText;
import io.urbanflow.domain.LakeAccess;
import io.urbanflow.domain.PrometheusText;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.QueryResult;
import io.urbanflow.web.DashboardConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;

/**
 * The dashboard shell's JSON endpoints: configuration, navigation, tables, SQL, health and metrics; the domains' pages
 * add their own. Each answers {@code {"error": "..."}} with status 400 for a request it cannot serve, and
 * {@code {"missing": TABLE, "message": "no data yet: run ..."}} with status 200 when the table it reads does not exist
 * yet (so a page shows a hint, not a browser error). Thread-safe.
 */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DashboardConfig config;
    private final LakeAccess lake;
    private final Map<String, DashboardPages> pages;
    private final IngestLag ingestLag;
    private final Clock clock;
    private final Instant startedAt;
    private final Semaphore userQueries;

    /**
     * @param pages     each domain's part, by domain name, in navigation order
     * @param ingestLag the ingest's lag per topic, or null without a broker
     */
    public Api(DashboardConfig config, LakeAccess lake, Map<String, DashboardPages> pages, IngestLag ingestLag, Clock clock) {
        this.config = config;
        this.lake = lake;
        this.pages = pages;
        this.ingestLag = ingestLag;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.userQueries = new Semaphore(config.sqlMaxConcurrent());
    }

    /** {@code GET /api/config}: what every page needs to start. */
    public void config(Context context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("domains", List.copyOf(pages.keySet()));
        body.put("lake", lake != null);
        body.put("live", ingestLag != null);
        body.put("updateIntervalMillis", config.updateInterval().toMillis());
        body.put("sqlMaxRows", config.sqlMaxRows());
        body.put("sqlTimeoutSeconds", config.sqlTimeout().toSeconds());
        json(context, body);
    }

    /** {@code GET /api/pages}: the navigation: each domain's pages, then the shell's. */
    public void pages(Context context) {
        List<Object> links = new ArrayList<>();
        pages.forEach((domain, part) -> part.links().forEach(link ->
                links.add(ordered("domain", domain, "title", link.title(), "path", link.path()))));
        links.add(ordered("domain", "", "title", "Tables", "path", "/tables.html"));
        links.add(ordered("domain", "", "title", "SQL", "path", "/sql.html"));
        links.add(ordered("domain", "", "title", "Health", "path", "/health.html"));
        links.add(ordered("domain", "", "title", "Runs", "path", "/runs.html"));
        json(context, Map.of("pages", links));
    }

    /** {@code GET /api/tables}: every lake table with rows, files, bytes, snapshots and last commit. */
    public void tables(Context context) {
        if (noLake(context)) {
            return;
        }
        List<Object> tables = new ArrayList<>();
        for (LakeAccess.TableSummary table : lake.tables()) {
            tables.add(summary(table));
        }
        json(context, Map.of("tables", tables));
    }

    /** {@code GET /api/tables/{name}}: one table's schema, partitioning and snapshots. */
    public void table(Context context) {
        if (noLake(context)) {
            return;
        }
        String name = context.pathParam("name");
        Optional<LakeAccess.TableDetail> detail = lake.table(name);
        if (detail.isEmpty()) {
            missing(context, name);
            return;
        }
        Map<String, Object> body = summary(detail.get().summary());
        List<Object> columns = new ArrayList<>();
        for (LakeAccess.Column column : detail.get().columns()) {
            columns.add(ordered("id", column.id(), "name", column.name(), "type", column.type(), "required", column.required()));
        }
        List<Object> snapshots = new ArrayList<>();
        for (LakeAccess.Snapshot snapshot : detail.get().snapshots()) {
            snapshots.add(ordered("id", String.valueOf(snapshot.id()), "parentId", snapshot.parentId() == null ? null : String.valueOf(snapshot.parentId()),
                    "committedAt", snapshot.committedAt(), "operation", snapshot.operation(),
                    "addedRows", snapshot.addedRows(), "totalRows", snapshot.totalRows()));
        }
        body.put("columns", columns);
        body.put("partitioning", detail.get().partitioning());
        body.put("snapshotList", snapshots);
        json(context, body);
    }

    /**
     * {@code POST /api/sql} with {@code {"sql": "..."}}: read-only SQL, cut at the row limit; with
     * {@link DashboardConfig#sqlMaxConcurrent()} queries running already, 429 with {@code {"error": ...}}.
     */
    public void sql(Context context) {
        if (lake == null) {
            error(context, "Cannot run query: the dashboard has no lake");
            return;
        }
        String sql;
        try {
            JsonNode body = JSON.readTree(context.body());
            sql = body == null || body.get("sql") == null ? null : body.get("sql").asText();
        } catch (IOException e) {
            error(context, "Cannot run query: the body is not JSON such as {\"sql\": \"SELECT 1\"}");
            return;
        }
        if (sql == null || sql.isBlank()) {
            error(context, "Cannot run query: the body has no \"sql\"");
            return;
        }
        if (!userQueries.tryAcquire()) {
            context.status(429).header("Retry-After", "1");
            json(context, Map.of("error", "Cannot run query: " + config.sqlMaxConcurrent()
                    + " queries are running already (web.sql-max-concurrent); try again when one has finished"));
            return;
        }
        long started = System.nanoTime();
        QueryResult result;
        try {
            result = lake.query(sql);
        } catch (UrbanFlowException e) {
            error(context, e.getMessage());
            return;
        } finally {
            userQueries.release();
        }
        StringBuilder out = new StringBuilder();
        boolean truncated = result.truncated() || result.rowCount() > config.sqlMaxRows();
        out.append("{\"columns\":");
        JsonText.value(out, result.columns());
        out.append(",\"types\":");
        JsonText.value(out, result.types());
        out.append(",\"rows\":[");
        int rows = Math.min(result.rowCount(), config.sqlMaxRows());
        for (int i = 0; i < rows; i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.value(out, result.rows().get(i));
        }
        out.append("],\"truncated\":").append(truncated);
        if (truncated) {
            out.append(",\"warning\":");
            JsonText.string(out, "Result cut at " + rows + " rows (web.sql-max-rows): add a LIMIT or aggregate");
        }
        out.append(",\"elapsedMillis\":").append((System.nanoTime() - started) / 1_000_000).append('}');
        raw(context, out.toString());
    }

    /** {@code GET /api/health}: uptime, the lake's raw tables, the ingest's lag per topic and each domain's figures. */
    public void health(Context context) {
        json(context, healthBody());
    }

    Map<String, Object> healthBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("time", clock.instant());
        body.put("uptimeSeconds", Duration.between(startedAt, clock.instant()).toSeconds());
        Map<String, Object> kafka = new LinkedHashMap<>();
        if (ingestLag != null) {
            Map<String, Map<Integer, Long>> lag = ingestLag.lag();
            kafka.put("bootstrapServers", ingestLag.bootstrapServers());
            kafka.put("ingestGroup", ingestLag.group());
            kafka.put("ingestLag", lag == null ? null : byTopic(lag));
        } else {
            kafka.put("lastError", "no broker configured");
        }
        body.put("kafka", kafka);
        Map<String, Object> lakeFigures = new LinkedHashMap<>();
        if (lake != null) {
            try {
                List<Object> raw = new ArrayList<>();
                long rows = 0;
                double rate = 0;
                Instant last = null;
                for (LakeAccess.TableSummary table : lake.tables()) {
                    if (!table.name().startsWith("raw.")) {
                        continue;
                    }
                    Optional<LakeAccess.TableDetail> detail = lake.table(table.name());
                    double tableRate = detail.map(this::ingestRate).orElse(0.0);
                    raw.add(ordered("name", table.name(), "rows", table.rows(), "lastCommit", table.lastCommit(),
                            "rowsPerSecond", tableRate, "commits", detail.map(this::recentCommits).orElse(List.of())));
                    if (!table.name().endsWith("_rejected")) {
                        rows += table.rows();
                        rate += tableRate;
                        if (table.lastCommit() != null && (last == null || table.lastCommit().isAfter(last))) {
                            last = table.lastCommit();
                        }
                    }
                }
                lakeFigures.put("rows", rows);
                lakeFigures.put("rowsPerSecond", Math.round(rate * 10) / 10.0);
                lakeFigures.put("lastCommit", last);
                lakeFigures.put("rawTables", raw);
                lakeFigures.put("tables", lake.tables().size());
            } catch (RuntimeException e) {
                lakeFigures.put("error", e.getMessage());
            }
        }
        body.put("lake", lakeFigures);
        Map<String, Object> domains = new LinkedHashMap<>();
        pages.forEach((domain, part) -> domains.put(domain, part.health()));
        body.put("domains", domains);
        return body;
    }

    /** {@code GET /metrics}: Prometheus text format. */
    public void metrics(Context context) {
        Map<String, Object> health = healthBody();
        StringBuilder out = new StringBuilder(2048);
        pages.values().forEach(part -> part.metrics(out));
        if (ingestLag != null) {
            Map<String, Map<Integer, Long>> lag = ingestLag.lag();
            if (lag != null) {
                PrometheusText.header(out, "urbanflow_ingest_consumer_lag", "Records the ingest group has yet to commit, per topic and partition.", "gauge");
                lag.forEach((topic, byPartition) -> byPartition.forEach((partition, value) ->
                        PrometheusText.sample(out, "urbanflow_ingest_consumer_lag{topic=\"" + topic + "\",partition=\"" + partition + "\"}", value)));
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> lakeFigures = (Map<String, Object>) health.get("lake");
        if (lakeFigures.get("rows") != null) {
            PrometheusText.gauge(out, "urbanflow_lake_raw_rows", "Rows in the raw tables (rejected ones left out).", ((Number) lakeFigures.get("rows")).doubleValue());
            PrometheusText.gauge(out, "urbanflow_lake_ingest_rows_per_second", "Rows committed to the raw tables per second over the last minute.",
                    ((Number) lakeFigures.get("rowsPerSecond")).doubleValue());
            Instant last = (Instant) lakeFigures.get("lastCommit");
            if (last != null) {
                PrometheusText.gauge(out, "urbanflow_lake_last_commit_seconds", "Time of the last commit to a raw table.", last.toEpochMilli() / 1e3);
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> raw = (List<Map<String, Object>>) (List<?>) lakeFigures.get("rawTables");
            PrometheusText.header(out, "urbanflow_lake_table_rows", "Rows of each raw table.", "gauge");
            for (Map<String, Object> table : raw) {
                PrometheusText.sample(out, "urbanflow_lake_table_rows{table=\"" + table.get("name") + "\"}", ((Number) table.get("rows")).doubleValue());
            }
        }
        context.contentType("text/plain; version=0.0.4; charset=utf-8").result(out.toString());
    }

    private Map<String, Object> summary(LakeAccess.TableSummary table) {
        return ordered("name", table.name(), "rows", table.rows(), "files", table.files(), "bytes", table.bytes(),
                "snapshots", table.snapshots(), "lastCommit", table.lastCommit());
    }

    private double ingestRate(LakeAccess.TableDetail detail) {
        Instant since = clock.instant().minusSeconds(60);
        long added = 0;
        for (LakeAccess.Snapshot snapshot : detail.snapshots()) {
            if (snapshot.committedAt().isAfter(since)) {
                added += snapshot.addedRows();
            }
        }
        return Math.round(added / 60.0 * 10) / 10.0;
    }

    private List<Object> recentCommits(LakeAccess.TableDetail detail) {
        List<Object> commits = new ArrayList<>();
        for (LakeAccess.Snapshot snapshot : detail.snapshots()) {
            if (commits.size() >= 60) {
                break;
            }
            commits.add(List.of(snapshot.committedAt().toString(), snapshot.addedRows()));
        }
        return commits;
    }

    private static Map<String, Object> byTopic(Map<String, Map<Integer, Long>> lag) {
        Map<String, Object> topics = new TreeMap<>();
        lag.forEach((topic, byPartition) -> {
            Map<String, Object> partitions = new TreeMap<>();
            byPartition.forEach((partition, value) -> partitions.put(String.valueOf(partition), value));
            topics.put(topic, partitions);
        });
        return topics;
    }

    private boolean noLake(Context context) {
        if (lake == null) {
            json(context, ordered("missing", "lake", "message", "no lake: start the dashboard with a data dir (urbanflow serve --data-dir DIR)"));
            return true;
        }
        return false;
    }

    private boolean missingTable(Context context, String table) {
        if (!lake.exists(table)) {
            missing(context, table);
            return true;
        }
        return false;
    }

    private static void missing(Context context, String table) {
        json(context, ordered("missing", table, "message", "no data yet: " + table + " does not exist (see urbanflow tables)"));
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static void json(Context context, Object body) {
        raw(context, JsonText.value(new StringBuilder(), body).toString());
    }

    static void raw(Context context, String json) {
        context.contentType("application/json; charset=utf-8").result(json);
    }

    static void error(Context context, String message) {
        context.status(400);
        json(context, Map.of("error", message));
    }
}
