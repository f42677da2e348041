package io.urbanflow.sources.text;

import io.urbanflow.model.UrbanFlowException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Finds columns in a CSV header by name, case-insensitively. Immutable. */
public final class HeaderColumns {
    private final Path file;
    private final String header;
    private final List<String> names;

    public HeaderColumns(Path file, String header, char delimiter) {
        this.file = file;
        this.header = header;
        this.names = Detection.headerNames(header, delimiter);
    }

    /**
     * The 0-based index of the column.
     *
     * @throws UrbanFlowException naming the file, the header and the expected columns when it is missing
     */
    public int require(String name, String expected) {
        int index = find(name);
        if (index < 0) {
            String shown = header.length() > 200 ? header.substring(0, 200) + "..." : header;
            throw new UrbanFlowException("Cannot read " + file + ": its header '" + shown + "' has no column '" + name
                    + "' (expected " + expected + ")");
        }
        return index;
    }

    /** The 0-based index of the column, or -1. */
    public int find(String name) {
        return names.indexOf(name.trim().toLowerCase(Locale.ROOT));
    }
}
