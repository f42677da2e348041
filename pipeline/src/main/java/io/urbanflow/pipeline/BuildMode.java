package io.urbanflow.pipeline;

/** What a caller asks of a model run. */
public enum BuildMode {
    /** Rebuild the whole target table from its inputs. */
    FULL,
    /** Recompute only what the inputs' new snapshots touched; a model without usable state rebuilds fully. */
    INCREMENTAL
}
