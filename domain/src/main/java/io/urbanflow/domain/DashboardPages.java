package io.urbanflow.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A domain's part of one running dashboard: its pages (static files in a classpath folder of the domain's own,
 * {@link #resources()}, linked from the navigation), its JSON endpoints, its live channels and its health figures. Started by
 * {@link Domain#pages(PageContext)}; {@link #close()} stops whatever it runs (a live consumer). Thread-safe.
 */
public interface DashboardPages extends AutoCloseable {
    /** Navigation entries, in order. */
    List<PageLink> links();

    /**
     * The classpath folder holding the pages' files (HTML, scripts, styles), served from {@code /}, e.g.
     * {@code /public-mobility}; a name no other jar uses, since a classpath folder is found in one jar only. The shell's
     * own files ({@code /css/app.css}, {@code /js/common.js}) are in {@code /public}.
     */
    default Optional<String> resources() {
        return Optional.empty();
    }

    /** JSON endpoints under {@code /api/}. */
    default List<Endpoint> endpoints() {
        return List.of();
    }

    /** WebSocket channels. */
    default List<LiveChannel> channels() {
        return List.of();
    }

    /** Figures for {@code /api/health}, under the domain's name. */
    default Map<String, Object> health() {
        return Map.of();
    }

    /** Lines for {@code /metrics} in Prometheus' text format, each metric with its HELP and TYPE. */
    default void metrics(StringBuilder out) {
    }

    @Override
    default void close() {
    }

    /** A navigation entry: the page's title and its path, e.g. {@code Traffic}, {@code /traffic.html}. */
    record PageLink(String title, String path) {
        public PageLink {
            if (title == null || title.isBlank() || path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("Cannot link page '" + title + "' at '" + path + "': a title and an absolute path are needed");
            }
        }
    }
}
