package io.urbanflow.cli;

import io.urbanflow.stack.LocalPostgres;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code urbanflow postgres}: a private PostgreSQL server for the lake's catalog, in the foreground. */
@Command(name = "postgres", mixinStandardHelpOptions = true,
        description = {
            "Run a private PostgreSQL server for the lake's catalog in the foreground on 127.0.0.1 (no Docker, nothing to "
                    + "install: the server binaries come as a Maven artifact), its data under DATA/postgres (kept across restarts).",
            "The first start creates the database and role urbanflow with a generated password, written with the JDBC URL "
                    + "to DATA/postgres/credentials.properties, readable by you only. Prints jdbc-url=... and credentials=...; "
                    + "use them as --catalog-url URL --catalog-credentials FILE. Ctrl-C or SIGTERM stops it cleanly."})
final class PostgresCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default: the port of the last start, else a free one; never assumed to be 5432).")
    private int port;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Path dir = UrbanFlowCommand.of(spec).dataDir().resolve("postgres");
        LocalPostgres postgres = LocalPostgres.start(dir, port);
        PrintWriter out = spec.commandLine().getOut();
        out.println("jdbc-url=" + postgres.jdbcUrl());
        out.println("credentials=" + postgres.credentialsFile());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("PostgreSQL running, data in " + dir + "; Ctrl-C stops it. Use it with:");
        err.println("  urbanflow ingest --catalog-url " + postgres.jdbcUrl() + " --catalog-credentials " + postgres.credentialsFile());
        err.flush();
        Foreground.runUntilStopped(postgres, err, "PostgreSQL stopped.");
        return 0;
    }
}
