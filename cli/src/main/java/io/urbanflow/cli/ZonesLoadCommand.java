package io.urbanflow.cli;

import io.urbanflow.mobility.analytics.AnalyticsTables;
import io.urbanflow.mobility.analytics.GeoJsonZones;
import io.urbanflow.mobility.analytics.Zone;
import io.urbanflow.mobility.analytics.ZoneSet;
import io.urbanflow.mobility.analytics.ZoneStore;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.locationtech.jts.geom.Envelope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code urbanflow zones load FILE.geojson [--name SET]}: validates the polygons and stores them in stage.zones. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Store the Polygon and MultiPolygon features of a GeoJSON FeatureCollection as a zone set in stage.zones,"
                + " replacing a set of the same name. A zone's id is the feature's id, else properties.id, else properties.name.",
            "The next urbanflow analyze aggregates points (mart.zone_traffic_hourly) and trips (mart.zone_od) by zone.",
        })
public final class ZonesLoadCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.geojson", description = "GeoJSON FeatureCollection of polygons, longitude first (RFC 7946).")
    private Path file;

    @Option(names = "--name", paramLabel = "SET", defaultValue = "zones", description = "Name of the zone set (default: ${DEFAULT-VALUE}).")
    private String name;

    @Mixin
    LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ZoneSet zones = GeoJsonZones.read(file, name);
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        Settings settings = lakeOptions.settings(dataDir, Map.of());
        try (Lake lake = UrbanFlowCommand.openLake(lakeOptions.config(settings, dataDir))) {
            ZoneStore.store(lake, zones, Clock.systemUTC());
        }
        PrintWriter out = spec.commandLine().getOut();
        Envelope bounds = new Envelope();
        for (Zone zone : zones.zones()) {
            bounds.expandToInclude(zone.geometry().getEnvelopeInternal());
        }
        out.printf(java.util.Locale.ROOT, "zones=%d set=%s table=%s bounds=%.5f,%.5f,%.5f,%.5f (south,west,north,east)%n",
                zones.zones().size(), zones.name(), AnalyticsTables.STAGE_ZONES, bounds.getMinY(), bounds.getMinX(), bounds.getMaxY(), bounds.getMaxX());
        out.println("Run urbanflow analyze to aggregate points and trips by these zones.");
        out.flush();
        return 0;
    }
}
