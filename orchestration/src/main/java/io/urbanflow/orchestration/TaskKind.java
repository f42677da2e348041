package io.urbanflow.orchestration;

import java.util.Locale;

/** What a task of the DAG does. */
public enum TaskKind {
    /** Brings a domain's events into its raw tables (an ingest drain, or file loads). */
    LOAD,
    /** Builds a model's tables from its inputs. */
    MODEL,
    /** Runs one data test of a model. */
    TEST,
    /** Compacts, rewrites manifests, expires snapshots and removes orphans on every table. */
    MAINTENANCE;

    /** {@code load}, {@code model}, ...: as printed, stored and selected ({@code kind:model}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskKind parse(String label) {
        for (TaskKind kind : values()) {
            if (kind.label().equalsIgnoreCase(label.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Cannot select kind '" + label + "': known kinds are load, model, test, maintenance");
    }
}
