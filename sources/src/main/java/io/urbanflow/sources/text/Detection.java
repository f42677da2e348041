package io.urbanflow.sources.text;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Helpers for {@code detectionScore}: detection reads a handful of lines, so regular expressions are fine here. */
public final class Detection {
    private Detection() {
    }

    /** 0-100: the share of {@code lines} (from {@code from} on) that match {@code pattern}. */
    public static int share(List<String> lines, int from, Pattern pattern) {
        int total = 0;
        int matching = 0;
        for (int i = from; i < lines.size(); i++) {
            total++;
            if (pattern.matcher(lines.get(i)).find()) {
                matching++;
            }
        }
        return total == 0 ? 0 : matching * 100 / total;
    }

    /** Whether the first of {@code lines}, split on {@code delimiter}, names every one of {@code columns} (lower case). */
    public static boolean headerHas(List<String> lines, char delimiter, String... columns) {
        if (lines.isEmpty()) {
            return false;
        }
        return headerNames(lines.get(0), delimiter).containsAll(List.of(columns));
    }

    /** The header's column names: split on {@code delimiter}, unquoted, trimmed, lower case. */
    public static List<String> headerNames(String header, char delimiter) {
        return CsvLine.splitText(header, delimiter).stream()
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .toList();
    }
}
