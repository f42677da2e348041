package io.urbanflow.sources.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteNumbersTest {
    @ParameterizedTest
    @ValueSource(strings = {"41.8836718276551", "12.4877775603346", "-122.39447", "0", "-0.0", "+3.5", "41.", ".5",
        "1234567890.123456789", "0.1", "0.30000000000000004", "9007199254740993", "1e3", "-2.5E-3", "41.88367182765510001",
        "00000000000000000000041.9", "179.99999999999999"})
    void decimals_equal_the_jdk_parse_bit_for_bit(String text) {
        assertThat(decimal(text)).isEqualTo(Double.parseDouble(text));
    }

    @Test
    void random_coordinates_equal_the_jdk_parse_bit_for_bit() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            int decimals = random.nextInt(0, 19);
            long whole = random.nextLong(-180, 181);
            StringBuilder text = new StringBuilder().append(whole);
            if (decimals > 0) {
                text.append('.');
                for (int d = 0; d < decimals; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            assertThat(decimal(text.toString())).as(text.toString()).isEqualTo(Double.parseDouble(text.toString()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "4l.9", "1.2.3", "NaN", "Infinity", "0x1p3", "12d", "1,5", " 1", "1 "})
    void what_is_not_a_decimal_is_nan(String text) {
        assertThat(decimal(text)).isNaN();
    }

    @Test
    void whole_numbers_parse_and_garbage_does_not() {
        assertThat(parseLong("1211033530")).isEqualTo(1_211_033_530L);
        assertThat(parseLong("-1")).isEqualTo(-1);
        assertThat(parseLong("1.0")).isEqualTo(ByteNumbers.NOT_A_NUMBER);
        assertThat(parseLong("")).isEqualTo(ByteNumbers.NOT_A_NUMBER);
        assertThat(parseLong("1234567890123456789")).isEqualTo(ByteNumbers.NOT_A_NUMBER);
    }

    private static double decimal(String text) {
        byte[] bytes = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);
        return ByteNumbers.parseDecimal(bytes, 1, bytes.length - 1);
    }

    private static long parseLong(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteNumbers.parseLong(bytes, 0, bytes.length);
    }
}
