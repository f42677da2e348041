package io.urbanflow.sources.internal;

import io.urbanflow.model.GpsPoint;
import io.urbanflow.model.InvalidPointException;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.PointSink;
import io.urbanflow.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.RejectSink;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A text file read line by line from bytes, in constant memory: the common part of every file format. Subclasses
 * parse one line ({@link #readLine}) and either {@link #emit} points or throw {@link InvalidPointException} with
 * the reason, which becomes a {@link Reject} carrying the file, the 1-based line number and the raw line. Blank
 * lines are skipped. With a header, the first non-blank line goes to {@link #readHeader} instead. Single use, not
 * thread-safe.
 */
public abstract class LineFileSource implements PointSource {
    protected final Path file;
    private final String origin;
    private PointSink points;
    private RejectSink rejects;
    private LineScanner scanner;
    private long accepted;
    private long rejected;

    protected LineFileSource(Path file) {
        this.file = file;
        this.origin = file.toString();
    }

    @Override
    public String name() {
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
     * Parses the line {@code bytes[start, end)} and {@link #emit}s its points.
     *
     * @throws InvalidPointException with the reason when the line is malformed
     */
    protected abstract void readLine(byte[] bytes, int start, int end);

    protected final void emit(GpsPoint point) {
        accepted++;
        points.accept(point);
    }

    /** Rejects part of the current line (one point of several) and goes on with the rest of it. */
    protected final void rejectPart(String reason) {
        rejected++;
        rejects.reject(new Reject(origin, scanner.lineNumber(), scanner.line(), reason));
    }

    @Override
    public final ReadSummary read(PointSink pointSink, RejectSink rejectSink) {
        if (scanner != null) {
            throw new IllegalStateException("Cannot read " + origin + " twice: a source is single use");
        }
        this.points = pointSink;
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
                } catch (InvalidPointException e) {
                    rejected++;
                    rejects.reject(new Reject(origin, lines.lineNumber(), lines.line(), e.reason()));
                }
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + origin + " after line " + scanner.lineNumber() + ": "
                    + e.getMessage(), e);
        }
        return new ReadSummary(accepted, rejected);
    }

    /** A reason for an unparseable field: "unparseable latitude '4l.9'". */
    protected static InvalidPointException unparseable(String field, byte[] bytes, int start, int end) {
        return new InvalidPointException("unparseable " + field + " '" + ByteNumbers.text(bytes, start, end) + "'");
    }
}
