package io.urbanflow.orchestration.internal;

import io.urbanflow.lake.maintenance.Maintenance;
import io.urbanflow.lake.maintenance.MaintenanceConfig;
import io.urbanflow.lake.maintenance.MaintenanceOptions;
import io.urbanflow.lake.maintenance.MaintenanceReport;
import io.urbanflow.orchestration.Task;
import io.urbanflow.orchestration.TaskContext;
import io.urbanflow.orchestration.TaskKind;
import io.urbanflow.orchestration.TaskOutcome;
import java.util.List;

/**
 * The lake's maintenance on every table ({@code maintenance.*} settings): compaction, manifest rewrite, snapshot expiry
 * (keeping what models point to), orphan removal, raw retention. Its report lines go to the task's log. Immutable.
 */
public record MaintenanceTask() implements Task {
    public static final String NAME = "maintenance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.MAINTENANCE;
    }

    @Override
    public List<String> reads() {
        return List.of();
    }

    @Override
    public List<String> writes() {
        return List.of();
    }

    @Override
    public String description() {
        return "compaction, manifests, snapshot expiry, orphans, raw retention on every table";
    }

    @Override
    public TaskOutcome run(TaskContext context) {
        MaintenanceReport report = Maintenance.run(context.lake(), MaintenanceOptions.of(MaintenanceConfig.from(context.settings())),
                context.clock(), null);
        List<String> lines = report.reportLines();
        lines.forEach(context::log);
        return TaskOutcome.of(lines.get(lines.size() - 1));
    }
}
