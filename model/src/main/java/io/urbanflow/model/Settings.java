package io.urbanflow.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration values by key ({@code ingest.commit-interval}), merged from, lowest precedence first: a
 * properties file, environment variables ({@code URBANFLOW_INGEST_COMMIT_INTERVAL}) and command-line flags.
 * Each module's config record reads its keys from here with its defaults beside them. Immutable.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values);
    }

    /**
     * Merges a properties file (absent is fine), the environment and explicit overrides.
     *
     * @throws UrbanFlowException when the file exists but cannot be read
     */
    public static Settings load(Path propertiesFile, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>();
        if (propertiesFile != null && Files.isRegularFile(propertiesFile)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UrbanFlowException("Cannot read config file " + propertiesFile + ": " + e.getMessage(), e);
            }
            properties.stringPropertyNames().forEach(key -> merged.put(key, properties.getProperty(key).trim()));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("URBANFLOW_")) {
                merged.put(keyOfEnvironmentVariable(name), value);
            }
        });
        merged.putAll(overrides);
        return new Settings(merged);
    }

    /** {@code ingest.commit-interval} is {@code URBANFLOW_INGEST_COMMIT_INTERVAL}. */
    public static String environmentVariable(String key) {
        return "URBANFLOW_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The inverse of {@link #environmentVariable}: the first underscore separates the module, the rest are dashes.
     */
    static String keyOfEnvironmentVariable(String name) {
        String rest = name.substring("URBANFLOW_".length()).toLowerCase(Locale.ROOT);
        int dot = rest.indexOf('_');
        return dot < 0 ? rest : rest.substring(0, dot) + "." + rest.substring(dot + 1).replace('_', '-');
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(copy);
    }

    public Map<String, String> asMap() {
        return values;
    }

    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public int integer(String key, int defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number");
        }
    }

    public double decimal(String key, double defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a number");
        }
    }

    public Duration duration(String key, Duration defaultValue) {
        String value = values.get(key);
        return value == null ? defaultValue : parseDuration(key, value);
    }

    /**
     * Parses {@code 250ms}, {@code 1s}, {@code 15m}, {@code 2h}, {@code 1d}, or an ISO-8601 duration ({@code PT1S}).
     *
     * @throws UrbanFlowException naming the key when the text is none of these
     */
    public static Duration parseDuration(String key, String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            switch (value.charAt(value.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                case 'd': return Duration.ofDays(amount);
                default: break;
            }
        } catch (RuntimeException e) {
            // falls through to the one error message below
        }
        throw invalid(key, text, "a duration such as 500ms, 1s, 15m, 2h");
    }

    private static UrbanFlowException invalid(String key, String value, String expected) {
        return new UrbanFlowException("Cannot read setting " + key + "='" + value + "': expected " + expected);
    }
}
