package io.urbanflow.cli;

import io.urbanflow.lake.Lake;
import io.urbanflow.lake.LakeConfig;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.orchestration.history.RunHistory;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.SupportsPrefixOperations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code urbanflow reset}: deletes what the pipeline wrote in the data dir — the lake (warehouse), the catalog, the
 * broker's data, the quarantine and the read cache — after asking. Keeps {@code urbanflow.properties} and the SQL
 * history. Refuses a folder that does not look like a data dir, and a broker data folder that a running broker holds.
 *
 * <p>A lake kept elsewhere (a catalog other than the data dir's {@code catalog.db}, such as PostgreSQL, or a
 * warehouse other than its {@code warehouse/}, such as an S3 bucket) is the lake the commands of this data dir use,
 * so reset empties it too: every table is dropped with its files (Iceberg's purge, then whatever else lies under the
 * table's location: files no snapshot referenced), and a catalog database elsewhere loses its run history.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Delete the data dir's lake (warehouse/), catalog (catalog.db), broker data (kafka/), quarantine"
                + " (quarantine/) and read cache (cache/), after asking; a lake kept elsewhere (--catalog-url,"
                + " --warehouse) loses every table, its files and its run history. Keeps urbanflow.properties.")
public final class ResetCommand implements Callable<Integer> {
    /** What a data dir holds that reset deletes, in the order it is listed. */
    static final List<String> ENTRIES = List.of("warehouse", "catalog.db", "catalog.db-wal", "catalog.db-shm",
            "catalog.db-journal", "kafka", "quarantine", "cache");
    /** Entries whose presence marks a folder as a data dir. */
    static final List<String> MARKERS = List.of("catalog.db", "warehouse", "kafka", "quarantine");

    @Option(names = {"--yes", "-y"}, description = "Do not ask; needed when there is no terminal to ask on.")
    private boolean yes;

    @Mixin
    private LakeOptions lakeOptions;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Path dataDir = UrbanFlowCommand.of(spec).dataDir();
        PrintWriter out = spec.commandLine().getOut();
        LakeConfig lake = lakeOptions.config(lakeOptions.settings(dataDir, Map.of()), dataDir);
        LakeConfig local = LakeConfig.defaults(dataDir);
        boolean catalogElsewhere = !lake.catalogUrl().equals(local.catalogUrl());
        boolean lakeElsewhere = catalogElsewhere || !lake.warehouse().equals(local.warehouse());
        List<Path> targets = new ArrayList<>(Files.isDirectory(dataDir) ? targets(dataDir) : List.of());
        Path cache = dataDir.resolve("cache");
        if (lakeElsewhere && !targets.contains(cache) && Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) {
            targets.add(cache); // local copies of the lake's files, which go with it
        }
        if (targets.isEmpty() && !lakeElsewhere) {
            if (!Files.isDirectory(dataDir)) {
                out.println("Nothing to reset: " + dataDir + " does not exist.");
                out.flush();
                return 0;
            }
            throw new UrbanFlowException("Cannot reset " + dataDir + ": it does not look like an UrbanFlow data dir (no "
                    + String.join(", ", MARKERS) + "); check --data-dir");
        }
        ensureNoBrokerRunning(dataDir.resolve("kafka"));
        String elsewhere = "every table of the lake in " + lake.catalogUrl() + " with its files in " + lake.warehouse()
                + (catalogElsewhere ? ", and its run history" : "");
        String listing = describe(targets);
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                throw new UrbanFlowException("Cannot reset " + dataDir + " without confirmation: there is no terminal to"
                        + " ask on; run again with --yes");
            }
            String question = lakeElsewhere ? "Delete " + elsewhere + (targets.isEmpty() ? "" : "; and " + listing + " in " + dataDir) + "? [y/N] "
                    : "Delete " + listing + " in " + dataDir + "? [y/N] ";
            String answer = console.readLine("%s", question);
            if (answer == null || !List.of("y", "yes").contains(answer.trim().toLowerCase(Locale.ROOT))) {
                out.println("Nothing deleted.");
                out.flush();
                return 0;
            }
        }
        // a data dir's catalog.db that does not exist has no tables to drop (and opening it would create one)
        if (lakeElsewhere && (catalogElsewhere || Files.exists(dataDir.resolve("catalog.db")))) {
            int dropped = dropTables(lake);
            if (catalogElsewhere) {
                try (RunHistory history = RunHistory.open(lake)) {
                    history.clear();
                }
            }
            out.println("Dropped " + dropped + (dropped == 1 ? " table" : " tables") + " of the lake in " + lake.catalogUrl()
                    + " with their files in " + lake.warehouse() + (catalogElsewhere ? ", and cleared its run history." : "."));
        }
        for (Path target : targets) {
            delete(target);
        }
        if (!targets.isEmpty()) {
            out.println("Deleted " + listing + " in " + dataDir + ".");
        }
        out.flush();
        return 0;
    }

    /**
     * Drops every table of the lake with its files: Iceberg's purge deletes what the table's metadata references,
     * then everything else under the table's location (files of commits that never happened) goes too.
     *
     * @return how many tables were dropped
     */
    static int dropTables(LakeConfig config) {
        try (Lake lake = Lake.open(config)) {
            int dropped = 0;
            for (TableIdentifier identifier : lake.tables()) {
                Table table = lake.catalog().loadTable(identifier);
                String location = table.location().replaceAll("/+$", "") + "/";
                FileIO io = table.io();
                if (lake.catalog().dropTable(identifier, true)) {
                    dropped++;
                }
                if (io instanceof SupportsPrefixOperations prefixes) {
                    prefixes.deletePrefix(location);
                }
            }
            return dropped;
        }
    }

    /** The entries of {@link #ENTRIES} present in the data dir; empty when none of the {@link #MARKERS} is there. */
    static List<Path> targets(Path dataDir) {
        boolean looksLikeDataDir = MARKERS.stream().anyMatch(name -> Files.exists(dataDir.resolve(name), LinkOption.NOFOLLOW_LINKS));
        List<Path> targets = new ArrayList<>();
        if (looksLikeDataDir) {
            for (String name : ENTRIES) {
                Path entry = dataDir.resolve(name);
                if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                    targets.add(entry);
                }
            }
        }
        return targets;
    }

    private static String describe(List<Path> targets) {
        List<String> names = new ArrayList<>();
        for (Path target : targets) {
            String name = target.getFileName().toString();
            if (name.startsWith("catalog.db-")) {
                continue; // SQLite's side files go with the catalog
            }
            String label = switch (name) {
                case "warehouse" -> "the lake (warehouse/)";
                case "catalog.db" -> "the catalog (catalog.db)";
                case "kafka" -> "the broker data (kafka/)";
                case "quarantine" -> "the quarantine (quarantine/)";
                case "cache" -> "the read cache (cache/)";
                default -> name;
            };
            names.add(label);
        }
        if (names.isEmpty()) {
            return "the catalog's side files";
        }
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Kafka holds a file lock on {@code .lock} in each log dir while it runs: deleting under it would corrupt it. */
    private static void ensureNoBrokerRunning(Path kafka) {
        if (!Files.isDirectory(kafka, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> locks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(kafka, 3)) {
            files.filter(path -> path.getFileName().toString().equals(".lock")).forEach(locks::add);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot reset: cannot read " + kafka + ": " + e.getMessage(), e);
        }
        for (Path lock : locks) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
                FileLock held = channel.tryLock();
                if (held == null) {
                    throw brokerRunning(kafka);
                }
                held.release();
            } catch (OverlappingFileLockException e) {
                throw brokerRunning(kafka);
            } catch (IOException e) {
                // an unreadable lock file is no running broker's
            }
        }
    }

    private static UrbanFlowException brokerRunning(Path kafka) {
        return new UrbanFlowException("Cannot reset: a broker is running on " + kafka + "; stop it first");
    }

    /** Deletes a file, or a folder with everything in it; symbolic links are removed, never followed. */
    static void delete(Path target) {
        try {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(target);
                return;
            }
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException error) throws IOException {
                    if (error != null) {
                        throw error;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot delete " + target + ": " + e.getMessage(), e);
        }
    }
}
