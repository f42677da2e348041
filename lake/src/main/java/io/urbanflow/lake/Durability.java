package io.urbanflow.lake;

import io.urbanflow.model.UrbanFlowException;
import java.util.Locale;

/**
 * What a commit the lake reported done survives ({@code lake.durability}).
 * <ul>
 *   <li>{@link #POWER_LOSS} (the default): every file a commit references — data files, manifests, manifest lists,
 *       table metadata — is fsynced, with its directory entries, before the commit, and the SQLite catalog commits
 *       with {@code synchronous=FULL}: a power cut or kernel crash right after a commit keeps it.</li>
 *   <li>{@link #PROCESS_CRASH}: files are left to the page cache and SQLite commits with {@code synchronous=NORMAL}
 *       (write-ahead log): a killed process keeps every commit, a power cut may lose the last commits or leave a
 *       table whose newest metadata points at files that never reached the disk.</li>
 * </ul>
 */
public enum Durability {
    POWER_LOSS,
    PROCESS_CRASH;

    /** {@code power-loss}, {@code process-crash}: the setting's value. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @throws UrbanFlowException naming {@code setting} when the text is neither value
     */
    public static Durability parse(String setting, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        for (Durability durability : values()) {
            if (durability.key().equals(value)) {
                return durability;
            }
        }
        throw new UrbanFlowException("Cannot read setting " + setting + "='" + text + "': expected power-loss or process-crash");
    }
}
