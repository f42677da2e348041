package io.urbanflow.orchestration;

import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.MicrosRange;
import java.util.Optional;

/**
 * What to run: a selection of the DAG, why, and how. Immutable.
 *
 * @param tests      whether the selected models' data tests come along
 * @param triggerKey unique name of the firing (schedule and time, data seen, backfill interval) so that two schedulers
 *                   start it once; null for a run by hand
 * @param mode       {@link BuildMode#FULL} for {@code --full-refresh}
 * @param window     a backfill interval the models recompute
 */
public record RunRequest(Selection selection, Selection.Tests tests, Trigger trigger, String triggerKey, BuildMode mode,
                         Optional<MicrosRange> window) {
    public RunRequest {
        selection = selection == null ? Selection.all() : selection;
        tests = tests == null ? Selection.Tests.ATTACHED : tests;
        trigger = trigger == null ? Trigger.MANUAL : trigger;
        mode = mode == null ? BuildMode.INCREMENTAL : mode;
        window = window == null ? Optional.empty() : window;
    }

    /** A run by hand of {@code selection}, incremental, with the selected models' tests. */
    public static RunRequest manual(Selection selection) {
        return new RunRequest(selection, Selection.Tests.ATTACHED, Trigger.MANUAL, null, BuildMode.INCREMENTAL, Optional.empty());
    }

    public RunRequest withMode(BuildMode buildMode) {
        return new RunRequest(selection, tests, trigger, triggerKey, buildMode, window);
    }

    public RunRequest withTests(Selection.Tests which) {
        return new RunRequest(selection, which, trigger, triggerKey, mode, window);
    }

    public RunRequest triggeredBy(Trigger kind, String key) {
        return new RunRequest(selection, tests, kind, key, mode, window);
    }

    public RunRequest withWindow(MicrosRange range) {
        return new RunRequest(selection, tests, trigger, triggerKey, mode, Optional.of(range));
    }
}
