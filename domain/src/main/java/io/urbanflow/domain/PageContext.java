package io.urbanflow.domain;

import io.urbanflow.model.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the dashboard gives a domain's pages: the lake to read (guarded SQL and table metadata), the Kafka broker to
 * follow live, the settings and the clock. Immutable.
 *
 * @param lake             the lake, or empty when the dashboard has none
 * @param bootstrapServers the Kafka broker, or empty when none is configured (pages then show no live data)
 * @param liveFrom         where live views start reading their topics
 * @param updateInterval   how often live views push updates
 */
public record PageContext(Optional<LakeAccess> lake, Optional<String> bootstrapServers, LiveStart liveFrom,
                          Settings settings, Clock clock, Duration updateInterval) {
    public PageContext {
        lake = lake == null ? Optional.empty() : lake;
        bootstrapServers = bootstrapServers == null ? Optional.empty() : bootstrapServers;
        liveFrom = liveFrom == null ? LiveStart.earliest() : liveFrom;
    }
}
