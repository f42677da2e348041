package io.urbanflow.cli.tinydomain;

import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.text.LineFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code tiny-csv}: a header {@code sensor,ts,value}, then lines such as {@code s1,2026-01-05T10:00:00Z,42}. */
final class ReadingsFormat implements SourceFormat {
    static final String HEADER = "sensor,ts,value";

    @Override
    public String name() {
        return "tiny-csv";
    }

    @Override
    public String domain() {
        return TinyDomain.NAME;
    }

    @Override
    public String description() {
        return "meter readings: sensor,ts,value";
    }

    @Override
    public String exampleLine() {
        return "s1,2026-01-05T10:00:00Z,42";
    }

    @Override
    public int detectionScore(String fileName, List<String> firstLines, SourceOptions options) {
        return !firstLines.isEmpty() && firstLines.get(0).trim().equals(HEADER) ? 100 : 0;
    }

    @Override
    public RecordSource open(Path file, SourceOptions options) {
        return new RecordSource() {
            @Override
            public String name() {
                return file.toString();
            }

            @Override
            public List<String> topics() {
                return List.of(TinyDomain.TOPIC);
            }

            @Override
            public ReadSummary read(RecordSink records, RejectSink rejects) {
                return new ReadingsReader(file, records).read(rejects);
            }
        };
    }

    /** One file's lines, each a reading or a reject with its reason. */
    private static final class ReadingsReader extends LineFileReader {
        private final RecordSink records;
        private long accepted;

        ReadingsReader(Path file, RecordSink records) {
            super(file);
            this.records = records;
        }

        ReadSummary read(RejectSink rejects) {
            long rejected = readLines(rejects);
            return new ReadSummary(accepted, rejected);
        }

        @Override
        protected boolean hasHeader() {
            return true;
        }

        @Override
        protected void readLine(byte[] bytes, int start, int end) {
            String[] fields = new String(bytes, start, end - start, StandardCharsets.UTF_8).split(",", -1);
            if (fields.length != 3 || fields[0].isBlank()) {
                throw new InvalidRecordException("expected sensor,ts,value");
            }
            Instant ts;
            long value;
            try {
                ts = Instant.parse(fields[1]);
                value = Long.parseLong(fields[2]);
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new InvalidRecordException("unparseable ts or value");
            }
            records.accept(Reading.record(fields[0], ts, value));
            accepted++;
        }
    }
}
