package io.urbanflow.clickstream.models;

import io.urbanflow.clickstream.internal.ClickstreamSql;
import io.urbanflow.clickstream.internal.DayReplacement;
import io.urbanflow.model.TimeWindow;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.InputChanges;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.RunMode;
import io.urbanflow.pipeline.SqlText;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;

/**
 * The run shared by the small daily marts keyed by a {@code day} DATE column: the UTC days whose input files changed
 * since the snapshots this mart processed ({@link InputChanges}, for every input) are recomputed from those
 * days' input rows and replaced in one commit ({@link DayReplacement}); a full run recomputes every day. A day's rows
 * depend only on the inputs' rows dated that day, so incremental and full builds agree.
 */
abstract class DailyMartModel implements Model {
    private static final String OPTIONS = "v1";

    /** An input and the timestamp column that dates its rows. */
    record DailyInput(String name, String timeColumn) {
    }

    abstract List<DailyInput> dailyInputs();

    /**
     * The mart's rows of {@code days} (all when empty).
     *
     * @param scans one relation per input, in {@link #dailyInputs()} order, over the files that may hold those days
     */
    abstract String rows(List<String> scans, Optional<SortedSet<LocalDate>> days);

    @Override
    public final List<String> inputs() {
        return dailyInputs().stream().map(DailyInput::name).toList();
    }

    @Override
    public final PartitionSpec partitionSpec() {
        return PartitionSpec.unpartitioned();
    }

    @Override
    public final ModelResult build(ModelContext context, BuildMode mode) {
        long started = System.nanoTime();
        Table target = context.createIfMissing(name(), schema(), partitionSpec());
        List<Table> tables = new ArrayList<>();
        List<InputChanges> changes = new ArrayList<>();
        boolean full = false;
        boolean upToDate = true;
        SortedSet<LocalDate> changedDays = new TreeSet<>();
        for (DailyInput input : dailyInputs()) {
            Table table = context.input(input.name(), name());
            InputChanges inputChanges = context.changes(target, table, input.timeColumn(), OPTIONS, mode);
            tables.add(table);
            changes.add(inputChanges);
            full |= inputChanges.full();
            upToDate &= inputChanges.upToDate();
            changedDays.addAll(ClickstreamSql.days(inputChanges.changed()));
        }
        if (upToDate) {
            return ModelResult.upToDate(name(), Duration.ofNanos(System.nanoTime() - started));
        }
        Optional<SortedSet<LocalDate>> days = full ? Optional.empty() : Optional.of(changedDays);
        List<String> scans = new ArrayList<>();
        Map<String, String> state = new HashMap<>();
        long inputRows = 0;
        for (int i = 0; i < tables.size(); i++) {
            RangeReplacement.PlannedFiles files = RangeReplacement.plan(tables.get(i), changes.get(i).snapshotId(),
                    dailyInputs().get(i).timeColumn(), days.map(ClickstreamSql::ranges));
            scans.add(SqlText.scan(tables.get(i).schema(), files.paths()));
            inputRows += files.records();
            state.putAll(ModelContext.stateSummary(tables.get(i), changes.get(i).snapshotId(), OPTIONS));
        }
        long written = DayReplacement.replace(context.duckdb(), target, "day", days, rows(scans, days), state);
        List<TimeWindow> recomputed = new ArrayList<>();
        days.ifPresent(set -> ClickstreamSql.ranges(set).forEach(range -> recomputed.add(range.toTimeWindow())));
        return new ModelResult(name(), full ? RunMode.FULL : RunMode.INCREMENTAL, inputRows, written, recomputed,
                Duration.ofNanos(System.nanoTime() - started), Optional.empty());
    }
}
