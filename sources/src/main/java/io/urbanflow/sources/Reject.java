package io.urbanflow.sources;

/**
 * A line of input that did not become a point. Immutable.
 *
 * @param origin     the file (or generator) the line came from
 * @param lineNumber 1-based line number in that file
 * @param line       the raw line, as read
 * @param reason     why it was rejected, e.g. "latitude 999.0 outside [-90, 90]"
 */
public record Reject(String origin, long lineNumber, String line, String reason) {
    public Reject {
        if (origin == null || reason == null) {
            throw new IllegalArgumentException("Cannot build reject: origin and reason are required");
        }
        line = line == null ? "" : line;
    }

    /** "Cannot read FILE line N: REASON", the message {@code --strict} stops with. */
    public String describe() {
        return "Cannot read " + origin + " line " + lineNumber + ": " + reason;
    }
}
