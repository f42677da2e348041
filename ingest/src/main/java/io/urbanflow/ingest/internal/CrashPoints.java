package io.urbanflow.ingest.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named points inside a commit where crash tests halt the process as {@code kill -9} would, chosen by the system
 * property {@value #PROPERTY}: {@code NAME} (the first time the point is reached) or {@code NAME@N} (the N-th time).
 * Without the property every {@link #reach} is a no-op. Thread-safe.
 */
public final class CrashPoints {
    /** {@code urbanflow.crash-point=rows-committed@3}. */
    public static final String PROPERTY = "urbanflow.crash-point";
    /** Exit status of a halt at a crash point (as a process killed by SIGKILL). */
    public static final int HALT_STATUS = 137;
    private static final String POINT;
    private static final int TIMES;
    private static final AtomicInteger REACHED = new AtomicInteger();

    static {
        String value = System.getProperty(PROPERTY, "");
        int at = value.indexOf('@');
        POINT = at < 0 ? value : value.substring(0, at);
        TIMES = at < 0 ? 1 : Integer.parseInt(value.substring(at + 1));
    }

    private CrashPoints() {
    }

    /** Halts the JVM at once when {@code point} is the configured one, reached for the configured time. */
    public static void reach(String point) {
        if (!POINT.isEmpty() && POINT.equals(point) && REACHED.incrementAndGet() == TIMES) {
            Runtime.getRuntime().halt(HALT_STATUS);
        }
    }
}
