package io.urbanflow.lake.maintenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything one maintenance run did, step by step and table by table, in the order it ran. Immutable.
 *
 * @param dryRun true when nothing was changed: the outcomes say what would be done
 */
public record MaintenanceReport(List<StepReport> steps, boolean dryRun) {
    public MaintenanceReport {
        steps = List.copyOf(steps);
    }

    /** The reports of one step, over all tables. */
    public List<StepReport> of(MaintenanceStep step) {
        List<StepReport> reports = new ArrayList<>();
        for (StepReport report : steps) {
            if (report.step() == step) {
                reports.add(report);
            }
        }
        return reports;
    }

    /** The report of one step on one table, or null. */
    public StepReport of(String table, MaintenanceStep step) {
        for (StepReport report : steps) {
            if (report.table().equals(table) && report.step() == step) {
                return report;
            }
        }
        return null;
    }

    /**
     * The lines {@code urbanflow maintain} prints: a header, one line per table and step with files, bytes,
     * snapshots and manifests before → after and what the step did, then a total line.
     */
    public List<String> reportLines() {
        List<String> lines = new ArrayList<>();
        int width = "table".length();
        for (StepReport report : steps) {
            width = Math.max(width, report.table().length());
        }
        String format = "%-" + width + "s  %-9s  %-15s  %-21s  %-13s  %-11s  %s";
        lines.add(String.format(Locale.ROOT, format, "table", "step", "data files", "bytes", "snapshots", "manifests", "done"));
        long rewritten = 0;
        long expired = 0;
        long orphans = 0;
        for (StepReport report : steps) {
            TableFigures before = report.before();
            TableFigures after = report.after();
            lines.add(String.format(Locale.ROOT, format, report.table(), report.step().label(),
                    before.dataFiles() + " → " + after.dataFiles(),
                    bytes(before.dataBytes()) + " → " + bytes(after.dataBytes()),
                    before.snapshots() + " → " + after.snapshots(),
                    before.manifests() + " → " + after.manifests(),
                    describe(report)));
            if (report.step() == MaintenanceStep.COMPACT) {
                rewritten += report.outcome().filesIn();
            }
            expired += report.outcome().snapshotsExpired();
            orphans += dryRun ? report.outcome().orphansFound() : report.outcome().orphansDeleted();
        }
        lines.add((dryRun ? "dry run, nothing changed: would compact " : "compacted ") + rewritten + " files, "
                + (dryRun ? "expire " : "expired ") + expired + " snapshots, " + (dryRun ? "delete " : "deleted ")
                + orphans + " orphan files");
        return lines;
    }

    private String describe(StepReport report) {
        StepOutcome outcome = report.outcome();
        String time = " (" + seconds(report.millis()) + ", cpu " + seconds(report.cpuMillis()) + ")";
        if (!outcome.note().isEmpty() && outcome.filesIn() == 0 && outcome.snapshotsExpired() == 0 && outcome.orphansFound() == 0) {
            return outcome.note() + time;
        }
        String verb = dryRun ? "would " : "";
        String text = switch (report.step()) {
            case COMPACT -> verb + (dryRun ? "rewrite " : "rewrote ") + outcome.filesIn() + " files into " + outcome.filesOut()
                    + (dryRun ? "" : ", " + outcome.rows() + " rows, " + outcome.commits() + " commits"
                    + (outcome.conflicts() > 0 ? ", " + outcome.conflicts() + " retried" : "")
                    + String.format(Locale.ROOT, ", %.0f rows/s, %.0f rows/cpu-s", report.rowsPerSecond(), report.rowsPerCpuSecond()));
            case REWRITE_MANIFESTS -> (dryRun ? "would rewrite " : "rewrote ") + outcome.filesIn() + " manifests"
                    + (dryRun ? "" : " into " + outcome.filesOut());
            case EXPIRE_SNAPSHOTS -> (dryRun ? "would expire " : "expired ") + outcome.snapshotsExpired() + " snapshots";
            case REMOVE_ORPHANS -> "found " + outcome.orphansFound() + " orphan files" + (dryRun ? "" : ", deleted " + outcome.orphansDeleted());
            case RAW_RETENTION -> (dryRun ? "would drop " : "dropped ") + outcome.filesIn() + " files, " + outcome.rows() + " rows";
        };
        return text + (outcome.note().isEmpty() ? "" : "; " + outcome.note()) + time;
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
