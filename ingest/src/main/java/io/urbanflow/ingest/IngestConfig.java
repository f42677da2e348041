package io.urbanflow.ingest;

import io.urbanflow.model.Settings;
import io.urbanflow.model.UrbanFlowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settings of {@code urbanflow ingest}. Immutable; validated on construction.
 *
 * <p>Keys, with their defaults:
 * <ul>
 *   <li>{@code ingest.bootstrap-servers} — {@code 127.0.0.1:9092}</li>
 *   <li>{@code ingest.topics} — none: every topic the registered domains bind; a comma-separated list narrows it</li>
 *   <li>{@code ingest.group} — {@code urbanflow-ingest}: the consumer group; processes of one group share the
 *       topic's partitions</li>
 *   <li>{@code ingest.commit-interval} — {@code 1s}: the longest time consumed messages wait for their commit</li>
 *   <li>{@code ingest.commit-rows} — {@code 1000000}: commit earlier when a batch has this many messages</li>
 *   <li>{@code ingest.until-idle} — none: stop after this long without new messages</li>
 *   <li>{@code ingest.max-poll-records} — {@code 10000}: messages per Kafka poll</li>
 *   <li>{@code ingest.session-timeout} — {@code 10s}: how soon the group gives a dead process's partitions to another</li>
 *   <li>{@code ingest.instance-id} — none: a static group member id, so a restarted process gets its partitions
 *       back at once</li>
 *   <li>{@code ingest.snapshot-retention} — {@code 1h}: older snapshots of the raw tables are expired (their
 *       rows stay; time travel before that is gone), except the last 10 and those that models' states point to</li>
 *   <li>{@code ingest.reset-offsets} — {@code none}: what to do when the offsets stored in the lake lie outside a
 *       partition's log ({@link OffsetReset}); by default the ingest stops and says so</li>
 * </ul>
 *
 * @param untilIdle  null to run until stopped
 * @param instanceId null for dynamic group membership
 */
public record IngestConfig(String bootstrapServers, List<String> topics, String group, Duration commitInterval, long commitRows,
        Duration untilIdle, int maxPollRecords, Duration sessionTimeout, String instanceId, Duration snapshotRetention,
        OffsetReset resetOffsets) {
    public static final String BOOTSTRAP_SERVERS = "ingest.bootstrap-servers";
    public static final String TOPICS = "ingest.topics";
    public static final String GROUP = "ingest.group";
    public static final String COMMIT_INTERVAL = "ingest.commit-interval";
    public static final String COMMIT_ROWS = "ingest.commit-rows";
    public static final String UNTIL_IDLE = "ingest.until-idle";
    public static final String MAX_POLL_RECORDS = "ingest.max-poll-records";
    public static final String SESSION_TIMEOUT = "ingest.session-timeout";
    public static final String INSTANCE_ID = "ingest.instance-id";
    public static final String SNAPSHOT_RETENTION = "ingest.snapshot-retention";
    public static final String RESET_OFFSETS = "ingest.reset-offsets";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final String DEFAULT_GROUP = "urbanflow-ingest";
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    public static final long DEFAULT_COMMIT_ROWS = 1_000_000;
    public static final int DEFAULT_MAX_POLL_RECORDS = 10_000;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SNAPSHOT_RETENTION = Duration.ofHours(1);

    public IngestConfig {
        require(bootstrapServers != null && !bootstrapServers.isBlank(), BOOTSTRAP_SERVERS, bootstrapServers, "host:port");
        topics = topics == null ? List.of() : List.copyOf(topics);
        resetOffsets = resetOffsets == null ? OffsetReset.NONE : resetOffsets;
        require(group != null && !group.isBlank(), GROUP, group, "a group name");
        require(commitInterval != null && commitInterval.toMillis() > 0, COMMIT_INTERVAL, commitInterval, "a positive duration");
        require(commitRows > 0, COMMIT_ROWS, commitRows, "a positive number");
        require(untilIdle == null || !untilIdle.isNegative(), UNTIL_IDLE, untilIdle, "a duration of 0 or more");
        require(maxPollRecords > 0, MAX_POLL_RECORDS, maxPollRecords, "a positive number");
        require(sessionTimeout != null && sessionTimeout.toMillis() >= 1_000, SESSION_TIMEOUT, sessionTimeout, "at least 1s");
        require(snapshotRetention != null && !snapshotRetention.isNegative(), SNAPSHOT_RETENTION, snapshotRetention,
                "a duration of 0 or more");
        if (instanceId != null && instanceId.isBlank()) {
            instanceId = null;
        }
    }

    public static IngestConfig defaults() {
        return from(Settings.empty());
    }

    public static IngestConfig from(Settings settings) {
        String untilIdle = settings.string(UNTIL_IDLE, null);
        return new IngestConfig(
                settings.string(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS),
                topicList(settings.string(TOPICS, "")),
                settings.string(GROUP, DEFAULT_GROUP),
                settings.duration(COMMIT_INTERVAL, DEFAULT_COMMIT_INTERVAL),
                longValue(settings, COMMIT_ROWS, DEFAULT_COMMIT_ROWS),
                untilIdle == null || untilIdle.isBlank() ? null : parseSeconds(UNTIL_IDLE, untilIdle),
                settings.integer(MAX_POLL_RECORDS, DEFAULT_MAX_POLL_RECORDS),
                settings.duration(SESSION_TIMEOUT, DEFAULT_SESSION_TIMEOUT),
                settings.string(INSTANCE_ID, null),
                settings.duration(SNAPSHOT_RETENTION, DEFAULT_SNAPSHOT_RETENTION),
                OffsetReset.parse(RESET_OFFSETS, settings.string(RESET_OFFSETS, "none")));
    }

    public Optional<Duration> untilIdleIfSet() {
        return Optional.ofNullable(untilIdle);
    }

    public IngestConfig withBootstrapServers(String servers) {
        return new IngestConfig(servers, topics, group, commitInterval, commitRows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withTopics(List<String> names) {
        return new IngestConfig(bootstrapServers, names, group, commitInterval, commitRows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withGroup(String name) {
        return new IngestConfig(bootstrapServers, topics, name, commitInterval, commitRows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withCommitInterval(Duration interval) {
        return new IngestConfig(bootstrapServers, topics, group, interval, commitRows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withCommitRows(long rows) {
        return new IngestConfig(bootstrapServers, topics, group, commitInterval, rows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withUntilIdle(Duration idle) {
        return new IngestConfig(bootstrapServers, topics, group, commitInterval, commitRows, idle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withInstanceId(String id) {
        return new IngestConfig(bootstrapServers, topics, group, commitInterval, commitRows, untilIdle, maxPollRecords, sessionTimeout, id, snapshotRetention, resetOffsets);
    }

    public IngestConfig withSessionTimeout(Duration timeout) {
        return new IngestConfig(bootstrapServers, topics, group, commitInterval, commitRows, untilIdle, maxPollRecords, timeout, instanceId, snapshotRetention, resetOffsets);
    }

    public IngestConfig withResetOffsets(OffsetReset reset) {
        return new IngestConfig(bootstrapServers, topics, group, commitInterval, commitRows, untilIdle, maxPollRecords, sessionTimeout, instanceId, snapshotRetention, reset);
    }

    /** {@code a, b} is [a, b]; blank is empty (every bound topic). */
    static List<String> topicList(String text) {
        List<String> topics = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                topics.add(part.trim());
            }
        }
        return topics;
    }

    /** A bare number is seconds ({@code --until-idle 5}); units as in {@link Settings#parseDuration}. */
    public static Duration parseSeconds(String key, String text) {
        String value = text.trim();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        return Settings.parseDuration(key, value);
    }

    private static long longValue(Settings settings, String key, long defaultValue) {
        String value = settings.string(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UrbanFlowException("Cannot read setting " + key + "='" + value + "': expected a whole number");
        }
    }

    private static void require(boolean condition, String key, Object value, String expected) {
        if (!condition) {
            throw new UrbanFlowException("Cannot read setting " + key + "='" + value + "': expected " + expected);
        }
    }
}
