package io.urbanflow.ingest.internal;

import io.urbanflow.ingest.IngestTables;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The rejected messages of one batch for one rejected table, as rows of {@link IngestTables#REJECTED_SCHEMA}. Rejects are
 * rare, so this is not a hot path. Not thread-safe.
 */
public final class RejectedMessages {
    private final List<Record> rows = new ArrayList<>();

    public void add(String topic, int partition, long offset, byte[] value, String reason, Instant rejectedAt) {
        GenericRecord row = GenericRecord.create(IngestTables.REJECTED_SCHEMA);
        row.setField("topic", topic);
        row.setField("kafka_partition", partition);
        row.setField("kafka_offset", offset);
        if (value == null) {
            row.setField("raw_value", null);
            row.setField("raw_encoding", "utf-8");
        } else {
            String text = utf8OrNull(value);
            row.setField("raw_value", text != null ? text : Base64.getEncoder().encodeToString(value));
            row.setField("raw_encoding", text != null ? "utf-8" : "base64");
        }
        row.setField("reason", reason);
        row.setField("rejected_at", rejectedAt.atOffset(ZoneOffset.UTC));
        rows.add(row);
    }

    public List<Record> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void clear() {
        rows.clear();
    }

    /** The text when the bytes are valid UTF-8 without NUL characters, else null. */
    static String utf8OrNull(byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
            return text.indexOf('\0') >= 0 ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
