package io.urbanflow.sources.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineScannerTest {
    @Test
    void splits_lf_and_crlf_lines_keeps_blank_ones_and_a_last_line_without_newline() throws IOException {
        assertThat(lines("a\r\nbb\n\nccc\r\nlast", 4, 1024)).containsExactly("1:a", "2:bb", "3:", "4:ccc", "5:last");
        assertThat(lines("only\n", 4, 1024)).containsExactly("1:only");
        assertThat(lines("", 4, 1024)).isEmpty();
    }

    @Test
    void lines_longer_than_the_buffer_grow_it() throws IOException {
        String longLine = "x".repeat(100);
        assertThat(lines("a\n" + longLine + "\nb", 8, 1024)).containsExactly("1:a", "2:" + longLine, "3:b");
    }

    @Test
    void a_line_beyond_the_maximum_is_cut_flagged_and_its_rest_skipped() throws IOException {
        LineScanner scanner = new LineScanner(input("ok\n" + "y".repeat(50) + "\nnext\n"), 8, 16);
        List<String> seen = new ArrayList<>();
        while (scanner.next()) {
            seen.add(scanner.lineNumber() + ":" + scanner.line() + (scanner.truncated() ? " (cut)" : ""));
        }
        assertThat(seen).containsExactly("1:ok", "2:" + "y".repeat(16) + " (cut)", "3:next");
    }

    @Test
    void drops_a_byte_order_mark_before_the_header() throws IOException {
        assertThat(lines("\uFEFFvehicle_id,timestamp\nx", 1024, 1024)).containsExactly("1:vehicle_id,timestamp", "2:x");
    }

    @Test
    void reads_streams_that_deliver_a_few_bytes_at_a_time() throws IOException {
        byte[] bytes = "first line\r\nsecond\nthird\r\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (at >= bytes.length) {
                    return -1;
                }
                target[offset] = bytes[at++];
                return 1;
            }
        };
        List<String> seen = new ArrayList<>();
        try (LineScanner scanner = new LineScanner(trickle, 4, 1024)) {
            while (scanner.next()) {
                seen.add(scanner.line());
            }
        }
        assertThat(seen).containsExactly("first line", "second", "third");
    }

    private static List<String> lines(String text, int initial, int max) throws IOException {
        List<String> seen = new ArrayList<>();
        try (LineScanner scanner = new LineScanner(input(text), initial, max)) {
            while (scanner.next()) {
                seen.add(scanner.lineNumber() + ":" + scanner.line());
            }
        }
        return seen;
    }

    private static InputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
