package io.urbanflow.sources.text;

import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A text file read line by line from bytes, in constant memory: the common part of every line-based format.
 * Subclasses parse one line ({@link #readLine}) and hand on what it holds, or throw {@link InvalidRecordException}
 * with the reason, which becomes a {@link Reject} carrying the file, the 1-based line number and the raw line. Blank
 * lines are skipped; a line longer than {@link LineScanner#MAX_LINE_BYTES} is rejected. With a header, the first
 * non-blank line goes to {@link #readHeader} instead. Single use, not thread-safe.
 */
public abstract class LineFileReader {
    protected final Path file;
    private final String origin;
    private RejectSink rejects;
    private LineScanner scanner;
    private long rejected;

    protected LineFileReader(Path file) {
        this.file = file;
        this.origin = file.toString();
    }

    /** The file's name as rejects and messages show it. */
    protected final String origin() {
        return origin;
    }

    /** Whether the first non-blank line is a header. */
    protected abstract boolean hasHeader();

    /**
     * Reads the header line.
     *
     * @throws UrbanFlowException when the header lacks a needed column: the whole file cannot be read
     */
    protected void readHeader(String header) {
    }

    /**
     * Parses the line {@code bytes[start, end)} and hands on its records.
     *
     * @throws InvalidRecordException with the reason when the line is malformed
     */
    protected abstract void readLine(byte[] bytes, int start, int end);

    /** The 1-based number of the line being read. */
    protected final long lineNumber() {
        return scanner.lineNumber();
    }

    /** Rejects part of the current line (one record of several) and goes on with the rest of it. */
    protected final void rejectPart(String reason) {
        rejected++;
        rejects.reject(new Reject(origin, scanner.lineNumber(), scanner.line(), reason));
    }

    /**
     * Reads every line, handing bad ones to {@code rejectSink}.
     *
     * @return the number of lines (or parts of lines) rejected
     * @throws UrbanFlowException when the file cannot be opened or read, or its header is unusable
     */
    protected final long readLines(RejectSink rejectSink) {
        if (scanner != null) {
            throw new IllegalStateException("Cannot read " + origin + " twice: a source is single use");
        }
        this.rejects = rejectSink;
        boolean headerPending = hasHeader();
        try (LineScanner lines = new LineScanner(Inputs.open(file))) {
            this.scanner = lines;
            while (lines.next()) {
                if (lines.truncated()) {
                    rejected++;
                    String start = ByteNumbers.text(lines.buffer(), lines.lineStart(), lines.lineEnd());
                    rejects.reject(new Reject(origin, lines.lineNumber(), start,
                            "line longer than " + LineScanner.MAX_LINE_BYTES + " bytes"));
                    continue;
                }
                if (lines.blank()) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    readHeader(lines.line());
                    continue;
                }
                try {
                    readLine(lines.buffer(), lines.lineStart(), lines.lineEnd());
                } catch (InvalidRecordException e) {
                    rejected++;
                    rejects.reject(new Reject(origin, lines.lineNumber(), lines.line(), e.reason()));
                }
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + origin + " after line " + scanner.lineNumber() + ": "
                    + e.getMessage(), e);
        }
        return rejected;
    }

    /** A reason for an unparseable field: "unparseable latitude '4l.9'". */
    public static InvalidRecordException unparseable(String field, byte[] bytes, int start, int end) {
        return new InvalidRecordException("unparseable " + field + " '" + ByteNumbers.text(bytes, start, end) + "'");
    }
}
