package io.urbanflow.lake.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Deletes the whole time partitions of a table that lie before {@code now - retention}: the cut-off is rounded down
 * to the partitioning's granularity (a day for {@code day(ts)}, in UTC as Iceberg's transforms are), so every file
 * deleted holds only older rows and no file is rewritten. Tables without a year/month/day/hour partition on a
 * timestamp or date column are left alone. Committed with {@link SnapshotCommits}; stateless.
 */
final class RawRetention {
    private RawRetention() {
    }

    static StepOutcome run(Table table, Duration retention, String column, Clock clock, MaintenanceOptions.Mode mode) {
        PartitionField field = timeField(table, column);
        if (field == null) {
            return StepOutcome.skipped(column == null ? "no time partitioning" : "not partitioned by time on " + column);
        }
        String source = table.schema().findColumnName(field.sourceId());
        Type type = table.schema().findType(field.sourceId());
        Instant cutoff = floor(clock.instant().minus(retention), field.transform().toString());
        Expression older = type instanceof Types.DateType
                ? Expressions.lessThan(source, (int) LocalDate.ofInstant(cutoff, ZoneOffset.UTC).toEpochDay())
                : Expressions.lessThan(source, ChronoUnit.MICROS.between(Instant.EPOCH, cutoff));
        table.refresh();
        if (table.currentSnapshot() == null) {
            return StepOutcome.skipped("no snapshot");
        }
        long files = 0;
        long rows = 0;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(older).planFiles()) {
            for (FileScanTask task : tasks) {
                files++;
                rows += task.file().recordCount();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String note = "before " + cutoff;
        if (files == 0) {
            return StepOutcome.skipped("nothing " + note);
        }
        if (mode == MaintenanceOptions.Mode.DRY_RUN) {
            return new StepOutcome(files, 0, rows, 0, 0, 0, 0, 0, note);
        }
        int conflicts = SnapshotCommits.commit(table, "apply retention to", base -> table.newDelete().deleteFromRowFilter(older));
        return new StepOutcome(files, 0, rows, 1, conflicts, 0, 0, 0, note);
    }

    /** The time partition field on {@code column} (any time column when null), or null. */
    static PartitionField timeField(Table table, String column) {
        for (PartitionField field : table.spec().fields()) {
            String transform = field.transform().toString();
            boolean time = transform.equals("year") || transform.equals("month") || transform.equals("day") || transform.equals("hour");
            Type type = table.schema().findType(field.sourceId());
            boolean timeType = type instanceof Types.TimestampType || type instanceof Types.DateType;
            if (time && timeType && (column == null || column.equals(table.schema().findColumnName(field.sourceId())))) {
                return field;
            }
        }
        return null;
    }

    private static Instant floor(Instant instant, String transform) {
        ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
        ZonedDateTime floored = switch (transform) {
            case "hour" -> time.truncatedTo(ChronoUnit.HOURS);
            case "day" -> time.truncatedTo(ChronoUnit.DAYS);
            case "month" -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            default -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
        return floored.toInstant();
    }
}
