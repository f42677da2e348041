package io.urbanflow.sources.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InternedIdsTest {
    @Test
    void equal_bytes_give_the_same_string_instance() {
        InternedIds ids = new InternedIds();
        byte[] line = "156;x;156;caf\u00e9".getBytes(StandardCharsets.UTF_8);
        String first = ids.intern(line, 0, 3);
        assertThat(first).isEqualTo("156");
        assertThat(ids.intern(line, 6, 9)).isSameAs(first);
        assertThat(ids.intern(line, 10, line.length)).isEqualTo("caf\u00e9");
    }

    @Test
    void keeps_ids_apart_through_growth_and_stays_bounded() {
        InternedIds ids = new InternedIds();
        for (int i = 0; i < 200_000; i++) {
            byte[] id = ("taxi-" + i).getBytes(StandardCharsets.US_ASCII);
            assertThat(ids.intern(id, 0, id.length)).isEqualTo("taxi-" + i);
            assertThat(ids.size()).isLessThanOrEqualTo(InternedIds.MAX_ENTRIES);
        }
        byte[] again = "taxi-199999".getBytes(StandardCharsets.US_ASCII);
        assertThat(ids.intern(again, 0, again.length)).isSameAs(ids.intern(again.clone(), 0, again.length));
    }
}
