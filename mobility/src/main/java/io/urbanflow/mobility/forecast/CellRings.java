package io.urbanflow.mobility.forecast;

import com.uber.h3core.H3Core;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The H3 ring-1 neighbours of each cell among a panel's cells. Stateless. */
final class CellRings {
    private static H3Core h3;

    private CellRings() {
    }

    static synchronized H3Core h3() {
        if (h3 == null) {
            try {
                h3 = H3Core.newInstance();
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot load the H3 library: " + e.getMessage(), e);
            }
        }
        return h3;
    }

    /** Per cell, the indices of the cells of {@code cells} that touch it (0 cells are skipped). */
    static int[][] neighbours(long[] cells) {
        Map<Long, Integer> index = new HashMap<>();
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != 0) {
                index.put(cells[i], i);
            }
        }
        H3Core core = h3();
        int[][] rings = new int[cells.length][];
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == 0) {
                rings[i] = new int[0];
                continue;
            }
            long self = cells[i];
            List<Long> disk = core.gridDisk(self, 1);
            rings[i] = disk.stream().filter(cell -> cell != self).map(index::get).filter(j -> j != null).mapToInt(Integer::intValue).toArray();
        }
        return rings;
    }
}
