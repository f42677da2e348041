package io.urbanflow.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, handled while the JVM still runs normally. A shutdown hook
 * would run too late for a clean stop: by then Iceberg's worker pool (shut down by its own hook) refuses the
 * final commit. The first signal calls {@code stop}; a second one calls {@code force}. {@link #close()} restores
 * the previous handlers. Where a signal cannot be handled (a JVM run with {@code -Xrs}), it is left alone and the
 * caller's shutdown hook is the fallback.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    static StopSignals install(Runnable stop, Runnable force) {
        StopSignals signals = new StopSignals();
        AtomicInteger received = new AtomicInteger();
        SignalHandler handler = signal -> {
            if (received.incrementAndGet() == 1) {
                stop.run();
            } else {
                force.run();
            }
        };
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, handler));
            } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
                // unknown on this platform or reserved by the JVM: the shutdown hook handles it
            }
        }
        return signals;
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // as installed: nothing to restore
            }
        });
    }
}
