package io.urbanflow.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a server command in the foreground until Ctrl-C or SIGTERM, then stops the server on the main thread and
 * returns: the signals are handled while the JVM still runs normally ({@link StopSignals}); a shutdown hook is the
 * fallback where they cannot be (a JVM run with {@code -Xrs}, SIGHUP). A second signal exits at once.
 */
final class Foreground {
    private Foreground() {
    }

    /** Blocks until a stop is requested, then closes {@code server} and prints {@code stoppedLine} on {@code err}. */
    static void runUntilStopped(AutoCloseable server, PrintWriter err, String stoppedLine) throws InterruptedException {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "urbanflow-server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StopSignals signals = StopSignals.install(stopRequested::countDown, () -> Runtime.getRuntime().halt(DemoCommand.EXIT_INTERRUPTED))) {
            stopRequested.await();
            try {
                server.close();
            } catch (Exception e) {
                err.println("urbanflow: " + e.getMessage());
            }
            err.println(stoppedLine);
            err.flush();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and returns now
            }
        }
    }
}
