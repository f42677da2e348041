package io.urbanflow.domain;

/**
 * A WebSocket a domain serves: the dashboard accepts the connection (after its access checks) and hands each client to
 * the channel, which pushes text messages as it sees fit. Thread-safe.
 */
public interface LiveChannel {
    /** The socket's path, e.g. {@code /live}. */
    String path();

    /** A client connected. */
    void open(LiveClient client);

    /** A client went away (closed or failed). */
    void close(LiveClient client);

    /** One connected browser. Thread-safe. */
    interface LiveClient {
        /**
         * Sends a text message without blocking; {@code written} runs (on any thread) once it was written or failed.
         *
         * @return false when the client is gone (nothing was sent and {@code written} will not run)
         */
        boolean send(String text, Runnable written);
    }
}
