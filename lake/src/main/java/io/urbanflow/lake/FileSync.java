package io.urbanflow.lake;

import io.urbanflow.lake.internal.LocalFileIO;
import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.apache.iceberg.Table;

/**
 * Makes files written beside Iceberg's FileIO (by DuckDB's {@code COPY}, for instance) as durable as the files the
 * lake writes itself: with {@link Durability#POWER_LOSS} each is fsynced, then its directory entry and those of the
 * directories above it. Call it after the files are complete and before the commit that references them.
 * Stateless and thread-safe.
 */
public final class FileSync {
    private FileSync() {
    }

    /** How many files and directories this process has fsynced so far (the lake's own writes included). */
    public static long count() {
        return LocalFileIO.syncCount();
    }

    /** Whether the table's storage syncs the files written for it ({@code lake.durability=power-loss}, local disk). */
    public static boolean enabled(Table table) {
        return table.io() instanceof LocalFileIO io && io.syncs();
    }

    /**
     * Syncs {@code files} of {@code table} when {@link #enabled}.
     *
     * @throws UrbanFlowException when a file cannot be synced
     */
    public static void sync(Table table, Collection<Path> files) {
        if (!enabled(table)) {
            return;
        }
        for (Path file : files) {
            try {
                LocalFileIO.syncFileAndEntries(file);
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot sync " + file + " to disk: " + e.getMessage(), e);
            }
        }
    }
}
