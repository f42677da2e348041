package io.urbanflow.stream;

import java.time.Duration;

/** Waits: {@link #SYSTEM} sleeps the thread; tests may substitute a sleeper that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
