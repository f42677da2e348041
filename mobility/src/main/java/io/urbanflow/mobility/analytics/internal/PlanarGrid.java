package io.urbanflow.mobility.analytics.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * A uniform grid over planar points (metres) for fixed-radius neighbour queries: a query looks at the 3x3 cells
 * around its position, so the cell size must be at least the largest radius asked. Immutable after construction.
 */
public final class PlanarGrid {
    private final double[] xs;
    private final double[] ys;
    private final double cellSize;
    private final Map<Long, int[]> cells;

    public PlanarGrid(double[] xs, double[] ys, double cellSize) {
        if (!(cellSize > 0)) {
            throw new IllegalArgumentException("Cannot build grid: cell size " + cellSize + " is not positive");
        }
        this.xs = xs;
        this.ys = ys;
        this.cellSize = cellSize;
        Map<Long, int[]> building = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (int index = 0; index < xs.length; index++) {
            counts.merge(key(cell(xs[index]), cell(ys[index])), 1, Integer::sum);
        }
        for (int index = 0; index < xs.length; index++) {
            long key = key(cell(xs[index]), cell(ys[index]));
            int[] members = building.get(key);
            if (members == null) {
                members = new int[counts.get(key) + 1]; // slot 0 holds how many are filled
                building.put(key, members);
            }
            members[++members[0]] = index;
        }
        this.cells = building;
    }

    private long cell(double coordinate) {
        return (long) Math.floor(coordinate / cellSize);
    }

    private static long key(long cellX, long cellY) {
        return (cellX << 32) ^ (cellY & 0xffffffffL);
    }

    /** How many points lie within {@code radius} of (x, y), up to {@code stopAt}. */
    public int countWithin(double x, double y, double radius, int stopAt) {
        int count = 0;
        double squared = radius * radius;
        long cellX = cell(x);
        long cellY = cell(y);
        for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
                int[] members = cells.get(key(cellX + dx, cellY + dy));
                if (members == null) {
                    continue;
                }
                for (int slot = 1; slot <= members[0]; slot++) {
                    int index = members[slot];
                    double ex = xs[index] - x;
                    double ey = ys[index] - y;
                    if (ex * ex + ey * ey <= squared && ++count >= stopAt) {
                        return count;
                    }
                }
            }
        }
        return count;
    }

    /** The index of the nearest point within {@code radius} of (x, y) that {@code accept} allows, or -1. */
    public int nearestWithin(double x, double y, double radius, java.util.function.IntPredicate accept) {
        int best = -1;
        double bestSquared = radius * radius;
        long cellX = cell(x);
        long cellY = cell(y);
        for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
                int[] members = cells.get(key(cellX + dx, cellY + dy));
                if (members == null) {
                    continue;
                }
                for (int slot = 1; slot <= members[0]; slot++) {
                    int index = members[slot];
                    double ex = xs[index] - x;
                    double ey = ys[index] - y;
                    double squared = ex * ex + ey * ey;
                    if (squared <= bestSquared && accept.test(index)) {
                        bestSquared = squared;
                        best = index;
                    }
                }
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "PlanarGrid[" + xs.length + " points, " + cells.size() + " cells of " + cellSize + " m" + "]";
    }
}
