package io.urbanflow.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Decodes one flat JSON object per message into a row of the target table, driven by the table's schema and a
 * {@link FieldMapping}: the generic decoder that ingests a JSON topic without code. Top-level fields are matched to
 * columns by name (or the mapping's); unknown fields are ignored; a string holding a number fills a numeric column
 * (the clickstream sample writes coordinates as strings); timestamps are parsed as the mapping says. A message is
 * rejected with a short reason when it is not a JSON object, a value does not fit its column, or a required column
 * has neither a field nor a constant. Supported column types: string, int, long, double, float, boolean, date,
 * timestamp and timestamptz. Stateless and thread-safe; {@link #open} builds a {@link GenericBatchWriter}.
 */
public final class JsonRecordDecoder implements RecordDecoder {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    private final FieldMapping mapping;

    public JsonRecordDecoder(FieldMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public BatchWriter open(Table table, String filePrefix) {
        Columns columns = new Columns(table.schema(), mapping);
        return new GenericBatchWriter(table, filePrefix, columns::decode);
    }

    /**
     * Checks that every column of {@code schema} can be read with {@code mapping}.
     *
     * @throws UrbanFlowException naming a column of a type the decoder cannot fill, or a constant that does not fit
     */
    public static void check(Schema schema, FieldMapping mapping) {
        new Columns(schema, mapping);
    }

    /** The per-table plan: which column each field fills and how. Not thread-safe (one per batch writer). */
    private static final class Columns {
        private final Map<String, Integer> byField = new HashMap<>();
        private final List<Types.NestedField> fields;
        private final Object[] constants;
        private final DateTimeFormatter[] patterns;
        private final String[] formats;
        private final FieldMapping mapping;

        Columns(Schema schema, FieldMapping mapping) {
            this.mapping = mapping;
            this.fields = schema.columns();
            this.constants = new Object[fields.size()];
            this.patterns = new DateTimeFormatter[fields.size()];
            this.formats = new String[fields.size()];
            for (int index = 0; index < fields.size(); index++) {
                Types.NestedField field = fields.get(index);
                switch (field.type().typeId()) {
                    case STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, DATE, TIMESTAMP -> { }
                    default -> throw new UrbanFlowException("Cannot decode JSON into column " + field.name() + ": type "
                            + field.type() + " is not supported (string, int, long, double, float, boolean, date, timestamp)");
                }
                formats[index] = mapping.format(field.name());
                if (!formats[index].equals(FieldMapping.ISO) && !FieldMapping.isEpoch(formats[index])) {
                    patterns[index] = DateTimeFormatter.ofPattern(formats[index]);
                }
                int column = index;
                mapping.constant(field.name()).ifPresent(text -> {
                    Object value = fromText(column, text);
                    if (value == null) {
                        throw new UrbanFlowException("Cannot use constant '" + text + "' for column " + field.name()
                                + " of type " + field.type());
                    }
                    constants[column] = value;
                });
                if (constants[index] == null) {
                    byField.put(mapping.field(field.name()), index);
                }
            }
        }

        String decode(ConsumedRecord record, Record row) {
            for (int index = 0; index < constants.length; index++) {
                if (constants[index] != null) {
                    row.set(index, constants[index]);
                }
            }
            byte[] value = record.value();
            try (JsonParser parser = JSON.createParser(value)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return "not a JSON object";
                }
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    Integer index = byField.get(parser.currentName());
                    JsonToken valueToken = parser.nextToken();
                    if (index == null) {
                        parser.skipChildren();
                        continue;
                    }
                    if (valueToken == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    Object converted = convert(index, parser, valueToken);
                    if (converted == null) {
                        Types.NestedField field = fields.get(index);
                        String text = valueToken.isScalarValue() ? parser.getText() : valueToken.asString();
                        return "field " + mapping.field(field.name()) + " '" + shorten(text) + "' is not a valid "
                                + describe(field.type(), formats[index]);
                    }
                    row.set(index, converted);
                }
                if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                    return "not valid JSON: trailing content";
                }
            } catch (JsonParseException e) {
                return "not valid JSON at byte " + e.getLocation().getByteOffset() + ": " + e.getOriginalMessage();
            } catch (IOException e) {
                return "not valid JSON: " + e.getMessage();
            }
            return null;
        }

        private Object convert(int index, JsonParser parser, JsonToken token) throws IOException {
            Types.NestedField field = fields.get(index);
            switch (token) {
                case VALUE_STRING:
                    return fromText(index, parser.getText());
                case VALUE_NUMBER_INT:
                    return switch (field.type().typeId()) {
                        case INTEGER -> parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
                        case LONG -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
                        case DOUBLE -> parser.getDoubleValue();
                        case FLOAT -> parser.getFloatValue();
                        case STRING -> parser.getText();
                        case TIMESTAMP -> FieldMapping.isEpoch(formats[index]) ? fromEpoch(field.type(), parser.getLongValue(), formats[index]) : null;
                        default -> null;
                    };
                case VALUE_NUMBER_FLOAT:
                    return switch (field.type().typeId()) {
                        case DOUBLE -> parser.getDoubleValue();
                        case FLOAT -> parser.getFloatValue();
                        case STRING -> parser.getText();
                        default -> null;
                    };
                case VALUE_TRUE:
                case VALUE_FALSE:
                    return switch (field.type().typeId()) {
                        case BOOLEAN -> token == JsonToken.VALUE_TRUE;
                        case STRING -> parser.getText();
                        default -> null;
                    };
                default:
                    parser.skipChildren();
                    return null;
            }
        }

        /** The column's value from text, or null when the text does not fit. */
        private Object fromText(int index, String text) {
            Types.NestedField field = fields.get(index);
            String trimmed = text.trim();
            try {
                return switch (field.type().typeId()) {
                    case STRING -> text;
                    case INTEGER -> Integer.parseInt(trimmed);
                    case LONG -> Long.parseLong(trimmed);
                    case DOUBLE -> finite(Double.parseDouble(trimmed));
                    case FLOAT -> (float) finite(Double.parseDouble(trimmed));
                    case BOOLEAN -> trimmed.equalsIgnoreCase("true") ? Boolean.TRUE : trimmed.equalsIgnoreCase("false") ? Boolean.FALSE : null;
                    case DATE -> LocalDate.parse(trimmed);
                    case TIMESTAMP -> timestamp(index, field.type(), trimmed);
                    default -> null;
                };
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }

        private Object timestamp(int index, Type type, String text) {
            String format = formats[index];
            if (FieldMapping.isEpoch(format)) {
                return fromEpoch(type, Long.parseLong(text), format);
            }
            TemporalAccessor parsed = patterns[index] != null ? patterns[index].parse(text) : ISO.parse(text);
            LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), java.time.LocalTime.from(parsed));
            boolean withZone = ((Types.TimestampType) type).shouldAdjustToUTC();
            if (!withZone) {
                return local;
            }
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
                        .withOffsetSameInstant(ZoneOffset.UTC);
            }
            return local.atZone(mapping.zone()).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
        }

        private static Object fromEpoch(Type type, long value, String format) {
            long micros = switch (format) {
                case FieldMapping.EPOCH_SECONDS -> Math.multiplyExact(value, 1_000_000L);
                case FieldMapping.EPOCH_MILLIS -> Math.multiplyExact(value, 1_000L);
                default -> value;
            };
            OffsetDateTime instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                    .atOffset(ZoneOffset.UTC);
            return ((Types.TimestampType) type).shouldAdjustToUTC() ? instant : instant.toLocalDateTime();
        }

        private static double finite(double value) {
            if (!Double.isFinite(value)) {
                throw new NumberFormatException("not finite");
            }
            return value;
        }

        private static String describe(Type type, String format) {
            return switch (type.typeId()) {
                case TIMESTAMP -> "timestamp (" + format + ")";
                case INTEGER -> "int";
                default -> type.toString();
            };
        }

        private static String shorten(String text) {
            return text == null ? "" : text.length() > 60 ? text.substring(0, 60) + "..." : text;
        }
    }
}
