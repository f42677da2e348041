package io.urbanflow.mobility.web.internal;

import io.urbanflow.domain.JsonText;
import io.urbanflow.mobility.live.CellFigures;
import io.urbanflow.mobility.live.LiveConsumer;
import io.urbanflow.mobility.live.LiveUpdate;
import io.urbanflow.mobility.live.VehiclePosition;
import java.util.List;
import java.util.Set;

/** The JSON of live messages (see {@link LiveBroadcaster}), written by hand: it goes out several times a second. */
final class LiveJson {
    private LiveJson() {
    }

    static StringBuilder body(LiveUpdate update, String type, double pointsPerSecond, int clients, LiveConsumer.Status status) {
        StringBuilder out = new StringBuilder(256 + update.vehicles().size() * 64 + update.cells().size() * 48);
        out.append("{\"type\":\"").append(type).append("\",\"seq\":").append(update.sequence())
                .append(",\"more\":").append(update.more()).append(",\"totals\":{\"points\":").append(update.totals().points())
                .append(",\"rejected\":").append(update.totals().rejected())
                .append(",\"outliers\":").append(update.totals().outliers())
                .append(",\"duplicates\":").append(update.totals().duplicates())
                .append(",\"vehicles\":").append(update.totals().vehicles())
                .append(",\"cells\":").append(update.totals().cells())
                .append(",\"watermark\":").append(update.totals().watermarkMicros())
                .append(",\"pointsPerSecond\":");
        JsonText.rounded(out, pointsPerSecond, 1);
        out.append(",\"clients\":").append(clients);
        if (status != null) {
            out.append(",\"connected\":").append(status.connected()).append(",\"lag\":").append(status.totalLag());
        }
        out.append("},\"vehicles\":[");
        List<VehiclePosition> vehicles = update.vehicles();
        for (int i = 0; i < vehicles.size(); i++) {
            VehiclePosition vehicle = vehicles.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append('[');
            JsonText.string(out, vehicle.vehicleId()).append(',');
            JsonText.rounded(out, vehicle.latitude(), 6).append(',');
            JsonText.rounded(out, vehicle.longitude(), 6).append(',');
            out.append(vehicle.epochMicros()).append(',');
            JsonText.rounded(out, vehicle.speedKmh(), 1).append(",\"").append(Hexagons.hex(vehicle.cell())).append("\"]");
        }
        out.append("],\"removedVehicles\":[");
        for (int i = 0; i < update.removedVehicles().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.string(out, update.removedVehicles().get(i));
        }
        out.append("],\"cells\":[");
        List<CellFigures> cells = update.cells();
        for (int i = 0; i < cells.size(); i++) {
            CellFigures cell = cells.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("[\"").append(Hexagons.hex(cell.cell())).append("\",").append(cell.points()).append(',')
                    .append(cell.vehicles()).append(',');
            JsonText.rounded(out, cell.meanSpeedKmh(), 1).append(']');
        }
        out.append("],\"removedCells\":[");
        for (int i = 0; i < update.removedCells().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(Hexagons.hex(update.removedCells().get(i))).append('"');
        }
        return out.append(']');
    }

    /** Appends {@code ,"boundaries":{...}} for the cells of {@code update} not in {@code known} (all when null). */
    static void appendBoundaries(StringBuilder out, LiveUpdate update, Set<Long> known, Hexagons hexagons) {
        out.append(",\"boundaries\":{");
        boolean first = true;
        for (CellFigures cell : update.cells()) {
            if (known == null || known.add(cell.cell())) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append('"').append(Hexagons.hex(cell.cell())).append("\":").append(hexagons.boundaryJson(cell.cell()));
            }
        }
        out.append('}');
    }

}
