package io.urbanflow.pipeline;

import io.urbanflow.model.UrbanFlowException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** Builds DuckDB SQL text: literals, range predicates, Parquet scans of Iceberg files. */
public final class SqlText {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Pattern OFFSET_STYLE_ID = Pattern.compile("(UTC|GMT|UT)([+-].*)?");
    private SqlText() {
    }

    public static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String quoteString(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A TIMESTAMPTZ literal for {@code micros}, exact to the microsecond. */
    public static String timestamptz(long micros) {
        return "TIMESTAMPTZ '" + LITERAL.format(MicrosRange.instant(micros)) + "+00'";
    }

    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** {@code column >= a AND column < b OR ...}; TRUE for no ranges is not offered: callers decide what "none" means. */
    public static String inRanges(String column, List<MicrosRange> ranges) {
        if (ranges.isEmpty()) {
            return "FALSE";
        }
        StringJoiner joiner = new StringJoiner(" OR ", "(", ")");
        for (MicrosRange range : ranges) {
            joiner.add("(" + column + " >= " + timestamptz(range.startMicros()) + " AND " + column + " < " + timestamptz(range.endMicros()) + ")");
        }
        return joiner.toString();
    }

    /**
     * A relation over the Parquet data files {@code paths} (Iceberg locations) with the columns of {@code schema}; an
     * empty relation of the same columns when there are no files.
     */
    public static String scan(Schema schema, Collection<String> paths) {
        if (paths.isEmpty()) {
            StringJoiner columns = new StringJoiner(", ", "(SELECT ", " LIMIT 0)");
            for (Types.NestedField field : schema.columns()) {
                columns.add("CAST(NULL AS " + duckDbType(field.type()) + ") AS " + quoteIdentifier(field.name()));
            }
            return columns.toString();
        }
        StringJoiner files = new StringJoiner(", ", "read_parquet([", "], union_by_name = true, hive_partitioning = false)");
        for (String path : paths) {
            files.add(quoteString(LocalFiles.localPath(path)));
        }
        return files.toString();
    }

    /** The DuckDB type Iceberg's {@code type} is written as. */
    public static String duckDbType(Type type) {
        switch (type.typeId()) {
            case STRING: return "VARCHAR";
            case LONG: return "BIGINT";
            case INTEGER: return "INTEGER";
            case DOUBLE: return "DOUBLE";
            case FLOAT: return "FLOAT";
            case BOOLEAN: return "BOOLEAN";
            case DATE: return "DATE";
            case TIMESTAMP: return ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
            default:
                throw new IllegalArgumentException("Cannot write Iceberg type " + type + " through DuckDB: not supported by the pipeline");
        }
    }

    public static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /**
     * The zone under an id DuckDB knows. SQL hands {@code zone.getId()} to DuckDB, whose time zones are the
     * tz database's region ids: it rejects Java's offset ids ({@code Z}, {@code +01:00}, {@code UTC+01:00}). A zero
     * offset in any of those forms becomes {@code UTC}; a non-zero fixed offset is refused, since a region id also
     * says when daylight saving applies. Region ids (including tz database ones such as {@code Etc/GMT-1}) pass as
     * they are.
     *
     * @param context the start of the error message: "Cannot ... KEY=VALUE"
     */
    public static ZoneId duckDbZone(ZoneId zone, String context) {
        if (!(zone instanceof ZoneOffset) && !OFFSET_STYLE_ID.matcher(zone.getId()).matches()) {
            return zone;
        }
        if (zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0) {
            return UTC;
        }
        throw new UrbanFlowException(context + ": use a region id such as Europe/Rome or UTC");
    }
}
