package io.urbanflow.clickstream;

import io.urbanflow.ingest.FileLoader;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.Settings;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ParquetTableWriter;
import io.urbanflow.pipeline.PipelineRun;
import io.urbanflow.pipeline.PipelineRunner;
import io.urbanflow.pipeline.RangeReplacement;
import io.urbanflow.pipeline.SqlText;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.query.QueryResult;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * A temp-dir lake with the clickstream domain: files loaded with the platform's {@link FileLoader} through the
 * domain's formats and topic bindings, the domain's models run by the platform's {@link PipelineRunner}, and SQL
 * through the guarded {@link DuckDbQueryEngine} (the same views the dashboard and {@code urbanflow sql} read).
 */
final class ClickstreamLake implements AutoCloseable {
    static final ClickstreamDomain DOMAIN = new ClickstreamDomain();

    final Lake lake;
    final DuckDbQueryEngine engine;
    final Sources sources = new Sources(DOMAIN.formats(), DOMAIN.generators());
    private final Connection duckdb;
    private final FileLoader loader;

    private ClickstreamLake(Path dir) {
        this.lake = Lake.open(LakeConfig.defaults(dir));
        this.engine = DuckDbQueryEngine.open(lake);
        this.duckdb = engine.trustedConnection();
        this.loader = new FileLoader(lake, DOMAIN.topics(), Clock.systemUTC());
    }

    static ClickstreamLake open(Path dir) {
        return new ClickstreamLake(dir);
    }

    /** Loads a file (detected) once; a folder file by file, in name order. */
    List<FileLoader.Result> load(Path path) {
        return load(path, loader);
    }

    /** {@link #load(Path)} as if loaded at {@code now}: the rows' {@code ingested_at}. */
    List<FileLoader.Result> load(Path path, Instant now) {
        return load(path, new FileLoader(lake, DOMAIN.topics(), Clock.fixed(now, ZoneOffset.UTC)));
    }

    private List<FileLoader.Result> load(Path path, FileLoader fileLoader) {
        List<FileLoader.Result> results = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : files.sorted().toList()) {
                    results.addAll(load(file, fileLoader));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return results;
        }
        RecordSource source = sources.open(path, SourceOptions.defaults());
        results.add(fileLoader.load(source, FileLoader.fingerprint(path), RejectSink.strict()));
        return results;
    }

    /** Loads a source of records (a generator, raw messages) under a name of its own. */
    FileLoader.Result load(RecordSource source, RejectSink lineRejects) {
        return loader.load(source, FileLoader.fingerprint(source.name()), lineRejects);
    }

    PipelineRun build(BuildMode mode) {
        return build(mode, Settings.empty());
    }

    PipelineRun build(BuildMode mode, Settings settings) {
        PipelineRun run = new PipelineRunner(ModelContext.of(lake, duckdb, settings, Clock.systemUTC()), DOMAIN.models()).run(mode);
        run.results().forEach(result -> {
            if (result.failed()) {
                throw new AssertionError(result.model() + " failed: " + result.error().orElseThrow());
            }
        });
        return run;
    }

    /** A model context on this lake, as the pipeline's runs have it. */
    ModelContext context() {
        return ModelContext.of(lake, duckdb, Settings.empty(), Clock.systemUTC());
    }

    /**
     * Appends the rows of {@code sql} to {@code table} behind the models' back (a broken writer); {@code {table}} in the
     * SQL reads the table's current rows.
     */
    void append(String table, String sql) {
        Table target = lake.catalog().loadTable(TableIdentifier.parse(table));
        String current = SqlText.scan(target.schema(),
                RangeReplacement.dataFiles(target).stream().map(DataFile::location).toList());
        List<DataFile> files = ParquetTableWriter.write(duckdb, target, sql.replace("{table}", current));
        AppendFiles append = target.newAppend();
        files.forEach(append::appendFile);
        append.commit();
    }

    QueryResult query(String sql) {
        return engine.query(sql);
    }

    /** Every row of the query, each as a list, in the query's order. */
    List<List<Object>> rows(String sql) {
        return query(sql).rows();
    }

    long count(String sql) {
        return ((Number) query(sql).rows().get(0).get(0)).longValue();
    }

    @Override
    public void close() {
        try {
            duckdb.close();
        } catch (java.sql.SQLException e) {
            // closing the engine closes the database
        }
        engine.close();
        lake.close();
    }
}
