package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.ClickstreamConfig;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.InputChanges;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.pipeline.SqlText;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/**
 * The run shared by the marts built from the stage's walk over each click_id ({@code mart.sessions},
 * {@code mart.purchases}, {@code mart.purchase_items}): find the UTC days whose stage files changed since the stage
 * snapshot this mart processed ({@link InputChanges}, from the files' time bounds or day partitions), compute the rows dated on those days from the stage's session
 * and cart columns (reading other days' rows where a session or a cart reaches them) and replace the days in one
 * commit. The stage rewrites every day whose walk columns changed, so its walk columns are those of a full run, and a
 * day of the mart is a function of them: a purchase is dated by its confirmation, which lies on a day the stage
 * rewrote when its cart changed; a session by its start, which may lie on an earlier day than the page view that
 * lengthened it, so the sessions mart adds the start days of the sessions on the changed days. Incremental and full
 * builds agree.
 */
abstract class ClickHistoryModel implements Model {
    /** The version of the model's SQL; with the session timeout, a change forces a full rebuild. */
    private static final String VERSION = "v2";

    @Override
    public final List<String> inputs() {
        return List.of(ClickstreamTables.STAGE_EVENTS);
    }

    /** The timestamp column the target is partitioned by day on. */
    abstract String timeColumn();

    /**
     * Whether the target's rows are dated by their session's start: then a changed day also changes the sessions that
     * began on an earlier day and reach it.
     */
    boolean datedBySessionStart() {
        return false;
    }

    /** {@code days} and the days on which the sessions of the stage rows of {@code days} began. */
    private SortedSet<LocalDate> withSessionStarts(ModelContext context, Table stage, long snapshotId, SortedSet<LocalDate> days) {
        String stageOfDays = SqlText.scan(stage.schema(), RangeReplacement.filePaths(stage, snapshotId, "event_timestamp",
                Optional.of(ClickstreamSql.ranges(days))));
        String sql = "SELECT DISTINCT " + ClickstreamSql.utcDay("session_start") + " FROM " + stageOfDays + " WHERE "
                + ClickstreamSql.inDays("event_timestamp", Optional.of(days));
        SortedSet<LocalDate> all = new TreeSet<>(days);
        all.addAll(StageClickstreamEventsModel.askDays(context, sql, name()));
        return all;
    }

    /**
     * The target's rows of {@code days} (all when empty).
     *
     * @param stageOfDays the stage files of those days
     * @param stage       every stage file
     */
    abstract String rows(String stageOfDays, String stage, Optional<SortedSet<LocalDate>> days);

    @Override
    public final ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        ClickstreamConfig config = ClickstreamConfig.from(context.settings());
        String options = "session-timeout=" + config.sessionTimeoutText() + ";" + VERSION;
        Table stage = context.input(ClickstreamTables.STAGE_EVENTS, name());
        Table target = context.createIfMissing(name(), schema(), partitionSpec());
        InputChanges changes = context.changes(target, stage, "event_timestamp", options, mode);
        if (changes.upToDate()) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        Optional<SortedSet<LocalDate>> days = changes.full() ? Optional.empty() : Optional.of(ClickstreamSql.days(changes.changed()));
        if (days.isPresent() && datedBySessionStart()) {
            days = Optional.of(withSessionStarts(context, stage, changes.snapshotId(), days.get()));
        }
        String everything = SqlText.scan(stage.schema(),
                RangeReplacement.filePaths(stage, changes.snapshotId(), "event_timestamp", Optional.empty()));
        RangeReplacement.PlannedFiles ofDays = RangeReplacement.plan(stage, changes.snapshotId(), "event_timestamp",
                days.map(ClickstreamSql::ranges));
        String stageOfDays = days.isEmpty() ? everything : SqlText.scan(stage.schema(), ofDays.paths());
        List<DataFile> files = ParquetTableWriter.write(context.duckdb(), target, rows(stageOfDays, everything, days));
        RangeReplacement.Outcome outcome = RangeReplacement.replaceFiles(target, timeColumn(), days.map(ClickstreamSql::ranges), files,
                ModelContext.stateSummary(stage, changes.snapshotId(), options));
        List<TimeWindow> recomputed = new ArrayList<>();
        (days.isPresent() ? ClickstreamSql.ranges(days.get()) : outcome.daysWritten()).forEach(range -> recomputed.add(range.toTimeWindow()));
        return new ModelResult(name(), changes.full() ? RunMode.FULL : RunMode.INCREMENTAL, ofDays.records(), outcome.rowsWritten(),
                recomputed, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }
}
