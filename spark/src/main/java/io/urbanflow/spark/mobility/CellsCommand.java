package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.SparkMain;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow spark cells}: the pair-RDD cell aggregation ({@link CellTrafficJob}). */
@Command(name = "cells", mixinStandardHelpOptions = true,
        description = {"Count stage points per H3 cell and 10-minute interval with Spark's pair RDDs (reduceByKey, a cell",
            "partitioner, persist, a broadcast join with the zones, sortByKey) into " + CellTrafficJob.TABLE + "."})
final class CellsCommand implements Callable<Integer> {
    @Option(names = "--zone-set", paramLabel = "NAME", description = "Zone set to join (default: the first loaded, if any).")
    String zoneSet;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Busiest cells to print (default: ${DEFAULT-VALUE}).")
    int top;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SparkMain main = SparkMain.of(spec);
        MobilityConfig config = MobilityConfig.from(main.settings());
        try (SparkLake lake = main.open("cells")) {
            ZoneTable zones = ZoneTable.read(lake.session(), Optional.ofNullable(zoneSet));
            CellTrafficJob.Result result = CellTrafficJob.run(lake, config.h3Resolution(), config.zone(), zones, top);
            var out = main.out();
            out.println(result.zoneSet().isEmpty() ? "zones: none loaded (urbanflow zones load FILE), so zone_id is empty"
                    : "zones: joined with set " + result.zoneSet() + " (broadcast)");
            out.println("busiest cells (points over all intervals):");
            result.busiest().forEach(cell -> out.printf("  %s  %d%n", cell.cellHex(), cell.points()));
            out.printf("%s: %d rows from %d points in %.1f s on %s%n", CellTrafficJob.TABLE, result.rows(), result.points(),
                    result.took().toMillis() / 1000.0, lake.sparkConfig().master());
        }
        return 0;
    }
}
