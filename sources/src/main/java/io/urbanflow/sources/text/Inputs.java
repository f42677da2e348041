package io.urbanflow.sources.text;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Opens input files: gzip is recognised by its magic bytes, whatever the file's name. Stateless. */
public final class Inputs {
    private static final int GZIP_BUFFER_BYTES = 1 << 16;

    private Inputs() {
    }

    /**
     * The file's bytes, decompressed when it is gzip.
     *
     * @throws UrbanFlowException when the file is missing or unreadable
     */
    public static InputStream open(Path file) {
        try {
            boolean gzip = isGzip(file);
            InputStream in = Files.newInputStream(file);
            if (!gzip) {
                return in;
            }
            try {
                return new GZIPInputStream(in, GZIP_BUFFER_BYTES);
            } catch (IOException e) {
                in.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new UrbanFlowException("Cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's name without {@code .gz}: {@code new_abboip.txt.gz} is {@code new_abboip.txt}. */
    public static String baseName(Path file) {
        Path name = file.getFileName();
        String text = name == null ? file.toString() : name.toString();
        return text.endsWith(".gz") ? text.substring(0, text.length() - 3) : text;
    }

    /**
     * Up to {@code count} non-blank lines from the start of the file, for format detection.
     *
     * @throws UrbanFlowException when the file cannot be read
     */
    public static List<String> firstLines(Path file, int count) {
        List<String> lines = new ArrayList<>(count);
        try (LineScanner scanner = new LineScanner(open(file), 1 << 16, 1 << 20)) {
            while (lines.size() < count && scanner.next()) {
                if (!scanner.blank()) {
                    lines.add(scanner.line());
                }
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return lines;
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
