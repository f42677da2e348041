package io.urbanflow.sources;

import io.urbanflow.model.UrbanFlowException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps rejected lines in {@code DATA/quarantine/<run>-<yyyyMMdd-HHmmss>.jsonl}, one JSON object per line:
 * {@code {"file":"taxi.txt","line":12,"reason":"unparseable latitude '4l.9'","raw":"156;..."}}.
 *
 * <p>The file is created with the first reject (a clean run leaves none); {@link #path()} is fixed at
 * {@link #open}, a numbered suffix avoiding an existing file. While open, the file is locked against other
 * processes. Thread-safe: rejects from several readers interleave whole lines. {@link #count()} equals the lines
 * written. Each line goes to the operating system as it is rejected (bad lines are rare; one write each), so a
 * killed process keeps every reject it reported but perhaps part of the last; nothing is fsynced (a power cut may
 * lose the latest lines).
 *
 * <p><b>Resuming.</b> A run killed mid-way leaves its file with the rejects it wrote, possibly ending in part of a
 * line. {@link #resuming} opens a quarantine for a run that reads its input again from the start: earlier files of
 * the same run name lose such a partial last line (when no live process holds them), and every reject already kept
 * whole in them (same file and line number) is not written again, so each bad line is kept exactly once.
 */
public final class Quarantine implements RejectSink, AutoCloseable {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;
    /** "file\u0000line" of the rejects earlier runs kept; empty unless {@link #resuming}. */
    private final Set<String> keptEarlier;
    private FileChannel channel;
    private Writer writer;
    private long count;
    private long alreadyKept;
    private boolean closed;

    private Quarantine(Path path, Set<String> keptEarlier) {
        this.path = path;
        this.keptEarlier = keptEarlier;
    }

    /** A quarantine for run {@code runName} (such as {@code replay}) named after the current time. */
    public static Quarantine open(Path dataDir, String runName) {
        return open(dataDir, runName, Clock.systemDefaultZone());
    }

    /** As {@link #open(Path, String)}, the file named after {@code clock}'s local time. */
    public static Quarantine open(Path dataDir, String runName, Clock clock) {
        return new Quarantine(newPath(dataDir, runName, clock), Set.of());
    }

    /**
     * A quarantine for a run that resumes earlier runs named {@code runName}: their files' rejects are not written
     * again ({@link #alreadyKept()} counts them), and a partial last line of a file no process holds is cut off.
     *
     * @throws UrbanFlowException when an earlier file cannot be read or repaired
     */
    public static Quarantine resuming(Path dataDir, String runName, Clock clock) {
        Path directory = dataDir.resolve("quarantine");
        String prefix = safeName(runName) + "-";
        Set<String> kept = new HashSet<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*.jsonl")) {
                for (Path file : files) {
                    readKept(file, kept);
                }
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot read quarantine folder " + directory + ": " + e.getMessage(), e);
            }
        }
        return new Quarantine(newPath(dataDir, runName, clock), kept);
    }

    /** As {@link #resuming(Path, String, Clock)} on the system clock. */
    public static Quarantine resuming(Path dataDir, String runName) {
        return resuming(dataDir, runName, Clock.systemDefaultZone());
    }

    private static String safeName(String runName) {
        return runName == null || runName.isBlank() ? "run" : runName.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static Path newPath(Path dataDir, String runName, Clock clock) {
        Path directory = dataDir.resolve("quarantine");
        String stem = safeName(runName) + "-" + STAMP.format(LocalDateTime.now(clock));
        Path candidate = directory.resolve(stem + ".jsonl");
        for (int suffix = 2; Files.exists(candidate); suffix++) {
            candidate = directory.resolve(stem + "-" + suffix + ".jsonl");
        }
        return candidate;
    }

    /** Adds the file and line of each whole line of {@code file} to {@code kept}; cuts a partial last line off. */
    private static void readKept(Path file, Set<String> kept) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this process writes it
            }
            try {
                long end = endOfLastLine(channel);
                if (end < channel.size() && lock != null) {
                    channel.truncate(end); // what a killed writer left of its last line: never a reject
                }
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
                long position = 0;
                while (position < end) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                    int read = channel.read(buffer, position);
                    if (read <= 0) {
                        break;
                    }
                    position += read;
                    for (int i = 0; i < read; i++) {
                        byte b = buffer.get(i);
                        if (b == '\n') {
                            String key = keyOfLine(line.toString(StandardCharsets.UTF_8));
                            if (key != null) {
                                kept.add(key);
                            }
                            line.reset();
                        } else {
                            line.write(b);
                        }
                    }
                }
            } finally {
                if (lock != null) {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read quarantine file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The length of the file up to and including its last newline (0 when it has none). */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8192);
        for (long to = channel.size(); to > 0; ) {
            long from = Math.max(0, to - buffer.capacity());
            buffer.clear().limit((int) (to - from));
            int read = 0;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, from + read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            for (int i = read - 1; i >= 0; i--) {
                if (buffer.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            to = from;
        }
        return 0;
    }

    /** "file\u0000line" of a line this class wrote, or null for anything else. */
    static String keyOfLine(String line) {
        String start = "{\"file\":\"";
        if (!line.startsWith(start)) {
            return null;
        }
        StringBuilder file = new StringBuilder();
        int index = start.length();
        while (index < line.length() && line.charAt(index) != '"') {
            char c = line.charAt(index++);
            if (c != '\\') {
                file.append(c);
                continue;
            }
            if (index >= line.length()) {
                return null;
            }
            char escaped = line.charAt(index++);
            switch (escaped) {
                case 'n' -> file.append('\n');
                case 'r' -> file.append('\r');
                case 't' -> file.append('\t');
                case 'u' -> {
                    if (index + 4 > line.length()) {
                        return null;
                    }
                    file.append((char) Integer.parseInt(line.substring(index, index + 4), 16));
                    index += 4;
                }
                default -> file.append(escaped);
            }
        }
        String lineKey = ",\"line\":";
        if (!line.startsWith(lineKey, index + 1)) {
            return null;
        }
        int digits = index + 1 + lineKey.length();
        int digitsEnd = digits;
        while (digitsEnd < line.length() && Character.isDigit(line.charAt(digitsEnd))) {
            digitsEnd++;
        }
        return digitsEnd == digits ? null : key(file.toString(), Long.parseLong(line.substring(digits, digitsEnd)));
    }

    private static String key(String origin, long lineNumber) {
        return origin + '\u0000' + lineNumber;
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
        if (!keptEarlier.isEmpty() && keptEarlier.contains(key(reject.origin(), reject.lineNumber()))) {
            alreadyKept++;
            return;
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
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                channel.tryLock(); // held until close or the process ends: a resuming run leaves this file alone
                writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), 1 << 16);
            }
            writer.write(line.toString());
            writer.flush();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write quarantine file " + path + ": " + e.getMessage(), e);
        }
        count++;
    }

    /** How many rejects were kept. */
    public synchronized long count() {
        return count;
    }

    /** How many rejects were not written because an earlier run had kept them ({@link #resuming}). */
    public synchronized long alreadyKept() {
        return alreadyKept;
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
