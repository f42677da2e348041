package io.urbanflow.pipeline;

import io.urbanflow.lake.Lake;
import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.DuckDbQueryEngine;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.types.Types;

/**
 * What a model run may use: the lake's catalog, a DuckDB connection of its own (temp tables are private to the
 * run), the settings (each domain reads its own keys from them) and the clock. Not thread-safe: one per run.
 */
public final class ModelContext {
    /** Snapshot summary key prefix of the input snapshot a model processed: {@code urbanflow.input.raw.gps_points}. */
    public static final String INPUT_SNAPSHOT_PREFIX = io.urbanflow.lake.maintenance.ProtectedSnapshots.INPUT_PREFIX;
    /** Snapshot summary key of the model options the target was built with; a change forces a full rebuild. */
    public static final String OPTIONS_KEY = "urbanflow.options";

    private final Catalog catalog;
    private final Connection duckdb;
    private final Settings settings;
    private final Clock clock;
    private final Optional<MicrosRange> window;
    private final Optional<Lake> lake;
    private final Optional<DuckDbQueryEngine> engine;

    public ModelContext(Catalog catalog, Connection duckdb, Settings settings, Clock clock) {
        this(catalog, duckdb, settings, clock, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private ModelContext(Catalog catalog, Connection duckdb, Settings settings, Clock clock, Optional<MicrosRange> window,
                         Optional<Lake> lake, Optional<DuckDbQueryEngine> engine) {
        this.catalog = catalog;
        this.duckdb = duckdb;
        this.settings = settings;
        this.clock = clock;
        this.window = window;
        this.lake = lake;
        this.engine = engine;
    }

    /**
     * This context with a window to recompute (a backfill interval): an incremental run then recomputes the window as
     * well as whatever its inputs' new snapshots touched, so that nothing pending is skipped when it records its state.
     */
    public ModelContext withWindow(MicrosRange window) {
        return new ModelContext(catalog, duckdb, settings, clock, Optional.of(window), lake, engine);
    }

    /** The window a backfill asks to recompute; empty for an ordinary run. */
    public Optional<MicrosRange> window() {
        return window;
    }

    /** A context on the lake's catalog; {@code duckdb} is typically {@code DuckDbQueryEngine.trustedConnection()}. */
    public static ModelContext of(Lake lake, Connection duckdb, Settings settings, Clock clock) {
        return new ModelContext(lake.catalog(), duckdb, settings, clock, Optional.empty(), Optional.of(lake), Optional.empty());
    }

    /**
     * A context on the lake's catalog that also offers the lake and its query engine, for models that read through the
     * engine's views or write with the lake's helpers ({@code duckdb} is one of the engine's trusted connections).
     */
    public static ModelContext of(Lake lake, DuckDbQueryEngine engine, Connection duckdb, Settings settings, Clock clock) {
        return new ModelContext(lake.catalog(), duckdb, settings, clock, Optional.empty(), Optional.of(lake), Optional.of(engine));
    }

    /** The lake, when the context was made from one ({@link #of}). */
    public Optional<Lake> lake() {
        return lake;
    }

    /** The query engine the context's connection belongs to, when the runner passed it. */
    public Optional<DuckDbQueryEngine> engine() {
        return engine;
    }

    public Catalog catalog() {
        return catalog;
    }

    public Connection duckdb() {
        return duckdb;
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Optional<Table> findTable(String name) {
        try {
            return Optional.of(catalog.loadTable(TableIdentifier.parse(name)));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    /** @throws UrbanFlowException when the table does not exist, saying which model needs it */
    public Table input(String name, String model) {
        return findTable(name).orElseThrow(() -> new UrbanFlowException(
                "Cannot build " + model + ": table " + name + " does not exist yet (ingest or load its data first, e.g. urbanflow demo)"));
    }

    /**
     * The table, created (with its namespace) when missing. An existing table whose schema lacks columns of
     * {@code schema} (the model gained columns) gets them, as optional columns, through Iceberg's schema update: its
     * rows read NULL for them until they are rewritten; the next full refresh fills them everywhere.
     *
     * @throws UrbanFlowException when a missing column is required: the existing rows have no value for it, so the
     *         table must be dropped and rebuilt in full
     */
    public Table createIfMissing(String name, Schema schema, PartitionSpec spec) {
        Optional<Table> existing = findTable(name);
        if (existing.isPresent()) {
            return withColumnsOf(existing.get(), name, schema);
        }
        TableIdentifier identifier = TableIdentifier.parse(name);
        if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(identifier.namespace())) {
            try {
                namespaces.createNamespace(identifier.namespace());
            } catch (AlreadyExistsException e) {
                // created concurrently: fine
            }
        }
        try {
            return catalog.createTable(identifier, schema, spec, Map.of("format-version", "2"));
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(identifier);
        }
    }

    /** {@code table} with the top-level columns of {@code declared} it lacks added (see {@link #createIfMissing}). */
    private Table withColumnsOf(Table table, String name, Schema declared) {
        List<Types.NestedField> missing = missingColumns(table, declared);
        if (missing.isEmpty()) {
            return table;
        }
        List<String> required = missing.stream().filter(Types.NestedField::isRequired).map(Types.NestedField::name).toList();
        if (!required.isEmpty()) {
            throw new UrbanFlowException("Cannot build " + name + ": its model adds the required column" + (required.size() == 1 ? " " : "s ")
                    + String.join(", ", required) + ", which the existing table lacks and its rows have no value for; drop the table"
                    + " and rebuild it in full (urbanflow pipeline run --select " + name + " --full-refresh), or declare the column optional");
        }
        try {
            UpdateSchema update = table.updateSchema();
            for (Types.NestedField column : missing) {
                update.addColumn(column.name(), column.type(), column.doc());
            }
            update.commit();
        } catch (CommitFailedException | IllegalArgumentException e) {
            // another run added them meanwhile: fine if they are there now
            table.refresh();
            if (!missingColumns(table, declared).isEmpty()) {
                throw new UrbanFlowException("Cannot add columns to " + name + ": " + e.getMessage(), e);
            }
        }
        table.refresh();
        return table;
    }

    private static List<Types.NestedField> missingColumns(Table table, Schema declared) {
        List<Types.NestedField> missing = new ArrayList<>();
        for (Types.NestedField column : declared.columns()) {
            if (table.schema().findField(column.name()) == null) {
                missing.add(column);
            }
        }
        return missing;
    }

    /**
     * The changes of {@code input} since {@code target} last processed it; a full rebuild when asked, when the target
     * has no record of the input, or when it was built with other options. With a {@link #window()}, the window is
     * added to the changed ranges.
     */
    public InputChanges changes(Table target, Table input, String timeColumn, String options, BuildMode mode) {
        target.refresh();
        Snapshot last = target.currentSnapshot();
        Map<String, String> summary = last == null ? Map.of() : last.summary();
        String processed = summary.get(INPUT_SNAPSHOT_PREFIX + qualifiedName(input));
        Long lastProcessed = mode == BuildMode.FULL || processed == null || !options.equals(summary.get(OPTIONS_KEY))
                ? null : Long.valueOf(processed);
        InputChanges changes = InputChanges.since(input, lastProcessed, timeColumn);
        if (window.isEmpty() || changes.full()) {
            return changes;
        }
        List<MicrosRange> ranges = new ArrayList<>(changes.changed());
        ranges.add(window.get());
        return new InputChanges(changes.snapshotId(), false, MicrosRange.merge(ranges));
    }

    /** The summary properties recording that {@code input} was processed up to {@code snapshotId} with {@code options}. */
    public static Map<String, String> stateSummary(Table input, long snapshotId, String options) {
        return Map.of(INPUT_SNAPSHOT_PREFIX + qualifiedName(input), Long.toString(snapshotId), OPTIONS_KEY, options);
    }

    /** {@code raw.gps_points} for a table the catalog names {@code catalog.raw.gps_points} or {@code raw.gps_points}. */
    static String qualifiedName(Table table) {
        String[] parts = table.name().split("\\.");
        return parts.length <= 2 ? table.name() : java.util.Arrays.stream(parts).skip(parts.length - 2L).collect(Collectors.joining("."));
    }
}
