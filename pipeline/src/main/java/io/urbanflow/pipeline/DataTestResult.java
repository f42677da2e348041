package io.urbanflow.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one {@link DataTest}. Immutable.
 *
 * @param level    pass, or the level of the failure (the test's severity, or the threshold crossed)
 * @param failures the offending rows (duplicate keys, NULLs, unknown values, orphans), or for row_count the rows
 *                 missing below the threshold, for freshness the age in seconds
 * @param message  one line saying what was found
 * @param samples  up to {@link DataTests#SAMPLE_ROWS} offending rows as {@code column=value, ...}
 */
public record DataTestResult(DataTest test, Level level, long failures, String message, List<String> samples, Duration elapsed) {
    /** How a test came out. */
    public enum Level {
        PASS, WARN, ERROR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public DataTestResult {
        samples = List.copyOf(samples);
    }

    public boolean passed() {
        return level == Level.PASS;
    }

    /** An error of a blocking test: what runs downstream of the model must not. */
    public boolean blocks() {
        return level == Level.ERROR && test.isBlocking();
    }
}
