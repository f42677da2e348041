package io.urbanflow.clickstream;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes clickstream records (of the generator, or read from files) as the sample's four JSON-lines files, each
 * record's value one line as it is: {@code browser_events.jsonl} and so on, or one file per kind and UTC hour
 * ({@code browser_events_2022-11-28T20.jsonl}) or day, plain or gzip ({@code .jsonl.gz}). A location, device or geo record,
 * which has no time of its own, goes to the hour of the browser event before it. A file that exists already is not
 * overwritten: the write fails. Not thread-safe; one write per instance.
 */
public final class ClickstreamFileWriter {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** One file per kind, or one per kind and UTC day ({@code browser_events_2022-11-28.jsonl}), or per kind and UTC hour. */
    public enum Layout { ONE_FILE_PER_KIND, DAILY, HOURLY }

    /** Plain text or gzip. */
    public enum Compression { NONE, GZIP }

    private final Path directory;
    private final Layout layout;
    private final Compression compression;
    private final java.util.Set<Path> created = new java.util.HashSet<>();

    public ClickstreamFileWriter(Path directory, Layout layout, Compression compression) {
        this.directory = directory;
        this.layout = layout;
        this.compression = compression;
    }

    /** What a write produced: lines per kind and the files, in the order they were opened. Immutable. */
    public record Written(Map<EventKind, Long> lines, java.util.List<Path> files) {
        public Written {
            lines = Map.copyOf(lines);
            files = java.util.List.copyOf(files);
        }

        public long total() {
            long total = 0;
            for (long count : lines.values()) {
                total += count;
            }
            return total;
        }
    }

    /**
     * Reads {@code source} to the end and writes its records' values.
     *
     * @throws UrbanFlowException when a record is for no clickstream topic or a file cannot be written
     */
    public Written write(RecordSource source, RejectSink rejects) {
        Map<String, EventKind> kinds = new LinkedHashMap<>();
        for (EventKind kind : EventKind.values()) {
            kinds.put(kind.topic(), kind);
        }
        Map<EventKind, Long> lines = new EnumMap<>(EventKind.class);
        Map<Path, OutputStream> open = new LinkedHashMap<>();
        long[] hourMicros = {Long.MIN_VALUE};
        String[] hour = {null};
        try {
            Files.createDirectories(directory);
            ReadSummary ignored = source.read(record -> {
                EventKind kind = kinds.get(record.topic());
                if (kind == null) {
                    throw new UrbanFlowException("Cannot write " + source.name() + " as clickstream files: a record for topic "
                            + record.topic());
                }
                if (record.eventTimeMicros() >= 0) {
                    long recordHour = Math.floorDiv(record.eventTimeMicros(), 3_600_000_000L);
                    if (recordHour != hourMicros[0]) {
                        hourMicros[0] = recordHour;
                        hour[0] = HOUR.format(Instant.ofEpochSecond(recordHour * 3_600L));
                    }
                }
                Path file = directory.resolve(fileName(kind, hour[0]));
                try {
                    OutputStream out = open.get(file);
                    if (out == null) {
                        if (layout != Layout.ONE_FILE_PER_KIND && open.size() >= 8) {
                            // hours come in order: files of earlier hours (days) are done
                            for (OutputStream finished : open.values()) {
                                finished.close();
                            }
                            open.clear();
                        }
                        out = open(file);
                        open.put(file, out);
                    }
                    out.write(record.value());
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                lines.merge(kind, 1L, Long::sum);
            }, rejects);
        } catch (IOException | UncheckedIOException e) {
            throw new UrbanFlowException("Cannot write clickstream files to " + directory + ": " + e.getMessage(), e);
        } finally {
            for (OutputStream out : open.values()) {
                try {
                    out.close();
                } catch (IOException e) {
                    // reported by the write that failed, if any
                }
            }
        }
        return new Written(lines, filesIn());
    }

    private java.util.List<Path> filesIn() {
        try (var listing = Files.list(directory)) {
            return listing.sorted().toList();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private String fileName(EventKind kind, String hour) {
        String suffix = compression == Compression.GZIP ? ".jsonl.gz" : ".jsonl";
        if (layout == Layout.ONE_FILE_PER_KIND || hour == null) {
            return kind.fileStem() + suffix;
        }
        return kind.fileStem() + "_" + (layout == Layout.DAILY ? hour.substring(0, 10) : hour) + suffix;
    }

    /** A new file, or (an hourly file closed earlier in this write) the same file again: gzip members concatenate. */
    private OutputStream open(Path file) throws IOException {
        boolean again = !created.add(file);
        OutputStream out = again ? Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)
                : Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE_NEW);
        if (compression == Compression.GZIP) {
            out = new GZIPOutputStream(out, 1 << 16);
        }
        return new BufferedOutputStream(out, 1 << 16);
    }
}
