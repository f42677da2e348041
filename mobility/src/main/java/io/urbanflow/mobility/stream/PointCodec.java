package io.urbanflow.mobility.stream;

import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.model.InvalidRecordException;
import io.urbanflow.mobility.stream.internal.PointJsonReader;
import io.urbanflow.mobility.stream.internal.PointJsonWriter;
import java.nio.charset.StandardCharsets;

/**
 * The Kafka record format of a {@link GpsPoint}: key = the vehicle id in UTF-8 (so a vehicle's points share a
 * partition and keep their order), value = one compact JSON object, version 1:
 *
 * <pre>{"v":1,"id":"156","t":1391209200739166,"lat":41.8836,"lon":12.4877,"occ":-1,"src":"rome-crawdad"}</pre>
 *
 * <table>
 * <caption>Fields of version 1</caption>
 * <tr><th>key</th><th>JSON type</th><th>meaning</th><th>required</th></tr>
 * <tr><td>{@code v}</td><td>integer</td><td>format version, always {@code 1}</td><td>yes</td></tr>
 * <tr><td>{@code id}</td><td>string</td><td>vehicle id as the source names it, not blank</td><td>yes</td></tr>
 * <tr><td>{@code t}</td><td>integer</td><td>instant of the fix, microseconds since 1970-01-01T00:00:00Z (UTC),
 *     in [1990, 2100)</td><td>yes</td></tr>
 * <tr><td>{@code lat}</td><td>number</td><td>latitude, degrees north (WGS 84), in [-90, 90]</td><td>yes</td></tr>
 * <tr><td>{@code lon}</td><td>number</td><td>longitude, degrees east (WGS 84), in [-180, 180]</td><td>yes</td></tr>
 * <tr><td>{@code occ}</td><td>integer or null</td><td>occupancy: 1 occupied, 0 free, -1 unknown (absent or null =
 *     -1)</td><td>no</td></tr>
 * <tr><td>{@code src}</td><td>string or null</td><td>source format or generator, e.g. {@code rome-crawdad},
 *     {@code synthetic} (absent or null = "")</td><td>no</td></tr>
 * </table>
 *
 * <p>The writer emits exactly these keys in this order, no whitespace, UTF-8, and numbers that parse back to the
 * very same double in any correct JSON reader (shortest decimal up to 15 significant digits, else Java's
 * {@link Double#toString}, which may use an exponent such as {@code 1.0E-7}). The reader accepts any key order,
 * whitespace, escapes, number exponents and ignores keys it does not know.
 *
 * <p>Version rule: {@code v} changes only when an existing field changes its meaning, unit or type, or a required
 * field is removed; readers reject other versions ("unsupported version 2") instead of guessing. Adding an
 * optional key keeps {@code v} at 1: older readers skip it.
 *
 * <p>Stateless and thread-safe.
 */
public final class PointCodec {
    /** The version {@link #encode} writes and {@link #decode} accepts. */
    public static final int VERSION = 1;

    private PointCodec() {
    }

    /** The v1 JSON of {@code point}, UTF-8. */
    public static byte[] encode(GpsPoint point) {
        return PointJsonWriter.write(point);
    }

    /**
     * Reads a v1 JSON point.
     *
     * @throws InvalidRecordException with a short reason ("not valid JSON at byte 3", "missing field lat",
     *                               "unsupported version 9", "latitude 999.0 outside [-90, 90]") when the bytes
     *                               are not a valid point; never any other exception
     */
    public static GpsPoint decode(byte[] value) {
        return PointJsonReader.read(value, 0, value == null ? 0 : value.length);
    }

    /** {@link #decode(byte[])} of {@code length} bytes from {@code offset}. */
    public static GpsPoint decode(byte[] value, int offset, int length) {
        return PointJsonReader.read(value, offset, length);
    }

    /** The record key: the vehicle id in UTF-8. */
    public static byte[] key(GpsPoint point) {
        return point.vehicleId().getBytes(StandardCharsets.UTF_8);
    }
}
