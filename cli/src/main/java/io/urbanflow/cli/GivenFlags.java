package io.urbanflow.cli;

import java.util.Map;

/** Command-line options as settings overrides: an option the user left out overrides nothing. */
final class GivenFlags {
    private GivenFlags() {
    }

    /** Puts {@code value} (as text) under {@code key} when the option was given, that is when it is not null. */
    static void putIfGiven(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
