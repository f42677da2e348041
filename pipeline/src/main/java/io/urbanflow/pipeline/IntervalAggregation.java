package io.urbanflow.pipeline;

import io.urbanflow.model.TimeWindow;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.InputChanges;
import io.urbanflow.pipeline.MicrosRange;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import io.urbanflow.pipeline.ZoneOffsetCache;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;

/**
 * The shared run of 10-minute marts over a timestamp column {@code ts}: find the intervals the input's new snapshots touched (from the changed
 * files' time bounds), recompute exactly those intervals from the input, and replace them in the target in one
 * commit ({@link RangeReplacement}), recording the input snapshot. A full run recomputes every interval.
 */
public final class IntervalAggregation {
    public static final long INTERVAL_MICROS = 600_000_000L;

    /** Builds the aggregate query from the input relation, the interval expression and the row filter. */
    public interface Query {
        String sql(String input, String interval, String where);
    }

    private IntervalAggregation() {
    }

    /**
     * The start of the 10-minute interval of {@code ts}, aligned on the wall clock of {@code zone} (so 10:00, 10:10 local),
     * as an instant: {@code ts} less its local time modulo 10 minutes. Unlike bucketing local timestamps, this keeps the
     * two 01:xx hours of a fall-back night apart.
     */
    public static String intervalSql(String column, ZoneId zone) {
        return "(" + column + " - to_microseconds(epoch_us(timezone(" + SqlText.quoteString(SqlText.duckDbZone(zone, "Cannot align 10-minute intervals in zone " + zone.getId()).getId()) + ", " + column + ")) % "
                + INTERVAL_MICROS + "))";
    }

    /** The local-aligned intervals covering the changed time ranges, merged. */
    public static List<MicrosRange> intervals(List<MicrosRange> changed, ZoneId zone) {
        ZoneOffsetCache offsets = new ZoneOffsetCache(zone);
        List<MicrosRange> intervals = new ArrayList<>();
        for (MicrosRange range : changed) {
            long first = offsets.floorLocal(range.startMicros(), INTERVAL_MICROS);
            long last = offsets.floorLocal(range.endMicros() - 1, INTERVAL_MICROS);
            intervals.add(new MicrosRange(first, last + INTERVAL_MICROS));
        }
        return MicrosRange.merge(intervals);
    }

    /**
     * Brings {@code model}'s table up to date with {@code input}: the intervals (aligned in {@code zone}) that the
     * input's new snapshots touched are recomputed by {@code query} and replaced in one commit.
     *
     * @param options     the model's options; a change forces a full rebuild
     * @param inputFilter a SQL condition on the input's rows
     */
    public static ModelResult run(ModelContext context, Model model, Table input, BuildMode mode, ZoneId zone, String options,
                                  String inputFilter, Query query) {
        long started = System.nanoTime();
        Table target = context.createIfMissing(model.name(), model.schema(), model.partitionSpec());
        InputChanges changes = context.changes(target, input, "ts", options, mode);
        if (changes.upToDate()) {
            return ModelResult.upToDate(model.name(), Duration.ofNanos(System.nanoTime() - started));
        }
        Optional<List<MicrosRange>> intervals = changes.full() ? Optional.empty() : Optional.of(intervals(changes.changed(), zone));
        String scan = SqlText.scan(input.schema(), RangeReplacement.filePaths(input, changes.snapshotId(), "ts", intervals));
        String where = inputFilter + " AND " + intervals.map(list -> SqlText.inRanges("ts", list)).orElse("TRUE");
        long inputRows;
        List<TimeWindow> recomputed = new ArrayList<>();
        try (Statement statement = context.duckdb().createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + scan + " WHERE " + where)) {
            result.next();
            inputRows = result.getLong(1);
            if (intervals.isPresent()) {
                intervals.get().forEach(range -> recomputed.add(range.toTimeWindow()));
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot build " + model.name() + ": " + e.getMessage(), e);
        }
        RangeReplacement.Outcome outcome = RangeReplacement.replace(context.duckdb(), target, "interval_10min", intervals,
                query.sql(scan, intervalSql("ts", zone), where), ModelContext.stateSummary(input, changes.snapshotId(), options));
        if (intervals.isEmpty()) {
            // a full build reports the (UTC) days that have data
            outcome.daysWritten().forEach(range -> recomputed.add(range.toTimeWindow()));
        }
        return new ModelResult(model.name(), changes.full() ? RunMode.FULL : RunMode.INCREMENTAL, inputRows, outcome.rowsWritten(),
                recomputed, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }
}
