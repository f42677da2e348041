package io.urbanflow.mobility.ingest;

import io.urbanflow.ingest.IngestConfig;
import io.urbanflow.ingest.IngestJob;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;

/**
 * A separate ingest process for the crash and group integration tests:
 * {@code IngestMain DATA_DIR|LAKE.properties BOOTSTRAP TOPIC GROUP INSTANCE_ID|- UNTIL_IDLE_SECONDS|- COMMIT_INTERVAL_MS COMMIT_ROWS}.
 */
public final class IngestMain {
    private IngestMain() {
    }

    public static void main(String[] args) {
        IngestConfig config = IngestConfig.defaults().withBootstrapServers(args[1]).withGroup(args[3])
                .withInstanceId(args[4].equals("-") ? null : args[4])
                .withUntilIdle(args[5].equals("-") ? null : Duration.ofSeconds(Long.parseLong(args[5])))
                .withCommitInterval(Duration.ofMillis(Long.parseLong(args[6])))
                .withCommitRows(Long.parseLong(args[7]))
                .withSessionTimeout(Duration.ofSeconds(6));
        // DATA_DIR, or a properties file of lake.* settings (a PostgreSQL catalog, an S3 warehouse)
        LakeConfig lakeConfig = args[0].endsWith(".properties")
                ? LakeConfig.from(io.urbanflow.model.Settings.load(Paths.get(args[0]), java.util.Map.of(), java.util.Map.of()),
                        Paths.get(args[0]).getParent())
                : LakeConfig.defaults(Paths.get(args[0]));
        try (Lake lake = Lake.open(lakeConfig);
                IngestJob job = IngestJob.create(lake, java.util.List.of(GpsPointDecoder.binding(args[2])), config, Clock.systemUTC())) {
            Runtime.getRuntime().addShutdownHook(new Thread(job::stop));
            System.out.println(job.run().summaryLine());
        }
        System.exit(0);
    }
}
