package io.urbanflow.query.internal;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.query.SnapshotSelector;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Keeps one DuckDB view per Iceberg table of a catalog ({@code raw.gps_points} reads Iceberg table
 * {@code raw.gps_points}) in one DuckDB database, each at the snapshot a {@link SnapshotSelector} picks.
 * {@link #sync} is cheap when nothing changed: it lists the catalog's tables, refreshes their metadata pointers,
 * and rewrites only the views whose snapshot or schema moved. A table whose view cannot be built (delete files,
 * remote storage) is remembered with the reason, which {@link #failureFor} gives to queries that name it.
 *
 * <p>Thread-safe: calls are serialised.
 */
public final class LakeViews {
    private final Catalog catalog;
    private final Connection admin;
    private final Map<TableIdentifier, Table> tables = new HashMap<>();
    /** View name to the (snapshot id / schema id) it shows. */
    private final Map<String, String> shown = new HashMap<>();
    private final Set<String> schemas = new TreeSet<>();
    private final Map<String, String> failures = new TreeMap<>();
    /** The cached local copies each view of an object-store table reads: a view whose copy was evicted is rebuilt. */
    private final Map<String, List<String>> copies = new HashMap<>();
    private List<String> names = List.of();

    public LakeViews(Catalog catalog, Connection admin) {
        this.catalog = catalog;
        this.admin = admin;
    }

    /**
     * Brings the views to the snapshots {@code selector} picks; returns the tables' names, sorted.
     *
     * @throws UrbanFlowException when the selected snapshot id is in no table
     */
    public synchronized List<String> sync(SnapshotSelector selector) {
        return sync(selector, name -> true);
    }

    /**
     * As {@link #sync(SnapshotSelector)}, but the view of a table in an object store read through the local cache is
     * built only when {@code needed} says so (a query names it): building it caches all its files.
     */
    public synchronized List<String> sync(SnapshotSelector selector, java.util.function.Predicate<String> needed) {
        Map<String, Table> current = loadTables();
        Map<String, Snapshot> selected = select(current, selector);
        Map<String, String> wanted = new LinkedHashMap<>();
        failures.clear();
        for (Map.Entry<String, Table> entry : current.entrySet()) {
            String name = entry.getKey();
            Table table = entry.getValue();
            Snapshot snapshot = selected.get(name);
            Schema schema = snapshot == null || selector.isCurrent() ? table.schema() : IcebergViewSql.schemaAt(table, snapshot);
            String key = (snapshot == null ? "none" : Long.toString(snapshot.snapshotId())) + "/" + schema.schemaId();
            wanted.put(name, key);
            if (key.equals(shown.get(name)) && allCopiesPresent(name)) {
                continue;
            }
            if (!io.urbanflow.lake.LocalCopies.isLocal(table.location()) && !io.urbanflow.query.DuckDbFiles.httpfs()
                    && !needed.test(name)) {
                if (shown.containsKey(name)) {
                    wanted.put(name, shown.get(name)); // an older view, rebuilt when a query needs it
                }
                continue;
            }
            try {
                List<String> read = new ArrayList<>();
                String select = IcebergViewSql.select(name, table, snapshot, schema, read);
                createView(name, select);
                shown.put(name, key);
                if (io.urbanflow.lake.LocalCopies.isLocal(table.location()) || io.urbanflow.query.DuckDbFiles.httpfs()) {
                    copies.remove(name);
                } else {
                    copies.put(name, List.copyOf(read));
                }
            } catch (UrbanFlowException e) {
                dropView(name);
                shown.remove(name);
                failures.put(name, e.getMessage());
            }
        }
        for (String gone : new ArrayList<>(shown.keySet())) {
            if (!wanted.containsKey(gone)) {
                dropView(gone);
                shown.remove(gone);
            }
        }
        names = List.copyOf(new TreeSet<>(current.keySet()));
        return names;
    }

    private boolean allCopiesPresent(String name) {
        List<String> read = copies.get(name);
        if (read == null) {
            return true;
        }
        for (String path : read) {
            if (!java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
                return false;
            }
        }
        return true;
    }

    /** The tables' names as of the last {@link #sync}. */
    public synchronized List<String> names() {
        return names;
    }

    /** Why the view of a table named in {@code sql} could not be built at the last sync, if it could not. */
    public synchronized String failureFor(String sql) {
        for (Map.Entry<String, String> failure : failures.entrySet()) {
            if (mentions(sql, failure.getKey())) {
                return failure.getValue();
            }
        }
        return null;
    }

    /** True when {@code sql} names the table {@code schema.view} (by its view name, as a word). */
    public static boolean mentions(String sql, String name) {
        String view = name.substring(name.lastIndexOf('.') + 1);
        Pattern named = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(view) + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);
        return named.matcher(sql).find();
    }

    private Map<String, Table> loadTables() {
        Map<String, Table> loaded = new TreeMap<>();
        Set<TableIdentifier> seen = new java.util.HashSet<>();
        for (Namespace namespace : namespaces()) {
            List<TableIdentifier> identifiers;
            try {
                identifiers = catalog.listTables(namespace);
            } catch (NoSuchNamespaceException e) {
                continue;
            }
            for (TableIdentifier identifier : identifiers) {
                Table table = tables.get(identifier);
                try {
                    if (table == null) {
                        table = catalog.loadTable(identifier);
                        tables.put(identifier, table);
                    } else {
                        table.refresh();
                    }
                } catch (NoSuchTableException e) {
                    tables.remove(identifier); // dropped between listing and loading
                    continue;
                }
                seen.add(identifier);
                loaded.put(nameOf(identifier), table);
            }
        }
        tables.keySet().retainAll(seen);
        return loaded;
    }

    private List<Namespace> namespaces() {
        if (!(catalog instanceof SupportsNamespaces supportsNamespaces)) {
            return List.of(Namespace.empty());
        }
        List<Namespace> all = new ArrayList<>();
        List<Namespace> pending = new ArrayList<>(supportsNamespaces.listNamespaces());
        while (!pending.isEmpty()) {
            Namespace namespace = pending.remove(pending.size() - 1);
            all.add(namespace);
            try {
                pending.addAll(supportsNamespaces.listNamespaces(namespace));
            } catch (NoSuchNamespaceException | UnsupportedOperationException e) {
                // a leaf, or a catalog without nested namespaces
            }
        }
        return all;
    }

    /** {@code raw.gps_points}; nested namespaces join with "_" into one DuckDB schema. */
    public static String nameOf(TableIdentifier identifier) {
        String schema = String.join("_", identifier.namespace().levels());
        return schema.isEmpty() ? "main." + identifier.name() : schema + "." + identifier.name();
    }

    private static Map<String, Snapshot> select(Map<String, Table> tables, SnapshotSelector selector) {
        Map<String, Snapshot> selected = new HashMap<>();
        if (selector.isCurrent()) {
            tables.forEach((name, table) -> selected.put(name, table.currentSnapshot()));
            return selected;
        }
        long asOfMillis;
        if (selector.snapshotId() != null) {
            long id = selector.snapshotId();
            String owner = null;
            for (Map.Entry<String, Table> entry : tables.entrySet()) {
                if (entry.getValue().snapshot(id) != null) {
                    owner = entry.getKey();
                }
            }
            if (owner == null) {
                throw new UrbanFlowException("Cannot find snapshot " + id + " in any lake table (urbanflow tables shows"
                        + " each table's current snapshot)");
            }
            Snapshot snapshot = tables.get(owner).snapshot(id);
            selected.put(owner, snapshot);
            asOfMillis = snapshot.timestampMillis();
        } else {
            asOfMillis = selector.asOf().toEpochMilli();
        }
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            if (!selected.containsKey(entry.getKey())) {
                Long id = SnapshotUtil.nullableSnapshotIdAsOfTime(entry.getValue(), asOfMillis);
                selected.put(entry.getKey(), id == null ? null : entry.getValue().snapshot(id));
            }
        }
        return selected;
    }

    private void createView(String name, String select) {
        String schema = name.substring(0, name.indexOf('.'));
        String view = name.substring(name.indexOf('.') + 1);
        try (Statement statement = admin.createStatement()) {
            if (schemas.add(schema)) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + SqlText.identifier(schema));
            }
            statement.execute("CREATE OR REPLACE VIEW " + SqlText.identifier(schema) + "." + SqlText.identifier(view) + " AS " + select);
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot read table " + name + " with DuckDB: " + QueryErrors.oneLine(e.getMessage()), e);
        }
    }

    private void dropView(String name) {
        String schema = name.substring(0, name.indexOf('.'));
        String view = name.substring(name.indexOf('.') + 1);
        try (Statement statement = admin.createStatement()) {
            statement.execute("DROP VIEW IF EXISTS " + SqlText.identifier(schema) + "." + SqlText.identifier(view));
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot drop view " + name + ": " + QueryErrors.oneLine(e.getMessage()), e);
        }
    }
}
