package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.clickstream.internal.TableInput;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.DataTest;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.pipeline.SqlText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * {@code stage.clickstream_events} from the four raw tables: one row per event_id, browser and location events joined
 * by event_id, device and geo events by click_id, duplicates removed (the first received copy wins), typed, with page
 * category and product, and each event's place in its click_id's walk: event number, session
 * ({@code clickstream.session-timeout}) and cart number (see {@link ClickstreamSql#stage}).
 *
 * <h2>Incremental runs</h2>
 * The stage's commit records the snapshot of each raw table it processed. A run reads the files each raw table
 * received since (appends only; anything else, or a change of this model's options, rebuilds in full) and rebuilds the
 * UTC days whose rows they change ({@link ClickstreamSql#changedDays}). A new page view, or the location event of one,
 * changes its visitor's rows from that page view on, never before: event numbers, sessions and carts count only
 * earlier events. A new device or geo event changes every row of its visitor: all its days are rebuilt. A copy
 * received after the one kept changes nothing. A returning visitor therefore costs the days of its new page views, not
 * every day it was ever seen (a session it lengthens that began the day before is the sessions mart's to find). A day
 * is always rebuilt from all raw rows (every event of the visitors on it), so incremental and full builds agree.
 * New rows that touch no browser event (orphans) rebuild nothing; the run still records the snapshots.
 */
public final class StageClickstreamEventsModel implements Model {
    private static final String VERSION = "stage-v2";
    /** Summary key prefix: whether an input had copies of an id at the snapshot the commit records. */
    static final String COPIES_PREFIX = "urbanflow.copies.";

    @Override
    public String name() {
        return ClickstreamTables.STAGE_EVENTS;
    }

    @Override
    public List<String> inputs() {
        return List.of(ClickstreamTables.RAW_BROWSER_EVENTS, ClickstreamTables.RAW_LOCATION_EVENTS, ClickstreamTables.RAW_DEVICE_EVENTS,
                ClickstreamTables.RAW_GEO_EVENTS);
    }

    @Override
    public Schema schema() {
        return ClickstreamTables.STAGE_EVENTS_SCHEMA;
    }

    @Override
    public PartitionSpec partitionSpec() {
        return ClickstreamTables.STAGE_EVENTS_SPEC;
    }

    /**
     * The stage's contract: one row per event_id (blocking: sessions and purchases would count an event twice), the
     * columns every row has, a page category of the six, and rows at all (a warning: an empty lake is no error).
     */
    @Override
    public List<DataTest> tests() {
        return List.of(
                DataTest.unique(name(), "event_id").blocking(),
                DataTest.notNull(name(), "event_id", "click_id", "event_timestamp", "page_category", "session_id", "session_start",
                        "event_number", "cart_number", "has_location", "has_device", "has_geo"),
                DataTest.acceptedValues(name(), "page_category", ClickstreamTables.PAGE_CATEGORIES.toArray(String[]::new)),
                DataTest.rowCount(name(), 0, 1));
    }

    @Override
    public ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        context.input(ClickstreamTables.RAW_BROWSER_EVENTS, name());
        Table stage = context.createIfMissing(name(), schema(), partitionSpec());
        TableInput browser = TableInput.of(context, ClickstreamTables.RAW_BROWSER_EVENTS, ClickstreamTables.BROWSER_EVENTS_SCHEMA, "event_timestamp");
        TableInput location = TableInput.of(context, ClickstreamTables.RAW_LOCATION_EVENTS, ClickstreamTables.LOCATION_EVENTS_SCHEMA, "ingested_at");
        TableInput device = TableInput.of(context, ClickstreamTables.RAW_DEVICE_EVENTS, ClickstreamTables.DEVICE_EVENTS_SCHEMA, "ingested_at");
        TableInput geo = TableInput.of(context, ClickstreamTables.RAW_GEO_EVENTS, ClickstreamTables.GEO_EVENTS_SCHEMA, "ingested_at");
        List<TableInput> inputs = List.of(browser, location, device, geo);
        ClickstreamConfig config = ClickstreamConfig.from(context.settings());
        String options = VERSION + ";session-timeout=" + config.sessionTimeoutText();
        Map<String, String> state = new HashMap<>();
        inputs.forEach(input -> state.putAll(input.state(options)));

        Optional<List<List<String>>> added = mode == BuildMode.FULL ? Optional.empty() : addedSinceLastRun(stage, inputs, options);
        if (added.isPresent() && added.get().stream().allMatch(List::isEmpty)) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        String browserScan = browser.scan();
        String locationScan = location.scan();
        String deviceScan = device.scan();
        String geoScan = geo.scan();
        Map<String, String> last = stage.currentSnapshot() == null ? Map.of() : stage.currentSnapshot().summary();
        ClickstreamSql.StageInputs stageInputs = new ClickstreamSql.StageInputs(
                browserScan, repeats(context, browser, browserScan, "event_id", added.map(files -> files.get(0)), last, state),
                locationScan, repeats(context, location, locationScan, "event_id", added.map(files -> files.get(1)), last, state),
                deviceScan, repeats(context, device, deviceScan, "click_id", added.map(files -> files.get(2)), last, state),
                geoScan, repeats(context, geo, geoScan, "click_id", added.map(files -> files.get(3)), last, state));
        Optional<SortedSet<LocalDate>> days = added.isEmpty() ? Optional.empty()
                : Optional.of(changedDays(context, stageInputs, added.get()));
        String sql = ClickstreamSql.stage(stageInputs, days, config.sessionTimeoutMicros());
        List<DataFile> files = days.isPresent() && days.get().isEmpty() ? List.of() : ParquetTableWriter.write(context.duckdb(), stage, sql);
        RangeReplacement.Outcome outcome = RangeReplacement.replaceFiles(stage, "event_timestamp",
                days.map(ClickstreamSql::ranges), files, state);
        List<TimeWindow> recomputed = new ArrayList<>();
        (days.isPresent() ? ClickstreamSql.ranges(days.get()) : outcome.daysWritten()).forEach(range -> recomputed.add(range.toTimeWindow()));
        long inputRows = days.isPresent() ? RangeReplacement.plan(browser.table().orElseThrow(), browser.snapshotId(), "event_timestamp",
                Optional.of(ClickstreamSql.ranges(days.get()))).records() : browser.rows();
        return new ModelResult(name(), days.isPresent() ? RunMode.INCREMENTAL : RunMode.FULL, inputRows, outcome.rowsWritten(),
                recomputed, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }

    /**
     * Per input, the files added since the snapshot the stage's last commit records; empty when the stage must be
     * rebuilt in full (never built, built with other options, or an input changed other than by appends).
     */
    private static Optional<List<List<String>>> addedSinceLastRun(Table stage, List<TableInput> inputs, String options) {
        Snapshot last = stage.currentSnapshot();
        Map<String, String> summary = last == null ? Map.of() : last.summary();
        if (!options.equals(summary.get(ModelContext.OPTIONS_KEY))) {
            return Optional.empty();
        }
        List<List<String>> added = new ArrayList<>();
        for (TableInput input : inputs) {
            Optional<Long> processed = input.processedBy(summary);
            if (processed.isEmpty()) {
                return Optional.empty();
            }
            Optional<List<String>> files = input.filesAddedSince(processed.get());
            if (files.isEmpty()) {
                return Optional.empty();
            }
            added.add(files.get());
        }
        return Optional.of(added);
    }

    /**
     * Whether the input has copies of an id: then, and only then, the stage picks first copies. The answer is recorded
     * in the commit ({@value #COPIES_PREFIX}{@code <input>}, true or false at the input snapshot the commit records),
     * so an incremental run asks only about the files added since: the input has copies when it had them, or when an
     * id of the new rows has two rows now. A full run asks about every row.
     *
     * @param added the input's files added since the last run; empty for a full run
     * @param last  the stage's last commit summary
     * @param state the summary of this run's commit, to which the answer is added
     */
    private static boolean repeats(ModelContext context, TableInput input, String relation, String id, Optional<List<String>> added,
                                   Map<String, String> last, Map<String, String> state) {
        String known = last.get(COPIES_PREFIX + input.name());
        boolean repeats;
        if (added.isPresent() && known != null && (Boolean.parseBoolean(known) || added.get().isEmpty())) {
            repeats = Boolean.parseBoolean(known);
        } else {
            String sql = added.isPresent() && known != null
                    ? ClickstreamSql.repeatsAmong(SqlText.scan(input.schema(), added.get()), relation, id)
                    : ClickstreamSql.repeats(relation, id);
            repeats = ask(context, sql, ClickstreamTables.STAGE_EVENTS);
        }
        state.put(COPIES_PREFIX + input.name(), Boolean.toString(repeats));
        return repeats;
    }

    /** The TRUE or FALSE of a one-value query; a failure is one line naming the table being built. */
    static boolean ask(ModelContext context, String sql, String building) {
        try (Statement statement = context.duckdb().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getBoolean(1);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + building + ": " + e.getMessage(), e);
        }
    }

    /** The dates of a one-column query of dates, sorted; a failure is one line naming the table being built. */
    static SortedSet<LocalDate> askDays(ModelContext context, String sql, String building) {
        SortedSet<LocalDate> days = new TreeSet<>();
        try (Statement statement = context.duckdb().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                days.add(result.getObject(1, LocalDate.class));
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + building + ": " + e.getMessage(), e);
        }
        return days;
    }

    /** The UTC days whose stage rows the new rows change ({@link ClickstreamSql#changedDays}). */
    private static SortedSet<LocalDate> changedDays(ModelContext context, ClickstreamSql.StageInputs inputs, List<List<String>> added) {
        String sql = ClickstreamSql.changedDays(inputs,
                SqlText.scan(ClickstreamTables.BROWSER_EVENTS_SCHEMA, added.get(0)),
                SqlText.scan(ClickstreamTables.LOCATION_EVENTS_SCHEMA, added.get(1)),
                SqlText.scan(ClickstreamTables.DEVICE_EVENTS_SCHEMA, added.get(2)),
                SqlText.scan(ClickstreamTables.GEO_EVENTS_SCHEMA, added.get(3)));
        return askDays(context, sql, ClickstreamTables.STAGE_EVENTS);
    }
}
