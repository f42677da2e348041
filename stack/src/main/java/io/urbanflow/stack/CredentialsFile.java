package io.urbanflow.stack;

import io.urbanflow.model.UrbanFlowException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A properties file of credentials that only its owner may read or write ({@code rw-------}): written whole to a
 * temporary file created with those permissions, then moved into place, so that no other user ever sees a partial
 * or readable copy. Stateless.
 */
public final class CredentialsFile {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialsFile() {
    }

    /** A fresh random secret: 32 hex digits (128 bits). */
    public static String newSecret() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * Writes {@code values} to {@code file}, replacing it, readable by its owner only.
     *
     * @throws UrbanFlowException when the file cannot be written
     */
    public static void write(Path file, String comment, Map<String, String> values) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temporary);
            }
            Properties properties = new Properties();
            properties.putAll(new TreeMap<>(values));
            try (Writer writer = Files.newBufferedWriter(temporary)) {
                properties.store(writer, comment);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot write credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's values, or an empty map when it does not exist.
     *
     * @throws UrbanFlowException when it exists but cannot be read
     */
    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).trim()));
        return values;
    }
}
