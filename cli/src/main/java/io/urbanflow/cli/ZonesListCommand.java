package io.urbanflow.cli;

import io.urbanflow.mobility.analytics.Zone;
import io.urbanflow.mobility.analytics.ZoneSet;
import io.urbanflow.mobility.analytics.ZoneStore;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code urbanflow zones list}: the stored zone sets with their zones. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the zone sets in stage.zones and their zones.")
public final class ZonesListCommand implements Callable<Integer> {
    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        List<ZoneSet> sets;
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir))) {
            sets = ZoneStore.readAll(lake);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (sets.isEmpty()) {
            out.println("No zones loaded. Load some with: urbanflow zones load FILE.geojson --name districts");
        }
        for (ZoneSet set : sets) {
            out.println(set.name() + " (" + set.zones().size() + " zones)");
            for (Zone zone : set.zones()) {
                out.println("  " + zone.zoneId() + (zone.name().equals(zone.zoneId()) ? "" : "  " + zone.name())
                        + "  " + zone.geometry().getGeometryType());
            }
        }
        out.flush();
        return 0;
    }
}
