package io.urbanflow.spark.clickstream;

import io.urbanflow.clickstream.ClickstreamDomain;
import io.urbanflow.clickstream.ClickstreamTables;
import io.urbanflow.ingest.FieldMapping;
import io.urbanflow.ingest.FileLoader;
import io.urbanflow.ingest.JsonRecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.spark.SparkLake;
import io.urbanflow.spark.TestSpark;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A temp-dir lake with the real clickstream sample ({@code ../shared/data/clickstream}, 1,000 events of 99 visitors)
 * loaded into the four raw tables by the platform's {@link FileLoader} through the domain's file formats, and the
 * domain's stage, sessions, purchases, purchase items and daily funnel built by the platform's
 * {@link PipelineRunner} with DuckDB, default settings. Spark on the shared test context.
 *
 * <p>The rows are decoded by the platform's generic {@link JsonRecordDecoder} (every column read from the field of its
 * name) rather than by the domain's own decoder, which writes Parquet columns directly through the plain Parquet API:
 * in this JVM Iceberg's Parquet classes are the Spark runtime's shaded ones, so that writer cannot run here (see the
 * module's pom). Both engines then read the same raw tables, which is all the comparison needs.
 */
final class ClickstreamSparkLake {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Set<String> MODELS = Set.of(ClickstreamTables.STAGE_EVENTS, ClickstreamTables.MART_SESSIONS,
            ClickstreamTables.MART_PURCHASES, ClickstreamTables.MART_PURCHASE_ITEMS, ClickstreamTables.MART_FUNNEL_DAILY);

    final SparkLake spark;

    private ClickstreamSparkLake(SparkLake spark) {
        this.spark = spark;
    }

    /** Loads the sample into a lake in {@code dir} and builds the marts with DuckDB. */
    static ClickstreamSparkLake create(Path dir) {
        SparkLake spark = TestSpark.lake(dir);
        ClickstreamDomain domain = new ClickstreamDomain();
        Sources sources = new Sources(domain.formats(), domain.generators());
        List<TopicBinding> bindings = domain.topics().stream()
                .map(binding -> new TopicBinding(binding.topic(), binding.table(), binding.rejected(), new JsonRecordDecoder(FieldMapping.identity())))
                .toList();
        List<Model> models = domain.models().stream().filter(model -> MODELS.contains(model.name())).toList();
        try (Lake lake = Lake.open(spark.lakeConfig()); DuckDbQueryEngine engine = DuckDbQueryEngine.open(lake);
             Connection duckdb = engine.trustedConnection(); Stream<Path> files = Files.list(SampleData.clickstream())) {
            FileLoader loader = new FileLoader(lake, bindings, CLOCK);
            for (Path file : files.sorted().toList()) {
                FileLoader.Result loaded = loader.load(sources.open(file, SourceOptions.defaults()), FileLoader.fingerprint(file), RejectSink.strict());
                if (loaded.rows() == 0 || loaded.rejected() > 0) {
                    throw new IllegalStateException("Cannot load " + file + ": " + loaded.summary());
                }
            }
            PipelineRun run = new PipelineRunner(ModelContext.of(lake, duckdb, Settings.empty(), CLOCK), models).run(BuildMode.FULL);
            if (run.failed() || run.results().size() != MODELS.size()) {
                throw new IllegalStateException("Cannot build the clickstream marts: " + run.results());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ClickstreamSparkLake(spark);
    }

    long count(String sql) {
        return spark.session().sql(sql).first().getLong(0);
    }
}
