package io.urbanflow.web.internal;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks every HTTP request and WebSocket upgrade. With a token, a request must carry it as
 * {@code Authorization: Bearer TOKEN}, as the {@value #COOKIE} cookie, or as a {@code token} query parameter
 * (the link printed at start-up), which then sets the cookie so the page's own requests and its WebSocket carry
 * it; anything else is 401. Without a token (loopback only), the Host header must name this machine, so a web
 * page elsewhere cannot reach the dashboard through DNS rebinding. Stateless and thread-safe.
 */
public final class AccessGuard {
    public static final String COOKIE = "urbanflow_token";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final byte[] token;

    /** @param token the required token, or null for none */
    public AccessGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * @throws HttpResponseException 401 without the right token, 403 for a foreign Host without a token
     */
    public void check(Context context) {
        if (token == null) {
            String host = hostName(context.header("Host"));
            if (host != null && !LOCAL_HOSTS.contains(host) && !host.startsWith("127.")) {
                throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(),
                        "Cannot serve request: host " + host + " is not this machine; start with --bind and --token to serve others",
                        Map.of());
            }
            return;
        }
        String authorization = context.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(authorization.substring(7).trim())) {
            return;
        }
        if (matches(context.cookie(COOKIE))) {
            return;
        }
        String fromQuery = context.queryParam("token");
        if (matches(fromQuery)) {
            context.header("Set-Cookie", COOKIE + "=" + fromQuery + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        throw new HttpResponseException(HttpStatus.UNAUTHORIZED.getCode(),
                "Cannot serve request: missing or wrong token (send Authorization: Bearer TOKEN, or open the link urbanflow serve printed)",
                Map.of());
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    static String hostName(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
