package io.urbanflow.mobility.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PointCodecTest {
    private static final String EXAMPLE =
            "{\"v\":1,\"id\":\"156\",\"t\":1391209200739166,\"lat\":41.8836,\"lon\":12.4877,\"occ\":-1,\"src\":\"rome-crawdad\"}";
    private static final GpsPoint EXAMPLE_POINT = new GpsPoint("156", 1_391_209_200_739_166L, 41.8836, 12.4877, -1, "rome-crawdad");

    @Test
    void encodes_the_documented_example() {
        assertThat(new String(PointCodec.encode(EXAMPLE_POINT), StandardCharsets.UTF_8)).isEqualTo(EXAMPLE);
        assertThat(PointCodec.decode(bytes(EXAMPLE))).isEqualTo(EXAMPLE_POINT);
        assertThat(PointCodec.key(EXAMPLE_POINT)).isEqualTo(bytes("156"));
    }

    @Test
    void round_trips_many_random_points_bit_exactly() {
        Random random = new Random(42);
        for (int index = 0; index < 200_000; index++) {
            GpsPoint point = randomPoint(random);
            byte[] encoded = PointCodec.encode(point);
            GpsPoint decoded = PointCodec.decode(encoded);
            assertSameBits(decoded, point, encoded);
        }
    }

    @Test
    void written_numbers_mean_the_same_double_to_any_json_reader() {
        Pattern number = Pattern.compile("\"(lat|lon)\":([^,}]+)");
        Random random = new Random(7);
        for (int index = 0; index < 50_000; index++) {
            GpsPoint point = randomPoint(random);
            Matcher matcher = number.matcher(new String(PointCodec.encode(point), StandardCharsets.UTF_8));
            while (matcher.find()) {
                double expected = matcher.group(1).equals("lat") ? point.latitude() : point.longitude();
                assertThat(Double.doubleToRawLongBits(Double.parseDouble(matcher.group(2))))
                        .as(matcher.group()).isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
    }

    @Test
    void writes_the_shortest_decimal_for_typical_coordinates() {
        GpsPoint point = new GpsPoint("x", 1_391_209_200_000_000L, 41.91566867, -122.4, 1, "");
        assertThat(new String(PointCodec.encode(point), StandardCharsets.UTF_8))
                .contains("\"lat\":41.91566867,").contains("\"lon\":-122.4,").endsWith("\"occ\":1,\"src\":\"\"}");
    }

    @Test
    void reads_any_key_order_whitespace_unknown_keys_and_missing_optional_fields() {
        String json = " {\n\t\"lon\" : 12.4877 , \"extra\": {\"a\": [1, 2.5e3, \"x\\\"y\", true, false, null, {}]},"
                + " \"t\":1391209200739166, \"lat\": 41.8836, \"id\": \"156\", \"v\": 1, \"future\": -3 }\r\n";
        assertThat(PointCodec.decode(bytes(json)))
                .isEqualTo(new GpsPoint("156", 1_391_209_200_739_166L, 41.8836, 12.4877, -1, ""));
        assertThat(PointCodec.decode(bytes("{\"v\":1,\"id\":\"a\",\"t\":1391209200739166,\"lat\":1,\"lon\":2,\"occ\":null,\"src\":null}")))
                .isEqualTo(new GpsPoint("a", 1_391_209_200_739_166L, 1, 2, -1, ""));
    }

    @Test
    void reads_escapes_in_strings_and_keys() {
        String json = "{\"v\":1,\"\\u0069d\":\"taxi \\\"7\\\" \\\\ \\/ \\u00e9\\ud83d\\ude95 caf\u00e9\\n\",\"t\":1391209200739166,"
                + "\"lat\":41.8836,\"lon\":12.4877,\"src\":\"s\\tx\"}";
        GpsPoint point = PointCodec.decode(bytes(json));
        assertThat(point.vehicleId()).isEqualTo("taxi \"7\" \\ / \u00e9\ud83d\ude95 caf\u00e9\n");
        assertThat(point.source()).isEqualTo("s\tx");
    }

    @Test
    void reads_numbers_with_exponents_and_more_digits_than_a_double_holds() {
        String json = "{\"v\":1,\"id\":\"a\",\"t\":1391209200739166,\"lat\":4.18836E1,\"lon\":12487.7e-3}";
        GpsPoint point = PointCodec.decode(bytes(json));
        assertThat(point.latitude()).isEqualTo(41.8836);
        assertThat(point.longitude()).isEqualTo(12.4877);
        String longDigits = "41.88360000000000000000000001234";
        assertThat(PointCodec.decode(bytes(json.replace("4.18836E1", longDigits))).latitude())
                .isEqualTo(Double.parseDouble(longDigits));
        assertThat(PointCodec.decode(bytes(json.replace("4.18836E1", "0.000000000000000000000000001"))).latitude())
                .isEqualTo(1e-27);
    }

    @Test
    void poison_inputs_are_rejected_with_their_reason() {
        assertReason(new byte[0], "empty message");
        assertReason(null, "empty message");
        assertReason(bytes("  \n"), "empty message");
        assertReason(new byte[] {0x00, (byte) 0xFF, 0x13}, "not valid JSON at byte 0");
        assertReason(bytes("hello"), "not valid JSON at byte 0");
        assertReason(bytes("[1,2]"), "not valid JSON at byte 0");
        assertReason(bytes("{\"v\":1,\"id\":\"a\" \"t\":1}"), "not valid JSON at byte 16");
        assertReason(bytes("{\"v\":1,\"lat\":01}"), "not valid JSON at byte 14");
        assertReason(bytes("{\"v\":1,\"lat\":NaN}"), "not valid JSON at byte 13");
        assertReason(bytes(EXAMPLE + "x"), "not valid JSON at byte " + EXAMPLE.length());
        assertReason(Arrays.copyOf(bytes(EXAMPLE), 40), "truncated JSON at byte 40");
        assertReason(bytes("{\"v\":1,\"id\":\"a"), "truncated JSON at byte 14");
        assertReason(bytes(EXAMPLE.replace("41.8836", "999")), "latitude 999.0 outside [-90, 90]");
        assertReason(bytes(EXAMPLE.replace("12.4877", "-180.5")), "longitude -180.5 outside [-180, 180]");
        assertReason(bytes(EXAMPLE.replace("\"lat\":41.8836,", "")), "missing field lat");
        assertReason(bytes(EXAMPLE.replace("\"id\":\"156\",", "")), "missing field id");
        assertReason(bytes(EXAMPLE.replace("\"v\":1,", "")), "missing field v");
        assertReason(bytes("{}"), "missing field v");
        assertReason(bytes(EXAMPLE.replace("41.8836", "\"41.8836\"")), "field lat is not a number");
        assertReason(bytes(EXAMPLE.replace("\"156\"", "156")), "field id is not a string");
        assertReason(bytes(EXAMPLE.replace("1391209200739166", "1.391209200739166E15")), "field t is not a whole number");
        assertReason(bytes(EXAMPLE.replace("1391209200739166", "99999999999999999999")), "field t is out of range");
        assertReason(bytes(EXAMPLE.replace("1391209200739166", "0")), "timestamp 0 us is outside [1990, 2100)");
        assertReason(bytes(EXAMPLE.replace("\"v\":1", "\"v\":2")), "unsupported version 2");
        assertReason(bytes("{\"v\":9,\"something\":\"else\"}"), "unsupported version 9");
        assertReason(bytes(EXAMPLE.replace("\"occ\":-1", "\"occ\":7")), "occupancy 7 is not -1, 0 or 1");
        assertReason(bytes(EXAMPLE.replace("\"156\"", "\" \"")), "missing vehicle id");
        assertReason(bytes(EXAMPLE.replace("156", "1\u00016")), "not valid JSON at byte 14");
        byte[] badUtf8 = bytes(EXAMPLE);
        badUtf8[13] = (byte) 0xC3; // a lead byte followed by an ASCII digit
        assertReason(badUtf8, "invalid UTF-8 at byte 13");
        assertReason(bytes("{\"v\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}"), "nesting deeper than 64 at byte 76");
    }

    @Test
    void random_byte_mutations_never_throw_anything_but_an_invalid_point() {
        Random random = new Random(3);
        byte[] original = bytes(EXAMPLE.replace("156", "t\\u00e9xi \u00e9\\\"1"));
        int accepted = 0;
        for (int round = 0; round < 300_000; round++) {
            byte[] mutated = mutate(original, random);
            try {
                PointCodec.decode(mutated);
                accepted++;
            } catch (InvalidRecordException expected) {
                assertThat(expected.reason()).isNotBlank();
            } catch (Throwable unexpected) {
                fail("decoding " + Arrays.toString(mutated) + " threw " + unexpected, unexpected);
            }
        }
        assertThat(accepted).as("some mutations (e.g. digits) still decode").isPositive();
    }

    private static final String JSON_CHARACTERS = "{}[]\":,\\-+.eE0123456789 tfnu";

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int index = 0; index < mutations && bytes.length > 0; index++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) JSON_CHARACTERS.charAt(random.nextInt(JSON_CHARACTERS.length()));
                case 2 -> bytes = Arrays.copyOf(bytes, at);
                case 3 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
            }
        }
        return bytes;
    }

    static GpsPoint randomPoint(Random random) {
        double latitude;
        double longitude;
        do {
            latitude = coordinate(random, 90);
            longitude = coordinate(random, 180);
        } while (latitude == 0 && longitude == 0);
        long micros = GpsPoint.MIN_EPOCH_MICROS + (long) (random.nextDouble() * (GpsPoint.MAX_EPOCH_MICROS - GpsPoint.MIN_EPOCH_MICROS - 1));
        return new GpsPoint(randomText(random, 1), micros, latitude, longitude, random.nextInt(3) - 1, randomText(random, 0));
    }

    private static double coordinate(Random random, double limit) {
        double value = (random.nextDouble() * 2 - 1) * limit;
        switch (random.nextInt(6)) {
            case 0: return value; // full 17-digit precision
            case 1: return Math.round(value * 1e5) / 1e5;
            case 2: return Math.round(value * 1e8) / 1e8;
            case 3: return Math.scalb(value, -random.nextInt(80)); // tiny magnitudes, exponent notation
            case 4: return random.nextBoolean() ? -0.0 : Math.rint(value);
            default: return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6f", value));
        }
    }

    private static String randomText(Random random, int minimumLength) {
        String alphabet = "abcXYZ0189-_ \"\\/\u0000\u0001\n\t\u007f\u00e9\u00ff\u0100\u4e2d\ud83d\ude95\ud800\udfff";
        StringBuilder text = new StringBuilder();
        int length = minimumLength + random.nextInt(12);
        while (text.length() < length || text.toString().isBlank() && minimumLength > 0) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static void assertSameBits(GpsPoint decoded, GpsPoint point, byte[] encoded) {
        String as = new String(encoded, StandardCharsets.UTF_8);
        assertThat(decoded.vehicleId()).as(as).isEqualTo(point.vehicleId());
        assertThat(decoded.epochMicros()).as(as).isEqualTo(point.epochMicros());
        assertThat(Double.doubleToRawLongBits(decoded.latitude())).as(as).isEqualTo(Double.doubleToRawLongBits(point.latitude()));
        assertThat(Double.doubleToRawLongBits(decoded.longitude())).as(as).isEqualTo(Double.doubleToRawLongBits(point.longitude()));
        assertThat(decoded.occupancy()).as(as).isEqualTo(point.occupancy());
        assertThat(decoded.source()).as(as).isEqualTo(point.source());
    }

    private static void assertReason(byte[] value, String reason) {
        assertThatThrownBy(() -> PointCodec.decode(value))
                .as(value == null ? "null" : new String(value, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
