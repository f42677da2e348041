package io.urbanflow.mobility.analytics.charts.internal;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.List;

/** The process's H3 library (loading its native code once), and the cell outlines charts draw. Thread-safe. */
public final class H3Cells {
    private static volatile H3Core core;

    private H3Cells() {
    }

    public static H3Core core() {
        H3Core loaded = core;
        if (loaded == null) {
            synchronized (H3Cells.class) {
                if (core == null) {
                    try {
                        core = H3Core.newInstance();
                    } catch (IOException | UnsatisfiedLinkError e) {
                        throw new UrbanFlowException("Cannot load the H3 library: " + e.getMessage(), e);
                    }
                }
                loaded = core;
            }
        }
        return loaded;
    }

    /** A dataset cell for an H3 index: its centre and its 6 (pentagons: 5, or more near icosahedron edges) vertices. */
    public static HexagonDataset.Cell cell(long index, double value) {
        H3Core h3 = core();
        LatLng centre = h3.cellToLatLng(index);
        List<LatLng> boundary = h3.cellToBoundary(index);
        double[] longitudes = new double[boundary.size()];
        double[] latitudes = new double[boundary.size()];
        for (int i = 0; i < boundary.size(); i++) {
            longitudes[i] = boundary.get(i).lng;
            latitudes[i] = boundary.get(i).lat;
        }
        return new HexagonDataset.Cell(index, centre.lng, centre.lat, value, longitudes, latitudes);
    }
}
