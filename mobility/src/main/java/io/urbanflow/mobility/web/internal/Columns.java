package io.urbanflow.mobility.web.internal;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.domain.LakeAccess;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Finds a table's columns by their usual names: exact name first, then a column containing it. Stateless. */
final class Columns {
    private Columns() {
    }

    /** @throws UrbanFlowException naming the table's columns when none matches */
    static String pick(List<LakeAccess.Column> columns, String... candidates) {
        String found = pickOrNull(columns, candidates);
        if (found == null) {
            throw new UrbanFlowException("Cannot find a column like " + String.join("/", candidates) + " among "
                    + columns.stream().map(LakeAccess.Column::name).collect(Collectors.joining(", ")));
        }
        return found;
    }

    static String pickOrNull(List<LakeAccess.Column> columns, String... candidates) {
        for (String candidate : candidates) {
            for (LakeAccess.Column column : columns) {
                if (column.name().equalsIgnoreCase(candidate)) {
                    return quote(column.name());
                }
            }
        }
        for (String candidate : candidates) {
            for (LakeAccess.Column column : columns) {
                if (column.name().toLowerCase(Locale.ROOT).contains(candidate)) {
                    return quote(column.name());
                }
            }
        }
        return null;
    }

    static String type(List<LakeAccess.Column> columns, String quotedName) {
        for (LakeAccess.Column column : columns) {
            if (quote(column.name()).equals(quotedName)) {
                return column.type();
            }
        }
        return "";
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
