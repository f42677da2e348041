package io.urbanflow.ingest;

import io.urbanflow.ingest.internal.RejectedMessages;
import io.urbanflow.lake.CommitOutcomeUnknownException;
import io.urbanflow.lake.CommitOutcomes;
import io.urbanflow.lake.Lake;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * The batch road into the lake: loads a file (or a generator's output) straight into the tables its records' topics
 * are bound to, through the same decoders as the ingest, without Kafka. A record's {@code kafka_partition} is -1 and
 * its {@code kafka_offset} its ordinal in the file.
 *
 * <p><b>Once per file.</b> A file is known by the SHA-256 of its bytes (a generator by its specification). Each
 * table's commit records it in the table's properties ({@value #LOADED_PREFIX}{@code HASH}), in the same Iceberg
 * transaction as the rows, where snapshot expiry cannot erase it. The rejected tables are committed first, the data
 * tables last; loading a file again skips every table that already records it, so a crash between two commits neither
 * loses nor doubles a row, and a file loaded twice adds nothing.
 *
 * <p>Not thread-safe: one loader per thread. Several processes may load into one lake; Iceberg's optimistic commits
 * serialise them.
 */
public final class FileLoader {
    /** Table property prefix marking a loaded file: {@code urbanflow.loaded.<sha-256>} = name, rows, time. */
    public static final String LOADED_PREFIX = "urbanflow.loaded.";
    private static final int MAX_ATTEMPTS = 20;

    private final Lake lake;
    private final Map<String, TopicBinding> bindings = new LinkedHashMap<>();
    private final Clock clock;

    /** @param bindings the topics a loaded record may carry, and where each lands */
    public FileLoader(Lake lake, List<TopicBinding> bindings, Clock clock) {
        this.lake = lake;
        bindings.forEach(binding -> this.bindings.put(binding.topic(), binding));
        this.clock = clock;
    }

    /** What one load did. Immutable. {@code skipped} is true when every table already held the file. */
    public record Result(String name, String fingerprint, long rows, long rejected, long badLines, boolean skipped) {
        /** {@code loaded=N rejected=M} or {@code skipped (already loaded)}. */
        public String summary() {
            return skipped ? "already loaded, skipped" : "loaded=" + rows + " rejected=" + rejected;
        }
    }

    /** The SHA-256 of a file's bytes, hex: the identity a load records. */
    public static String fingerprint(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // digest as it streams
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity of a text (a generator's specification). */
    public static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads each file of {@code path} (a file, a {@code .gz} or {@code .zip} file, or a folder, in reading order), each
     * identified by the SHA-256 of its bytes, so a file loaded before adds nothing; {@code onFile} receives each file's
     * result as it is committed.
     *
     * @throws UrbanFlowException as {@link Sources#inputs} and {@link #load} do
     */
    public void loadFiles(Sources sources, Path path, SourceOptions options, RejectSink lineRejects,
                          java.util.function.BiConsumer<Path, Result> onFile) {
        try (Sources.InputFiles inputs = sources.inputs(path, options)) {
            for (Sources.InputFile input : inputs.files()) {
                onFile.accept(input.path(), load(input.open(options), fingerprint(input.path()), lineRejects));
            }
        }
    }

    /**
     * Loads {@code source} unless every table it writes already records {@code fingerprint}.
     *
     * @param lineRejects where lines the source cannot read go (a quarantine file, or strict)
     * @throws UrbanFlowException when a record's topic is bound to no table, or the lake cannot be written
     */
    public Result load(RecordSource source, String fingerprint, RejectSink lineRejects) {
        List<TopicBinding> targets = new ArrayList<>();
        for (String topic : source.topics()) {
            TopicBinding binding = bindings.get(topic);
            if (binding == null) {
                throw new UrbanFlowException("Cannot load " + source.name() + ": its records are for topic " + topic
                        + ", which no registered domain binds to a table");
            }
            targets.add(binding);
        }
        String key = LOADED_PREFIX + fingerprint;
        Map<String, Table> tables = new LinkedHashMap<>();
        for (TopicBinding binding : targets) {
            tables.put(binding.rejected().name(), lake.create(binding.rejected()));
            tables.put(binding.table().name(), lake.create(binding.table()));
        }
        tables.values().forEach(Table::refresh);
        boolean allLoaded = targets.stream().allMatch(binding -> tables.get(binding.table().name()).properties().containsKey(key));
        if (allLoaded) {
            return new Result(source.name(), fingerprint, 0, 0, 0, true);
        }
        String prefix = "load-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, BatchWriter> writers = new LinkedHashMap<>();
        Map<String, RejectedMessages> rejects = new LinkedHashMap<>();
        ConsumedRecord consumed = new ConsumedRecord();
        long[] ordinal = {0};
        long ingestedAtMicros = clock.millis() * 1_000L;
        Instant rejectedAt = clock.instant();
        long badLines;
        try {
            badLines = source.read(record -> {
                TopicBinding binding = bindings.get(record.topic());
                if (binding == null) {
                    throw new UrbanFlowException("Cannot load " + source.name() + ": a record for topic " + record.topic()
                            + ", which no registered domain binds to a table");
                }
                long offset = ordinal[0]++;
                BatchWriter writer = writers.computeIfAbsent(binding.table().name(),
                        name -> binding.decoder().open(tables.get(name), prefix + "-" + writers.size()));
                String reason = record.value() == null ? "empty message (null value)"
                        : writer.write(consumed.set(record.topic(), -1, offset, record.key(), record.value(), null), ingestedAtMicros);
                if (reason != null) {
                    rejects.computeIfAbsent(binding.rejected().name(), name -> new RejectedMessages())
                            .add(record.topic(), -1, offset, record.value(), reason, rejectedAt);
                }
            }, lineRejects).rejected();
        } catch (RuntimeException e) {
            writers.values().forEach(BatchWriter::abort);
            throw e;
        }
        long rows = 0;
        long rejected = 0;
        String marker = source.name() + ";" + clock.instant();
        // rejects first, data last: a table that records the file is never written again
        for (Map.Entry<String, RejectedMessages> entry : rejects.entrySet()) {
            Table table = tables.get(entry.getKey());
            if (!table.properties().containsKey(key)) {
                commit(table, TableWrites.write(table, entry.getValue().rows()), key, marker + ";rows=" + entry.getValue().size());
                rejected += entry.getValue().size();
            }
        }
        for (Map.Entry<String, BatchWriter> entry : writers.entrySet()) {
            Table table = tables.get(entry.getKey());
            long tableRows = entry.getValue().rows();
            List<DataFile> files = entry.getValue().finish();
            if (table.properties().containsKey(key)) {
                TableWrites.deleteQuietly(table, files);
                continue;
            }
            commit(table, files, key, marker + ";rows=" + tableRows);
            rows += tableRows;
        }
        for (TopicBinding binding : targets) {
            Table table = tables.get(binding.table().name());
            if (!writers.containsKey(binding.table().name()) && !table.properties().containsKey(key)) {
                commit(table, List.of(), key, marker + ";rows=0"); // a file of rejects only is loaded too
            }
        }
        return new Result(source.name(), fingerprint, rows, rejected, badLines, false);
    }

    /** Appends the files and records the load in one transaction; a lost race that loaded the file too wins. */
    private void commit(Table table, List<DataFile> files, String key, String value) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            table.refresh();
            if (table.properties().containsKey(key)) {
                TableWrites.deleteQuietly(table, files);
                return;
            }
            Transaction transaction = table.newTransaction();
            AppendFiles append = transaction.newFastAppend();
            files.forEach(append::appendFile);
            append.set(key.replace(LOADED_PREFIX, "urbanflow.load."), value);
            append.commit();
            transaction.updateProperties().set(key, value).commit();
            try {
                transaction.commitTransaction();
                return;
            } catch (CommitFailedException e) {
                sleep(20L * attempt);
            } catch (RuntimeException e) {
                if (CommitOutcomes.certainlyNotCommitted(e)) {
                    TableWrites.deleteQuietly(table, files);
                    throw e;
                }
                // CommitStateUnknownException, a broken catalog connection: the load may be recorded
                if (recordedAfter(table, key, e)) {
                    return;
                }
                sleep(20L * attempt); // proven absent: try again
            }
        }
        TableWrites.deleteQuietly(table, files);
        throw new UrbanFlowException("Cannot load into " + table.name() + ": " + MAX_ATTEMPTS + " commits conflicted with other writers");
    }

    /**
     * Whether a transaction that failed with {@code error} recorded the load {@code key} after all; refreshes.
     *
     * @throws CommitOutcomeUnknownException deleting nothing, when the table cannot be read
     */
    private static boolean recordedAfter(Table table, String key, RuntimeException error) {
        RuntimeException lookup = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                table.refresh();
                return table.properties().containsKey(key);
            } catch (RuntimeException e) {
                lookup = e;
                sleep(100L * attempt * attempt);
            }
        }
        throw new CommitOutcomeUnknownException(table.name(), error, lookup);
    }

    /** The loads a table records: file name and time per fingerprint. */
    public static Map<String, String> loaded(Table table) {
        Map<String, String> loaded = new LinkedHashMap<>();
        table.properties().forEach((key, value) -> {
            if (key.startsWith(LOADED_PREFIX)) {
                loaded.put(key.substring(LOADED_PREFIX.length()), value);
            }
        });
        return loaded;
    }

    /** The load of {@code fingerprint} a table records, if any. */
    public static Optional<String> loaded(Table table, String fingerprint) {
        return Optional.ofNullable(table.properties().get(LOADED_PREFIX + fingerprint));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
