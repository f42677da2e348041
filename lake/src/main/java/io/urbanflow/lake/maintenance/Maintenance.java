package io.urbanflow.lake.maintenance;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.UrbanFlowException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Lake maintenance: on every table (or one), in this order, raw retention (off by default), manifest rewrite,
 * compaction, snapshot expiry and orphan removal ({@link MaintenanceStep}). Each step commits beside running writers:
 * a concurrent commit is retried on, never overwritten; the ingest never waits for maintenance.
 *
 * <p>Thread-safe: {@link #run} holds no state between calls; two runs on one table at once are safe (their
 * rewrites conflict and re-plan) but wasteful.
 */
public final class Maintenance {
    private Maintenance() {
    }

    /**
     * Runs the options' steps and reports, per table and step, the table's figures before and after.
     *
     * @param progress a line per step as it finishes (flushed); the caller prints {@link MaintenanceReport#reportLines()}
     * @throws UrbanFlowException when the named table does not exist, or a step fails (steps already done stay done)
     */
    public static MaintenanceReport run(Lake lake, MaintenanceOptions options, Clock clock, PrintWriter progress) {
        List<String> names = new ArrayList<>();
        if (options.table() != null) {
            lake.table(options.table());
            names.add(Lake.identifier(options.table()).toString());
        } else {
            for (TableIdentifier identifier : lake.tables()) {
                names.add(identifier.toString());
            }
        }
        MaintenanceConfig config = options.config();
        ExecutorService writers = Executors.newFixedThreadPool(config.parallelism(), threads("urbanflow-compact-write"));
        ExecutorService readers = Executors.newCachedThreadPool(threads("urbanflow-compact-read"));
        List<StepReport> reports = new ArrayList<>();
        try {
            for (String name : names) {
                Table table = lake.table(name);
                for (MaintenanceStep step : MaintenanceStep.values()) {
                    if (!options.steps().contains(step)) {
                        continue;
                    }
                    table.refresh();
                    TableFigures before = TableFigures.of(table);
                    long started = System.nanoTime();
                    long cpuStarted = processCpuNanos();
                    StepOutcome outcome = switch (step) {
                        case RAW_RETENTION -> config.rawRetention() == null ? StepOutcome.skipped("off")
                                : !name.startsWith(Lake.RAW + ".") ? StepOutcome.skipped("not a raw table")
                                : RawRetention.run(table, config.rawRetention(), config.rawRetentionColumn(), clock, options.mode());
                        case COMPACT -> new Compaction(table, config, writers, readers).run(options.mode());
                        case REWRITE_MANIFESTS -> ManifestRewrite.run(table, config, options.mode());
                        case EXPIRE_SNAPSHOTS -> expire(lake, name, table, config, clock, options.mode());
                        case REMOVE_ORPHANS -> orphans(table, config, clock, options.mode());
                    };
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    long cpuMillis = (processCpuNanos() - cpuStarted) / 1_000_000;
                    table.refresh();
                    StepReport report = new StepReport(name, step, before, TableFigures.of(table), outcome, millis, cpuMillis);
                    reports.add(report);
                    if (progress != null) {
                        progress.println(name + " " + step.label() + ": " + describe(report));
                        progress.flush();
                    }
                }
            }
        } finally {
            writers.shutdownNow();
            readers.shutdownNow();
            try {
                writers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new MaintenanceReport(reports, options.isDryRun());
    }

    /** Reads the models' states right before expiring, so a state recorded meanwhile is seen. */
    private static StepOutcome expire(Lake lake, String name, Table table, MaintenanceConfig config, Clock clock,
            MaintenanceOptions.Mode mode) {
        ProtectedSnapshots protectedSnapshots = ProtectedSnapshots.scan(lake);
        int expired = SnapshotExpiry.expire(table, protectedSnapshots.of(name), config.snapshotRetention(),
                config.retainLast(), clock, mode);
        int kept = protectedSnapshots.of(name).size();
        return new StepOutcome(0, 0, 0, 0, 0, expired, 0, 0, kept == 0 ? "" : "kept " + kept + " snapshots models point to");
    }

    private static StepOutcome orphans(Table table, MaintenanceConfig config, Clock clock, MaintenanceOptions.Mode mode) {
        OrphanFiles.Found found = OrphanFiles.remove(table, config.orphanAge(), clock, mode);
        return new StepOutcome(0, 0, 0, 0, 0, 0, found.orphans().size(), found.deleted(), "");
    }

    private static String describe(StepReport report) {
        List<String> lines = new MaintenanceReport(List.of(report), false).reportLines();
        String line = lines.get(1);
        return line.substring(line.lastIndexOf("  ") + 2);
    }

    /** CPU time of every thread of this process so far, or 0 where the JVM cannot tell. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean bean = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
