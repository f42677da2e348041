package io.urbanflow.pipeline;

import java.util.Locale;

/** What a model run actually did. */
public enum RunMode {
    FULL, INCREMENTAL, UP_TO_DATE;

    /** {@code full}, {@code incremental}, {@code up-to-date}: as printed and stored in {@code mart.pipeline_runs}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
