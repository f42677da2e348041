package io.urbanflow.lake.maintenance;

import io.urbanflow.lake.Lake;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * One maintenance run: its settings, which table (or all), whether it changes anything, and which steps. Immutable.
 *
 * @param table null for every table of the lake
 * @param steps the steps to run (in {@link MaintenanceStep} order); empty is refused
 */
public record MaintenanceOptions(MaintenanceConfig config, String table, Mode mode, Set<MaintenanceStep> steps) {
    /** Whether a run changes the lake. */
    public enum Mode {
        APPLY,
        /** Plans and reports every step, changes nothing. */
        DRY_RUN
    }

    public MaintenanceOptions {
        if (config == null) {
            config = MaintenanceConfig.defaults();
        }
        if (table != null && table.isBlank()) {
            table = null;
        }
        if (table != null) {
            Lake.identifier(table);
        }
        mode = mode == null ? Mode.APPLY : mode;
        if (steps == null || steps.isEmpty()) {
            throw new IllegalArgumentException("a maintenance run needs at least one step");
        }
        steps = Set.copyOf(EnumSet.copyOf(steps));
    }

    /** Every step on every table, applied. */
    public static MaintenanceOptions of(MaintenanceConfig config) {
        return new MaintenanceOptions(config, null, Mode.APPLY, EnumSet.allOf(MaintenanceStep.class));
    }

    public MaintenanceOptions withTable(String name) {
        return new MaintenanceOptions(config, name, mode, steps);
    }

    public MaintenanceOptions dryRun() {
        return new MaintenanceOptions(config, table, Mode.DRY_RUN, steps);
    }

    public MaintenanceOptions withSteps(MaintenanceStep first, MaintenanceStep... more) {
        return new MaintenanceOptions(config, table, mode, EnumSet.of(first, more));
    }

    public Optional<String> tableIfSet() {
        return Optional.ofNullable(table);
    }

    public boolean isDryRun() {
        return mode == Mode.DRY_RUN;
    }
}
