package io.urbanflow.domain;

import java.util.Optional;

/**
 * A read-only JSON endpoint a domain adds to the dashboard: {@code GET /api/PATH}. Handlers answer JSON text, or throw
 * {@link io.urbanflow.model.UrbanFlowException} for a request they cannot serve (the dashboard answers 400 with
 * {@code {"error": message}}). Immutable; handlers are thread-safe.
 *
 * @param path    below {@code /api/}, e.g. {@code traffic/series}
 * @param handler the answer
 */
public record Endpoint(String path, Handler handler) {
    public Endpoint {
        if (path == null || path.isBlank() || path.startsWith("/")) {
            throw new IllegalArgumentException("Cannot add endpoint '" + path + "': expected a relative path such as traffic/series");
        }
    }

    /** Answers one request with JSON text. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    /** The query parameters of a request. */
    public interface Request {
        Optional<String> query(String name);
    }

    /** An answer: status and JSON body. */
    public record Response(int status, String json) {
        public static Response ok(String json) {
            return new Response(200, json);
        }
    }
}
