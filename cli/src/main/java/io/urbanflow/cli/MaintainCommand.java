package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.lake.maintenance.MaintenanceStep;
import io.urbanflow.model.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow maintain}: compaction, manifest rewrite, snapshot expiry, orphan removal and (when configured) raw
 * retention on every table or one, printing each table's files, bytes, snapshots and manifests before and after.
 * Safe beside a running ingest: every step commits with Iceberg's conflict checks and retries.
 */
@Command(name = "maintain", mixinStandardHelpOptions = true,
        description = "Keep the lake fast: compact small files, rewrite manifests, expire snapshots (keeping those models"
                + " point to), remove orphan files, and apply raw retention when set. Prints files, bytes, snapshots and"
                + " manifests before and after. Safe beside a running ingest.")
public final class MaintainCommand implements Callable<Integer> {
    @Mixin
    private LakeOptions lakeOptions;

    @Option(names = "--table", paramLabel = "TABLE", description = "Only this table, e.g. raw.gps_points (default: every table).")
    private String table;

    @Option(names = "--dry-run", description = "Plan and report every step; change nothing.")
    private boolean dryRun;

    @Option(names = "--steps", split = ",", paramLabel = "STEP",
            description = "Steps to run, comma-separated: retention, manifests, compact, expire, orphans (default: all).")
    private List<String> steps;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        MaintenanceOptions options = new MaintenanceOptions(MaintenanceConfig.from(settings), table,
                dryRun ? MaintenanceOptions.Mode.DRY_RUN : MaintenanceOptions.Mode.APPLY, steps());
        PrintWriter out = spec.commandLine().getOut();
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir))) {
            out.println((dryRun ? "Planning" : "Running") + " maintenance of " + (table == null ? "every table" : table)
                    + " in " + dataDir + "...");
            out.flush();
            MaintenanceReport report = Maintenance.run(lake, options, Clock.systemUTC(), out);
            out.println();
            report.reportLines().forEach(out::println);
            out.flush();
        }
        return 0;
    }

    private EnumSet<MaintenanceStep> steps() {
        if (steps == null || steps.isEmpty()) {
            return EnumSet.allOf(MaintenanceStep.class);
        }
        EnumSet<MaintenanceStep> chosen = EnumSet.noneOf(MaintenanceStep.class);
        for (String name : steps) {
            MaintenanceStep step = null;
            for (MaintenanceStep candidate : MaintenanceStep.values()) {
                if (candidate.label().equalsIgnoreCase(name.trim())) {
                    step = candidate;
                }
            }
            if (step == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown maintenance step '" + name
                        + "': use retention, manifests, compact, expire or orphans");
            }
            chosen.add(step);
        }
        return chosen;
    }
}
