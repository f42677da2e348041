package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Keeps rejected lines in {@code DATA/quarantine/<run>-<yyyyMMdd-HHmmss>.jsonl}, one JSON object per line:
 * {@code {"file":"taxi.txt","line":12,"reason":"unparseable latitude '4l.9'","raw":"156;..."}}.
 *
 * <p>The file is created with the first reject (a clean run leaves none); {@link #path()} is fixed at
 * {@link #open}, a numbered suffix avoiding an existing file. Thread-safe: rejects from several readers
 * interleave whole lines. {@link #count()} equals the lines written; they are on disk after {@link #flush()} or
 * {@link #close()}.
 */
public final class Quarantine implements RejectSink, AutoCloseable {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;
    private Writer writer;
    private long count;
    private boolean closed;

    private Quarantine(Path path) {
        this.path = path;
    }

    /** A quarantine for run {@code runName} (such as {@code replay}) named after the current time. */
    public static Quarantine open(Path dataDir, String runName) {
        return open(dataDir, runName, Clock.systemDefaultZone());
    }

    /** As {@link #open(Path, String)}, the file named after {@code clock}'s local time. */
    public static Quarantine open(Path dataDir, String runName, Clock clock) {
        String safeName = runName == null || runName.isBlank() ? "run" : runName.replaceAll("[^A-Za-z0-9._-]", "-");
        Path directory = dataDir.resolve("quarantine");
        String stem = safeName + "-" + STAMP.format(LocalDateTime.now(clock));
        Path candidate = directory.resolve(stem + ".jsonl");
        for (int suffix = 2; Files.exists(candidate); suffix++) {
            candidate = directory.resolve(stem + "-" + suffix + ".jsonl");
        }
        return new Quarantine(candidate);
    }

    /**
     * Appends the reject as one JSON line.
     *
     * @throws UrbanFlowException when the file cannot be written, or after {@link #close()}
     */
    @Override
    public synchronized void reject(Reject reject) {
        if (closed) {
            throw new UrbanFlowException("Cannot write quarantine file " + path + ": it is closed");
        }
        StringBuilder line = new StringBuilder(96 + reject.line().length());
        line.append("{\"file\":");
        appendJsonString(line, reject.origin());
        line.append(",\"line\":").append(reject.lineNumber()).append(",\"reason\":");
        appendJsonString(line, reject.reason());
        line.append(",\"raw\":");
        appendJsonString(line, reject.line());
        line.append("}\n");
        try {
            if (writer == null) {
                Files.createDirectories(path.getParent());
                writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
            }
            writer.write(line.toString());
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write quarantine file " + path + ": " + e.getMessage(), e);
        }
        count++;
    }

    /** How many rejects were kept. */
    public synchronized long count() {
        return count;
    }

    /** Where rejects go (the file exists once one was kept). */
    public Path path() {
        return path;
    }

    public synchronized void flush() {
        if (writer != null && !closed) {
            try {
                writer.flush();
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot write quarantine file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot write quarantine file " + path + ": " + e.getMessage(), e);
            }
        }
    }

    static void appendJsonString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean loneSurrogate = Character.isHighSurrogate(c)
                            ? !(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                            : Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || loneSurrogate) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
