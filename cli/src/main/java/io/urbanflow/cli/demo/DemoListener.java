package io.urbanflow.cli.demo;

import java.time.Duration;

/**
 * Receives what a {@link DemoRun} has to say. {@link #info} and {@link #report} are called on the thread running
 * the demo, {@link #status} on a timer thread every {@link #statusInterval()}; implementations serialise their
 * output.
 */
public interface DemoListener {
    /** How often {@link #status} is called. */
    Duration statusInterval();

    /** A line worth a user's attention: what started where, what the demo waits for. */
    void info(String line);

    /** The live summary. */
    void status(DemoStatus status);

    /** The final report, once the lake holds every point and the last aggregates ran. */
    void report(DemoReport report);
}
