package io.urbanflow.spark.mobility;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.models.CellTraffic10MinModel;
import io.urbanflow.mobility.models.MobilityConfig;
import io.urbanflow.mobility.models.StageGpsPointsModel;
import io.urbanflow.mobility.models.Traffic10MinModel;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.TestSpark;
import io.urbanflow.testing.SampleData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A temp-dir lake with real GPS data in {@code raw.gps_points} (Rome CRAWDAD and San Francisco cabspotting samples,
 * loaded by {@link ConvertJob}) and the platform's DuckDB pipeline run over it: {@code stage.gps_points},
 * {@code mart.traffic_10min} and {@code mart.cell_traffic_10min} as the platform builds them. Spark on the shared
 * test context.
 */
final class MobilityLake implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);

    final Path dir;
    final SparkLake spark;
    final ConvertJob.Result rome;
    final ConvertJob.Result sanFrancisco;

    private MobilityLake(Path dir, SparkLake spark, ConvertJob.Result rome, ConvertJob.Result sanFrancisco) {
        this.dir = dir;
        this.spark = spark;
        this.rome = rome;
        this.sanFrancisco = sanFrancisco;
    }

    private static MobilityLake shared;

    /**
     * One lake for the test classes that only read the raw, stage and mart tables (and write their own tables beside
     * them), built on first use in a temp folder removed when the JVM exits.
     */
    static synchronized MobilityLake shared() {
        if (shared == null) {
            try {
                Path dir = java.nio.file.Files.createTempDirectory("urbanflow-spark-lake");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                shared = create(dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp folder left behind
        }
    }

    static MobilityLake create(Path dir) {
        SparkLake spark = TestSpark.lake(dir);
        ConvertJob.Result rome = ConvertJob.run(spark, SampleData.romeCrawdad(), SourceOptions.defaults(), ConvertJob.RejectPolicy.QUARANTINE, dir, CLOCK);
        ConvertJob.Result sanFrancisco = ConvertJob.run(spark, SampleData.sfCabspotting(), SourceOptions.defaults(),
                ConvertJob.RejectPolicy.QUARANTINE, dir, Clock.offset(CLOCK, java.time.Duration.ofSeconds(1)));
        try (Lake lake = Lake.open(spark.lakeConfig()); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection()) {
            ModelContext context = ModelContext.of(lake, duckdb, MobilityConfig.defaults().asSettings(), CLOCK);
            PipelineRun run = new PipelineRunner(context, List.of(new StageGpsPointsModel(), new Traffic10MinModel(), new CellTraffic10MinModel()))
                    .run(BuildMode.FULL);
            if (run.failed()) {
                throw new IllegalStateException("Cannot build the marts: " + run.results());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new MobilityLake(dir, spark, rome, sanFrancisco);
    }

    long count(String sql) {
        return spark.session().sql(sql).first().getLong(0);
    }

    @Override
    public void close() {
        spark.close();
    }
}
