package io.urbanflow.cli.demo;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link DemoRun} replays and how. Immutable; validated on construction.
 *
 * @param domain          the domain to run ({@code mobility}, {@code clickstream}), or {@code all}
 * @param source          a file, folder, {@code .gz} or {@code .zip} file, or a generator's specification; empty =
 *                        each domain's own default (a synthetic source)
 * @param sourceOptions   format and zone of a file source
 * @param size            overrides the size of a synthetic source (taxis, visitors); empty keeps the specification's
 * @param speed           replay pacing; empty = the speed that replays the data's time span in {@code replayTarget}
 * @param replayTarget    how long an automatically paced replay should take
 * @param brokerPort      the broker's preferred client port on 127.0.0.1 (0 = any free port); a busy port is
 *                        replaced by a free one
 * @param dashboardPort   the dashboard's preferred port (0 = any free port; a busy one is replaced by a free one);
 *                        empty = no dashboard
 * @param aggregateEvery  time between the starts of two incremental pipeline runs
 * @param ending          when the demo ends
 */
public record DemoOptions(String domain, Optional<String> source, SourceOptions sourceOptions, OptionalInt size,
                          Optional<ReplaySpeed> speed, Duration replayTarget, int brokerPort, OptionalInt dashboardPort,
                          Duration aggregateEvery, Ending ending) {
    /** The domain the demo runs unless told otherwise. */
    public static final String DEFAULT_DOMAIN = "mobility";
    public static final Duration DEFAULT_REPLAY_TARGET = Duration.ofSeconds(60);
    /** Kafka's usual port, so that {@code urbanflow replay} and {@code urbanflow ingest} find the demo's broker. */
    public static final int DEFAULT_BROKER_PORT = 9092;
    public static final int DEFAULT_DASHBOARD_PORT = 8080;
    public static final Duration DEFAULT_AGGREGATE_EVERY = Duration.ofSeconds(5);

    /** When the demo ends. */
    public enum Ending {
        /** Once the replays are done, the lake holds every record and the last aggregates and analytics ran. */
        WHEN_CAUGHT_UP,
        /** Only on {@link DemoRun#stop()} (Ctrl-C): keeps ingesting, aggregating and serving after the report. */
        ON_STOP
    }

    public DemoOptions {
        if (domain == null || domain.isBlank()) {
            throw new UrbanFlowException("Cannot run demo: no domain given");
        }
        source = source == null ? Optional.empty() : source.filter(text -> !text.isBlank());
        sourceOptions = sourceOptions == null ? SourceOptions.defaults() : sourceOptions;
        size = size == null ? OptionalInt.empty() : size;
        if (size.isPresent() && size.getAsInt() < 1) {
            throw new UrbanFlowException("Cannot run demo: --size must be at least 1, not " + size.getAsInt());
        }
        speed = speed == null ? Optional.empty() : speed;
        if (replayTarget == null || replayTarget.toMillis() < 1_000) {
            throw new UrbanFlowException("Cannot run demo: the replay target must be at least 1s, not " + replayTarget);
        }
        if (brokerPort < 0 || brokerPort > 65_535) {
            throw new UrbanFlowException("Cannot run demo: broker port " + brokerPort + " is not in [0, 65535]");
        }
        dashboardPort = dashboardPort == null ? OptionalInt.empty() : dashboardPort;
        if (dashboardPort.isPresent() && (dashboardPort.getAsInt() < 0 || dashboardPort.getAsInt() > 65_535)) {
            throw new UrbanFlowException("Cannot run demo: dashboard port " + dashboardPort.getAsInt() + " is not in [0, 65535]");
        }
        if (aggregateEvery == null || aggregateEvery.toMillis() < 100) {
            throw new UrbanFlowException("Cannot run demo: --aggregate-every must be at least 100ms, not " + aggregateEvery);
        }
        ending = ending == null ? Ending.WHEN_CAUGHT_UP : ending;
    }

    /** The mobility domain's default source, paced to about a minute, the dashboard on 8080, ending when caught up. */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_DOMAIN, Optional.empty(), SourceOptions.defaults(), OptionalInt.empty(), Optional.empty(),
                DEFAULT_REPLAY_TARGET, DEFAULT_BROKER_PORT, OptionalInt.of(DEFAULT_DASHBOARD_PORT), DEFAULT_AGGREGATE_EVERY,
                Ending.WHEN_CAUGHT_UP);
    }

    public DemoOptions withDomain(String newDomain) {
        return new DemoOptions(newDomain, source, sourceOptions, size, speed, replayTarget, brokerPort, dashboardPort, aggregateEvery, ending);
    }

    public DemoOptions withSource(String newSource, SourceOptions newSourceOptions) {
        return new DemoOptions(domain, Optional.ofNullable(newSource), newSourceOptions, size, speed, replayTarget, brokerPort,
                dashboardPort, aggregateEvery, ending);
    }

    public DemoOptions withSize(int newSize) {
        return new DemoOptions(domain, source, sourceOptions, OptionalInt.of(newSize), speed, replayTarget, brokerPort, dashboardPort,
                aggregateEvery, ending);
    }

    public DemoOptions withSpeed(ReplaySpeed newSpeed) {
        return new DemoOptions(domain, source, sourceOptions, size, Optional.of(newSpeed), replayTarget, brokerPort, dashboardPort,
                aggregateEvery, ending);
    }

    public DemoOptions withReplayTarget(Duration target) {
        return new DemoOptions(domain, source, sourceOptions, size, speed, target, brokerPort, dashboardPort, aggregateEvery, ending);
    }

    public DemoOptions withBrokerPort(int port) {
        return new DemoOptions(domain, source, sourceOptions, size, speed, replayTarget, port, dashboardPort, aggregateEvery, ending);
    }

    public DemoOptions withDashboardPort(int port) {
        return new DemoOptions(domain, source, sourceOptions, size, speed, replayTarget, brokerPort, OptionalInt.of(port),
                aggregateEvery, ending);
    }

    public DemoOptions withoutDashboard() {
        return new DemoOptions(domain, source, sourceOptions, size, speed, replayTarget, brokerPort, OptionalInt.empty(),
                aggregateEvery, ending);
    }

    public DemoOptions withAggregateEvery(Duration every) {
        return new DemoOptions(domain, source, sourceOptions, size, speed, replayTarget, brokerPort, dashboardPort, every, ending);
    }

    public DemoOptions withEnding(Ending newEnding) {
        return new DemoOptions(domain, source, sourceOptions, size, speed, replayTarget, brokerPort, dashboardPort, aggregateEvery,
                newEnding);
    }
}
