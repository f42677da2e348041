package io.urbanflow.mobility.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
    @Test
    void behaves_like_a_hash_map_under_random_puts_and_removes() {
        LongMap<Long> map = new LongMap<>(4);
        Map<Long, Long> expected = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long key = 1 + random.nextInt(3_000);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(key)).isEqualTo(expected.remove(key));
            } else {
                map.put(key, (long) i);
                expected.put(key, (long) i);
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        for (long key = 1; key <= 3_000; key++) {
            assertThat(map.get(key)).isEqualTo(expected.get(key));
        }
        Map<Long, Long> iterated = new HashMap<>();
        map.forEachValue(value -> iterated.put(value, value));
        assertThat(iterated.keySet()).containsExactlyInAnyOrderElementsOf(expected.values());
    }

    @Test
    void int_set_counts_distinct_values() {
        IntSet set = new IntSet();
        for (int i = 0; i < 10_000; i++) {
            set.add(i % 777);
        }
        assertThat(set.size()).isEqualTo(777);
        assertThat(set.contains(776)).isTrue();
        assertThat(set.contains(777)).isFalse();
    }

    @Test
    void int_set_keeps_a_value_until_its_last_occurrence_is_removed() {
        IntSet set = new IntSet();
        set.add(5);
        set.add(5);
        set.add(9);
        assertThat(set.remove(5)).isFalse();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.remove(5)).isTrue();
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.contains(5)).isFalse();
        assertThat(set.add(5)).isTrue();
        for (int i = 100; i < 200; i++) {
            set.add(i);
        }
        assertThat(set.size()).isEqualTo(102);
        assertThat(set.contains(5)).isTrue();
    }
}
