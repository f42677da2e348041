package io.urbanflow.clickstream.internal;

import io.urbanflow.clickstream.EventKind;
import io.urbanflow.ingest.ConsumedRecord;
import io.urbanflow.ingest.GenericBatchWriter;
import io.urbanflow.ingest.RecordDecoder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * Decodes a clickstream message into a row of its raw table with {@link EventParser}: the same checks as the file
 * formats (a JSON object, non-blank ids, a parseable browser timestamp), so a message from any producer is rejected
 * with the same reason a bad file line gets. Columns are matched by name against the table's current schema; the
 * Kafka columns are left to {@link GenericBatchWriter}. One parser per batch writer.
 */
public final class EventRowDecoder implements GenericBatchWriter.RowDecoder {
    private final EventParser parser;
    /** Schema position of each field of the kind, -1 when the table has no such column. */
    private final int[] columns;
    private final int timestampColumn;
    private final int mobileColumn;

    EventRowDecoder(EventKind kind, Schema schema) {
        this.parser = new EventParser(kind);
        List<String> fields = kind.fields();
        List<Types.NestedField> schemaColumns = schema.columns();
        this.columns = new int[fields.size()];
        int timestamp = -1;
        int mobileField = -1;
        for (int i = 0; i < fields.size(); i++) {
            columns[i] = -1;
            for (int c = 0; c < schemaColumns.size(); c++) {
                if (schemaColumns.get(c).name().equals(fields.get(i))) {
                    columns[i] = c;
                }
            }
            if (fields.get(i).equals("event_timestamp")) {
                timestamp = i;
            } else if (fields.get(i).equals("device_is_mobile")) {
                mobileField = i;
            }
        }
        this.timestampColumn = timestamp;
        this.mobileColumn = mobileField;
    }

    /** A row decoder of a kind's messages into rows of {@code schema}. */
    public static EventRowDecoder of(EventKind kind, Schema schema) {
        return new EventRowDecoder(kind, schema);
    }

    /** The decoder of a kind's topic: generic Iceberg rows through {@link GenericBatchWriter}. */
    public static RecordDecoder decoder(EventKind kind) {
        return (table, filePrefix) -> new GenericBatchWriter(table, filePrefix, new EventRowDecoder(kind, table.schema()));
    }

    @Override
    public String decode(ConsumedRecord record, Record row) {
        byte[] value = record.value();
        String reason = parser.parse(value, 0, value.length);
        if (reason != null) {
            return reason;
        }
        for (int i = 0; i < columns.length; i++) {
            int column = columns[i];
            if (column < 0) {
                continue;
            }
            if (i == timestampColumn) {
                long micros = parser.timestampMicros();
                row.set(column, OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC));
            } else if (i == mobileColumn) {
                int mobile = parser.mobile();
                row.set(column, mobile < 0 ? null : mobile == 1 ? Boolean.TRUE : Boolean.FALSE);
            } else {
                row.set(column, parser.value(i));
            }
        }
        return null;
    }
}
