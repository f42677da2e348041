package io.urbanflow.sources.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines without decoding it: each {@link #next()} exposes the current line as
 * {@code buffer()[lineStart(), lineEnd())}. Not thread-safe.
 *
 * <p>Invariants: lines end at {@code \n}; a {@code \r} right before it is not part of the line; a last line
 * without {@code \n} is still a line; {@link #lineNumber()} is 1-based and counts every line, blank ones
 * included; a UTF-8 byte order mark opening the first line is dropped. The buffer starts at {@link #INITIAL_BUFFER_BYTES} and doubles only for a line longer than it, up
 * to {@link #MAX_LINE_BYTES}; a longer line is returned cut to that length with {@link #truncated()} set and
 * its remainder skipped, so memory stays bounded whatever the input. The exposed bytes are valid until the next
 * call to {@link #next()}.
 */
public final class LineScanner implements Closeable {
    public static final int INITIAL_BUFFER_BYTES = 1 << 20;
    public static final int MAX_LINE_BYTES = 64 << 20;

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] buffer;
    private int position;
    private int limit;
    private boolean endOfInput;
    private boolean skippingRemainder;
    private int lineStart;
    private int lineEnd;
    private boolean truncated;
    private long lineNumber;

    public LineScanner(InputStream in) {
        this(in, INITIAL_BUFFER_BYTES, MAX_LINE_BYTES);
    }

    LineScanner(InputStream in, int initialBufferBytes, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[Math.min(initialBufferBytes, maxLineBytes)];
    }

    /** Advances to the next line; false at the end of the input. */
    public boolean next() throws IOException {
        truncated = false;
        int scanFrom = position;
        while (true) {
            byte[] bytes = buffer;
            int end = limit;
            for (int i = scanFrom; i < end; i++) {
                if (bytes[i] == '\n') {
                    if (skippingRemainder) {
                        // The rest of an overlong line: drop it and look for the next line.
                        skippingRemainder = false;
                        position = i + 1;
                        scanFrom = position;
                        continue;
                    }
                    found(position, i > position && bytes[i - 1] == '\r' ? i - 1 : i);
                    position = i + 1;
                    return true;
                }
            }
            if (skippingRemainder) {
                position = limit;
            }
            scanFrom = limit;
            if (endOfInput) {
                if (position < limit) {
                    found(position, bytes[limit - 1] == '\r' ? limit - 1 : limit);
                    position = limit;
                    return true;
                }
                return false;
            }
            if (position > 0) {
                int remaining = limit - position;
                System.arraycopy(buffer, position, buffer, 0, remaining);
                scanFrom -= position;
                limit = remaining;
                position = 0;
            } else if (limit == buffer.length) {
                if (buffer.length >= maxLineBytes) {
                    found(0, limit);
                    truncated = true;
                    skippingRemainder = true;
                    position = limit;
                    return true;
                }
                byte[] larger = new byte[(int) Math.min((long) buffer.length * 2, maxLineBytes)];
                System.arraycopy(buffer, 0, larger, 0, limit);
                buffer = larger;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfInput = true;
            } else {
                limit += read;
            }
        }
    }

    private void found(int start, int end) {
        lineNumber++;
        // Spreadsheet exports often start with a UTF-8 byte order mark: it is not part of the header.
        if (lineNumber == 1 && end - start >= 3 && buffer[start] == (byte) 0xEF && buffer[start + 1] == (byte) 0xBB
                && buffer[start + 2] == (byte) 0xBF) {
            start += 3;
        }
        lineStart = start;
        lineEnd = end;
    }

    public byte[] buffer() {
        return buffer;
    }

    public int lineStart() {
        return lineStart;
    }

    public int lineEnd() {
        return lineEnd;
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** The current line was longer than the maximum and is cut; its remainder will be skipped. */
    public boolean truncated() {
        return truncated;
    }

    public boolean blank() {
        for (int i = lineStart; i < lineEnd; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** The current line decoded as UTF-8 (for rejects and headers, not for the hot path). */
    public String line() {
        return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
