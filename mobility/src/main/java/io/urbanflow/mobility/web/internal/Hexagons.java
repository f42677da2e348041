package io.urbanflow.mobility.web.internal;

import io.urbanflow.domain.JsonText;
import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hexagon outlines for the browser, which has no H3 library: each cell's boundary as a JSON array of
 * {@code [lat, lon]} pairs, computed once with H3 Java and cached (a city has a few thousand cells). Thread-safe.
 */
public final class Hexagons {
    private final H3Core h3;
    private final ConcurrentHashMap<Long, String> boundaries = new ConcurrentHashMap<>();

    public Hexagons() {
        try {
            h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot start dashboard: H3 native library failed to load: " + e.getMessage(), e);
        }
    }

    /** The cell's id as H3 writes it: lowercase hex. */
    public static String hex(long cell) {
        return Long.toHexString(cell);
    }

    /**
     * Parses a cell id given as H3 hex ({@code 881e8050b3fffff}) or as a decimal number (how a BIGINT column
     * holds it).
     *
     * @throws UrbanFlowException when it is neither or not a valid cell
     */
    public long parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long cell;
        try {
            // H3 hex ids are 15 characters; as decimal numbers they have 17 to 19 digits
            cell = value.length() >= 17 && value.chars().allMatch(Character::isDigit)
                    ? Long.parseUnsignedLong(value) : Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new UrbanFlowException("Cannot read H3 cell '" + text + "': expected hex such as 881e8050b3fffff");
        }
        if (!h3.isValidCell(cell)) {
            throw new UrbanFlowException("Cannot read H3 cell '" + text + "': not a valid cell");
        }
        return cell;
    }

    public long cellOf(double latitude, double longitude, int resolution) {
        return h3.latLngToCell(latitude, longitude, resolution);
    }

    /** {@code [[lat,lon],...]} of the cell's outline, 6 decimals. */
    public String boundaryJson(long cell) {
        return boundaries.computeIfAbsent(cell, this::compute);
    }

    private String compute(long cell) {
        List<LatLng> points = h3.cellToBoundary(cell);
        StringBuilder out = new StringBuilder(points.size() * 24);
        out.append('[');
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('[');
            JsonText.rounded(out, points.get(i).lat, 6).append(',');
            JsonText.rounded(out, points.get(i).lng, 6).append(']');
        }
        return out.append(']').toString();
    }
}
