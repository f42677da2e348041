package io.urbanflow.domain;

import java.util.Optional;

/**
 * A JSON endpoint a domain adds to the dashboard under {@code /api/PATH}. What it does decides how the dashboard
 * serves and protects it ({@link Kind}): the protection comes with the declaration, so an endpoint never has to call a
 * check itself. Handlers answer JSON text, or throw {@link io.urbanflow.model.UrbanFlowException} for a request they
 * cannot serve (the dashboard answers 400 with {@code {"error": message}}). Immutable; handlers are thread-safe.
 *
 * @param path    below {@code /api/}, e.g. {@code traffic/series}
 * @param kind    what a request costs or changes, which decides its method and checks
 * @param handler the answer
 */
public record Endpoint(String path, Kind kind, Handler handler) {
    public Endpoint {
        if (path == null || path.isBlank() || path.startsWith("/")) {
            throw new IllegalArgumentException("Cannot add endpoint '" + path + "': expected a relative path such as traffic/series");
        }
        if (kind == null || handler == null) {
            throw new IllegalArgumentException("Cannot add endpoint '" + path + "': it needs a kind and a handler");
        }
    }

    /** An endpoint that does not say what it costs: treated as one that runs queries ({@link Kind#QUERY}). */
    public Endpoint(String path, Handler handler) {
        this(path, Kind.QUERY, handler);
    }

    /** {@code GET}, answered from memory or metadata ({@link Kind#READ}). */
    public static Endpoint read(String path, Handler handler) {
        return new Endpoint(path, Kind.READ, handler);
    }

    /** {@code GET} that runs queries or other work on demand ({@link Kind#QUERY}). */
    public static Endpoint query(String path, Handler handler) {
        return new Endpoint(path, Kind.QUERY, handler);
    }

    /** {@code POST} with a JSON body that changes state or starts work ({@link Kind#WRITE}). */
    public static Endpoint write(String path, Handler handler) {
        return new Endpoint(path, Kind.WRITE, handler);
    }

    /** What a request to an endpoint costs or changes; the dashboard's method and checks follow from it. */
    public enum Kind {
        /** {@code GET}; cheap and changes nothing: served to whoever passes the dashboard's access checks. */
        READ,
        /**
         * {@code GET} that runs queries or other work on demand (charts over the lake, replays): besides the access
         * checks, a request a browser sends from another origin is refused with 403, so a foreign page cannot
         * make the dashboard work for it.
         */
        QUERY,
        /**
         * {@code POST} whose body is JSON, for what changes state or starts work (retries, backfills): refused with
         * 403 from another origin, and with 415 unless the body is {@code Content-Type: application/json} (which
         * no cross-site form can send).
         */
        WRITE
    }

    /** Answers one request with JSON text. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request request);
    }

    /** The query parameters and, for {@link Kind#WRITE}, the JSON body of a request. */
    public interface Request {
        Optional<String> query(String name);

        /** The request's body (JSON text) for a {@link Kind#WRITE} endpoint; empty for the others. */
        default Optional<String> body() {
            return Optional.empty();
        }
    }

    /** An answer: status and JSON body. */
    public record Response(int status, String json) {
        public static Response ok(String json) {
            return new Response(200, json);
        }
    }
}
