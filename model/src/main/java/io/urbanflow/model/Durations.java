package io.urbanflow.model;

import java.time.Duration;
import java.util.Locale;

/** Durations as people read them in messages and reports. Stateless. */
public final class Durations {
    private Durations() {
    }

    /** {@code 1 h 5 min}, {@code 2 min 3 s}, {@code 12 s}, {@code 1.5 s}. */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        long seconds = Math.round(millis / 1000.0);
        if (seconds >= 3600) {
            long minutes = Math.round(millis / 60_000.0);
            return minutes % 60 == 0 ? minutes / 60 + " h" : minutes / 60 + " h " + minutes % 60 + " min";
        }
        if (seconds >= 60) {
            return seconds % 60 == 0 ? seconds / 60 + " min" : seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (millis >= 10_000 || millis % 1000 == 0) {
            return seconds + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
