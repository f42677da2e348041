package io.urbanflow.query.internal;

import io.urbanflow.model.UrbanFlowException;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns DuckDB's multi-line error messages into the one line a user reads. Stateless. */
public final class QueryErrors {
    private static final String PENDING_PREFIX = "Attempting to execute an unsuccessful or closed pending query result";
    private static final Pattern MISSING_TABLE = Pattern.compile("Table with name (\\S+) does not exist");

    private QueryErrors() {
    }

    /** "Cannot run query: ..." for a failed user query; names the lake tables when the query named an unknown one. */
    public static UrbanFlowException translate(SQLException error, List<String> tables) {
        String message = oneLine(error.getMessage());
        Matcher missing = MISSING_TABLE.matcher(message);
        if (missing.find()) {
            return new UrbanFlowException("Cannot run query: there is no table " + missing.group(1) + "; lake tables: "
                    + (tables.isEmpty() ? "none yet (try urbanflow demo)" : String.join(", ", tables)), error);
        }
        return new UrbanFlowException("Cannot run query: " + message, error);
    }

    /**
     * The message's first paragraph on one line, without DuckDB's JDBC prefix, its "LINE 1: ..." caret display and
     * its "Did you mean" guesses.
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String text = message;
        int pending = text.indexOf(PENDING_PREFIX);
        if (pending >= 0) {
            text = text.substring(pending + PENDING_PREFIX.length()).strip();
            if (text.startsWith("Error: ")) {
                text = text.substring("Error: ".length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (String part : text.split("\\R")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("LINE ")) {
                if (line.length() > 0) {
                    break;
                }
                continue;
            }
            if (trimmed.startsWith("Did you mean")) {
                break;
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(trimmed);
        }
        return line.length() == 0 ? text.strip() : line.toString();
    }
}
