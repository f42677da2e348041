package io.urbanflow.orchestration;

import io.urbanflow.model.UrbanFlowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which tasks of the DAG a run takes, in dbt's syntax: terms separated by spaces or commas, their union. A term is
 * a task name ({@code stage.gps_points}), a glob over names ({@code mart.*}) or a kind ({@code kind:model}); a
 * {@code +} before it adds everything upstream, after it everything downstream ({@code +mart.traffic_10min},
 * {@code stage.gps_points+}). {@code all} (or nothing) selects every task. Immutable.
 */
public record Selection(String text, List<Term> terms) {
    /** One term: a pattern, and whether its ancestors and descendants come along. */
    public record Term(String pattern, Graph graph) {
        public Term {
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("Cannot select an empty name");
            }
        }

        boolean matches(Task task) {
            if (pattern.startsWith("kind:")) {
                return task.kind() == TaskKind.parse(pattern.substring("kind:".length()));
            }
            if (pattern.contains("*")) {
                return task.name().matches(glob(pattern));
            }
            return task.name().equals(pattern);
        }

        private static String glob(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : java.util.regex.Pattern.quote(String.valueOf(c)));
            }
            return regex.toString();
        }

        @Override
        public String toString() {
            return (graph.upstream() ? "+" : "") + pattern + (graph.downstream() ? "+" : "");
        }
    }

    /** What comes along with a matched task. */
    public enum Graph {
        ONLY, UPSTREAM, DOWNSTREAM, BOTH;

        boolean upstream() {
            return this == UPSTREAM || this == BOTH;
        }

        boolean downstream() {
            return this == DOWNSTREAM || this == BOTH;
        }

        static Graph of(boolean upstream, boolean downstream) {
            return upstream ? (downstream ? BOTH : UPSTREAM) : (downstream ? DOWNSTREAM : ONLY);
        }
    }

    /** Whether a selected model brings its data tests along. */
    public enum Tests {
        /** As {@code dbt build}: the tests of every selected model run after it. */
        ATTACHED,
        /** As {@code dbt run}: only tests named by the selection. */
        NAMED_ONLY
    }

    public Selection {
        terms = List.copyOf(terms);
        text = text == null ? "" : text;
    }

    public static Selection all() {
        return new Selection("all", List.of());
    }

    public boolean isAll() {
        return terms.isEmpty();
    }

    /**
     * Parses a {@code --select} value; null, blank or {@code all} select everything.
     *
     * @throws UrbanFlowException for a term that is only pluses or an unknown kind
     */
    public static Selection parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
            return all();
        }
        List<Term> terms = new ArrayList<>();
        for (String token : text.trim().split("[\\s,]+")) {
            boolean upstream = token.startsWith("+");
            boolean downstream = token.endsWith("+") && token.length() > 1;
            String pattern = token.substring(upstream ? 1 : 0, token.length() - (downstream ? 1 : 0));
            if (pattern.isEmpty()) {
                throw new UrbanFlowException("Cannot select '" + token + "': expected NAME, +NAME, NAME+ or kind:KIND");
            }
            if (pattern.toLowerCase(Locale.ROOT).startsWith("kind:")) {
                try {
                    TaskKind.parse(pattern.substring("kind:".length()));
                } catch (IllegalArgumentException e) {
                    throw new UrbanFlowException(e.getMessage());
                }
            }
            terms.add(new Term(pattern, Graph.of(upstream, downstream)));
        }
        return new Selection(text.trim(), terms);
    }

    @Override
    public String toString() {
        return isAll() ? "all" : String.join(" ", terms.stream().map(Term::toString).toList());
    }
}
