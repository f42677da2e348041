package io.urbanflow.web.internal;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.urbanflow.web.DashboardConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The dashboard's access checks. Stateless apart from its configuration, and thread-safe.
 *
 * <ul>
 *   <li>{@link #check}, on every HTTP request and WebSocket upgrade:
 *     <ul>
 *       <li>the Host header must name this server, with the port it listens on: {@code localhost}, an IPv4 literal in
 *           127.0.0.0/8, {@code [::1]}, the bind address or a name of {@code web.allowed-hosts} (which may also give
 *           a port of its own, for a proxy in front); anything else is 403, so a page whose name an attacker
 *           resolves to 127.0.0.1 (DNS rebinding) is not served. The check applies whenever the server binds a
 *           loopback address, and on other addresses when {@code web.allowed-hosts} is set (without it, a server open
 *           to the network does not know the names it is reached by; its token stops a rebinding page, which has
 *           neither the token nor the cookie);</li>
 *       <li>with a token, the request must carry it as {@code Authorization: Bearer TOKEN}, as the {@value #COOKIE}
 *           cookie, or as a {@code token} query parameter (the link printed at start-up), which then sets the cookie
 *           ({@code SameSite=Strict}) so the page's own requests and its WebSocket carry it; anything else is 401.</li>
 *     </ul></li>
 *   <li>{@link #checkOrigin}, on WebSocket upgrades and on endpoints that run queries or change state: a browser
 *       request from another origin is 403: an {@code Origin} header must name the same scheme-less authority as the
 *       Host header, and a {@code Sec-Fetch-Site} header must be {@code same-origin} or {@code none} (typed in the
 *       address bar). A request with neither header (curl, scripts) is not a browser's cross-site request and
 *       passes, as it did before.</li>
 *   <li>{@link #checkJsonBody}, on every POST: the body must be {@code Content-Type: application/json} (415
 *       otherwise); a cross-site form cannot send that type, and a cross-site script cannot without a CORS
 *       pre-flight, which the dashboard never grants.</li>
 * </ul>
 */
public final class AccessGuard {
    public static final String COOKIE = "urbanflow_token";
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final byte[] token;
    private final boolean checkHost;
    private final Set<String> names;
    private final Set<String> authorities;
    private final IntSupplier port;

    /**
     * @param token  the required token, or null for none
     * @param config the bind address and {@code web.allowed-hosts}
     * @param port   the port the server listens on (known once it started)
     */
    public AccessGuard(String token, DashboardConfig config, IntSupplier port) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.port = port;
        this.checkHost = config.loopbackOnly() || !config.allowedHosts().isEmpty();
        Set<String> hostNames = new HashSet<>(Set.of("localhost", "[::1]"));
        Set<String> hostAuthorities = new HashSet<>();
        String bind = config.bindAddress().toLowerCase(Locale.ROOT);
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            hostNames.add(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        }
        for (String allowed : config.allowedHosts()) {
            Authority authority = Authority.parse(allowed);
            if (authority != null && authority.port() >= 0) {
                hostAuthorities.add(allowed);
            } else if (authority != null) {
                hostNames.add(authority.host());
            }
        }
        this.names = Set.copyOf(hostNames);
        this.authorities = Set.copyOf(hostAuthorities);
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * @throws HttpResponseException 403 for a Host that does not name this server, 401 without the right token
     */
    public void check(Context context) {
        if (checkHost && !hostAccepted(context.header("Host"))) {
            throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(),
                    "Cannot serve request: host " + context.header("Host") + " is not this dashboard's"
                            + " (add it to web.allowed-hosts, or start with --bind and --token to serve others)",
                    Map.of());
        }
        if (token == null) {
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

    /** {@link #check} and {@link #checkOrigin}: what a WebSocket upgrade must pass. */
    public void checkUpgrade(Context context) {
        check(context);
        checkOrigin(context);
    }

    /**
     * @throws HttpResponseException 403 when a browser sent the request from a page of another origin
     */
    public void checkOrigin(Context context) {
        String origin = context.header("Origin");
        if (origin != null && !sameOrigin(origin, context.header("Host"))) {
            throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(),
                    "Cannot serve request: origin " + origin + " is not this dashboard's; pages elsewhere may not run queries"
                            + " or change anything here", Map.of());
        }
        String site = context.header("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            throw new HttpResponseException(HttpStatus.FORBIDDEN.getCode(),
                    "Cannot serve request: a " + site + " request may not run queries or change anything here", Map.of());
        }
    }

    /**
     * @throws HttpResponseException 415 unless the body is declared {@code application/json}
     */
    public void checkJsonBody(Context context) {
        String type = context.header("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "Cannot serve request: the body must be JSON sent with Content-Type: application/json, not "
                            + (type == null ? "no Content-Type" : type), Map.of());
        }
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a Host header names this server: see the class comment. */
    boolean hostAccepted(String hostHeader) {
        Authority host = Authority.parse(hostHeader);
        if (host == null) {
            return false;
        }
        // a browser leaves out the scheme's default port: 80, or 443 behind a TLS proxy
        boolean defaultPort = host.port() < 0;
        int listening = port.getAsInt();
        if (authorities.contains(host.host() + ":" + (defaultPort ? 80 : host.port()))
                || (defaultPort && authorities.contains(host.host() + ":443"))) {
            return true;
        }
        boolean ourPort = defaultPort ? listening == 80 : host.port() == listening;
        return ourPort && (names.contains(host.host()) || LOOPBACK_IPV4.matcher(host.host()).matches());
    }

    /** Whether an Origin header names the authority of the Host header (scheme default ports filled in). */
    static boolean sameOrigin(String origin, String hostHeader) {
        Authority host = Authority.parse(hostHeader);
        if (host == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
            return false;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
        int hostPort = host.port() < 0 ? defaultPort : host.port();
        return uri.getHost().toLowerCase(Locale.ROOT).equals(host.host()) && originPort == hostPort;
    }

    /** A host (lower case; IPv6 in brackets) and a port, -1 when none is given. */
    record Authority(String host, int port) {
        /** The authority of a Host header or {@code web.allowed-hosts} entry, or null when it is not one. */
        static Authority parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            String value = text.trim().toLowerCase(Locale.ROOT);
            String host;
            String rest;
            if (value.startsWith("[")) {
                int end = value.indexOf(']');
                if (end < 0) {
                    return null;
                }
                host = value.substring(0, end + 1);
                rest = value.substring(end + 1);
            } else {
                int colon = value.indexOf(':');
                host = colon < 0 ? value : value.substring(0, colon);
                rest = colon < 0 ? "" : value.substring(colon);
            }
            if (host.isEmpty() || host.equals("[]")) {
                return null;
            }
            if (rest.isEmpty()) {
                return new Authority(host, -1);
            }
            if (!rest.matches(":[0-9]{1,5}")) {
                return null;
            }
            int port = Integer.parseInt(rest.substring(1));
            return port > 65_535 ? null : new Authority(host, port);
        }
    }
}
