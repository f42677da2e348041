package io.urbanflow.lake;

import io.urbanflow.lake.internal.LocalFileIO;
import io.urbanflow.lake.internal.Storage;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.jdbc.JdbcClientPool;

/**
 * An open lake: the Iceberg JdbcCatalog (SQLite file by default) with the namespaces {@code raw}, {@code stage},
 * {@code mart}; raw tables are created as the domains declare them ({@link #create(RawTable)}). Several processes may
 * open the same lake at once; Iceberg commits are optimistic, and SQLite waits for its lock (busy timeout, write-ahead
 * log) instead of failing.
 *
 * <p>Thread-safe: the catalog and tables it returns may be used from several threads. Close it to release the
 * catalog's connections.
 */
public final class Lake implements AutoCloseable {
    /** The catalog's name; DuckDB and logs show it. */
    public static final String CATALOG_NAME = "urbanflow";
    public static final String RAW = "raw";
    public static final String STAGE = "stage";
    public static final String MART = "mart";
    /** The namespaces {@link #open} creates: the layers every lake has. */
    public static final List<String> NAMESPACES = List.of(RAW, STAGE, MART);
    /** How long a SQLite connection waits for another process's lock before failing. */
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 60_000;

    private final LakeConfig config;
    private final JdbcCatalog catalog;

    private Lake(LakeConfig config, JdbcCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    /**
     * Opens (and on first use creates) the catalog and the namespaces.
     *
     * @throws UrbanFlowException when the catalog database or the warehouse cannot be reached or created
     */
    public static Lake open(LakeConfig config) {
        Map<String, String> properties = catalogProperties(config);
        Storage.prepare(config.warehouse(), properties);
        RuntimeException last = null;
        // Two processes opening a fresh SQLite catalog race to create Iceberg's catalog tables; the loser retries.
        for (int attempt = 0; attempt < 5; attempt++) {
            JdbcCatalog catalog = new JdbcCatalog(
                    props -> Storage.fileIo(config.warehouse(), props),
                    props -> new JdbcClientPool(props.get(CatalogProperties.URI), props),
                    true);
            catalog.setConf(Storage.hadoopConfiguration());
            try {
                catalog.initialize(CATALOG_NAME, properties);
                Lake lake = new Lake(config, catalog);
                lake.createNamespaces();
                return lake;
            } catch (UrbanFlowException e) {
                closeQuietly(catalog);
                throw e;
            } catch (RuntimeException e) {
                closeQuietly(catalog);
                last = e;
                if (!config.isSqlite()) {
                    break; // a server database refusing or absent does not change within a second
                }
                sleepQuietly(100L * (attempt + 1));
            }
        }
        throw new UrbanFlowException("Cannot open lake catalog " + config.catalogUrl() + ": " + rootMessage(last)
                + advice(config, rootMessage(last)), last);
    }

    /** What to fix, for the failures a user meets: a wrong password, no server, no database. */
    static String advice(LakeConfig config, String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("password authentication failed") || lower.contains("no password was provided")
                || lower.contains("role") && lower.contains("does not exist")) {
            return "; check " + LakeConfig.JDBC_USER + " and " + LakeConfig.JDBC_PASSWORD + " (--catalog-credentials FILE, "
                    + "URBANFLOW_LAKE_JDBC_USER/URBANFLOW_LAKE_JDBC_PASSWORD)";
        }
        if (lower.contains("connection refused") || lower.contains("connection attempt failed")
                || lower.contains("unknownhost") || lower.contains("timed out")) {
            return "; no database server answered: check " + LakeConfig.CATALOG_URL + " (--catalog-url)"
                    + (config.isPostgres() ? " or start one with: urbanflow postgres" : "");
        }
        if (lower.contains("database") && lower.contains("does not exist")) {
            return "; create the database or fix " + LakeConfig.CATALOG_URL + " (--catalog-url)";
        }
        return "";
    }

    /**
     * The properties another engine's Iceberg JdbcCatalog (Spark's {@code SparkCatalog} with {@code type=jdbc}) needs
     * to open this same catalog: URI, warehouse, the JDBC settings {@link #open} uses, and the FileIO class of the
     * warehouse. Open it under the name {@value #CATALOG_NAME}: the JdbcCatalog keys its tables by catalog name.
     */
    public static Map<String, String> engineCatalogProperties(LakeConfig config) {
        Map<String, String> properties = catalogProperties(config);
        if (!properties.containsKey(CatalogProperties.FILE_IO_IMPL)) {
            try (org.apache.iceberg.io.FileIO io = Storage.fileIo(config.warehouse(), properties)) {
                properties.put(CatalogProperties.FILE_IO_IMPL, io.getClass().getName());
            }
        }
        return properties;
    }

    static Map<String, String> catalogProperties(LakeConfig config) {
        Map<String, String> properties = new HashMap<>();
        properties.put(CatalogProperties.URI, config.catalogUrl());
        properties.put(CatalogProperties.WAREHOUSE_LOCATION, config.warehouse());
        properties.put("jdbc.schema-version", "V1");
        // read by LocalFileIO: fsync every file Iceberg writes (and its directory entries) before it is committed
        properties.put(LocalFileIO.FSYNC_PROPERTY, Boolean.toString(config.durability() == Durability.POWER_LOSS));
        if (config.isSqlite()) {
            createSqliteFolder(config);
            // Passed to the SQLite driver as connection properties (the "jdbc." prefix is stripped by Iceberg).
            properties.put("jdbc.busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MILLIS));
            properties.put("jdbc.journal_mode", "WAL");
            // WAL with FULL syncs the log at every commit: a commit survives a power cut. NORMAL syncs only at
            // checkpoints: the database stays consistent, but the last commits may roll back after a power cut.
            properties.put("jdbc.synchronous", config.durability() == Durability.POWER_LOSS ? "FULL" : "NORMAL");
        }
        properties.putAll(config.catalogProperties());
        return properties;
    }

    private static void createSqliteFolder(LakeConfig config) {
        Optional<Path> file = config.sqliteFile();
        if (file.isEmpty()) {
            return;
        }
        Path parent = file.get().toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot create catalog folder " + parent + ": " + e.getMessage(), e);
        }
    }

    public LakeConfig config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * The table named {@code namespace.name}, e.g. {@code raw.gps_points}, at its current snapshot.
     *
     * @throws UrbanFlowException listing the known tables when there is no such table
     */
    public Table table(String qualifiedName) {
        return findTable(qualifiedName).orElseThrow(() -> new UrbanFlowException("Cannot find table " + qualifiedName
                + ": known tables are " + tables().stream().map(TableIdentifier::toString).collect(Collectors.joining(", "))));
    }

    public Optional<Table> findTable(String qualifiedName) {
        try {
            return Optional.of(catalog.loadTable(identifier(qualifiedName)));
        } catch (NoSuchTableException e) {
            return Optional.empty();
        }
    }

    /** Every table of every namespace, sorted by name. */
    public List<TableIdentifier> tables() {
        List<TableIdentifier> tables = new ArrayList<>();
        for (Namespace namespace : catalog.listNamespaces()) {
            tables.addAll(catalog.listTables(namespace));
        }
        tables.sort((a, b) -> a.toString().compareTo(b.toString()));
        return tables;
    }

    /** Creates a raw table with its properties unless it exists; returns it either way. Safe when processes race. */
    public Table create(RawTable table) {
        return createIfMissing(table.name(), table.schema(), table.spec(), table.properties());
    }

    /** Creates the table with default properties unless it exists; returns it either way (its schema unchanged). */
    public Table createIfMissing(String qualifiedName, Schema schema, PartitionSpec spec) {
        return createIfMissing(qualifiedName, schema, spec, Map.of(
                org.apache.iceberg.TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                org.apache.iceberg.TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
                org.apache.iceberg.TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20"));
    }

    /** As {@link #createIfMissing(String, Schema, PartitionSpec)} with table properties for a new table. */
    public Table createIfMissing(String qualifiedName, Schema schema, PartitionSpec spec, Map<String, String> properties) {
        TableIdentifier identifier = identifier(qualifiedName);
        Optional<Table> existing = findTable(qualifiedName);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return catalog.buildTable(identifier, schema).withPartitionSpec(spec).withProperties(properties).create();
        } catch (AlreadyExistsException e) {
            return catalog.loadTable(identifier); // another process created it in between
        }
    }

    /**
     * Parses {@code namespace.name}.
     *
     * @throws UrbanFlowException when the name has no namespace
     */
    public static TableIdentifier identifier(String qualifiedName) {
        TableIdentifier identifier = TableIdentifier.parse(qualifiedName.trim());
        if (!identifier.hasNamespace()) {
            throw new UrbanFlowException("Cannot use table name '" + qualifiedName + "': expected namespace.table, e.g. raw.gps_points");
        }
        return identifier;
    }

    /** The namespaces' names: for tests. */
    List<String> namespacesForTest() {
        return catalog.listNamespaces().stream().map(Namespace::toString).toList();
    }

    private void createNamespaces() {
        for (String name : NAMESPACES) {
            Namespace namespace = Namespace.of(name);
            if (!catalog.namespaceExists(namespace)) {
                try {
                    catalog.createNamespace(namespace, Map.of());
                } catch (AlreadyExistsException e) {
                    // created by another process in between
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(catalog);
    }

    private static void closeQuietly(JdbcCatalog catalog) {
        try {
            catalog.close();
        } catch (RuntimeException e) {
            // nothing left to release
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
