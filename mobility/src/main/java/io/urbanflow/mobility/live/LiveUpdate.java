package io.urbanflow.mobility.live;

import java.util.List;

/**
 * What changed in the live view since the previous update, or everything when {@link #snapshot()}. Clients apply
 * removals first, then the positions and figures. Immutable.
 *
 * @param sequence        increases by one per drained update; a snapshot carries the sequence of the update it
 *                        is consistent with
 * @param snapshot        whether this holds every vehicle and cell (for a new client) rather than the changes
 * @param more            whether changes were held back by the per-update limits and follow in the next update
 */
public record LiveUpdate(long sequence, boolean snapshot, boolean more, LiveTotals totals, List<VehiclePosition> vehicles,
                         List<String> removedVehicles, List<CellFigures> cells, List<Long> removedCells) {
    public LiveUpdate {
        vehicles = List.copyOf(vehicles);
        removedVehicles = List.copyOf(removedVehicles);
        cells = List.copyOf(cells);
        removedCells = List.copyOf(removedCells);
    }

    public boolean isEmpty() {
        return vehicles.isEmpty() && removedVehicles.isEmpty() && cells.isEmpty() && removedCells.isEmpty();
    }
}
