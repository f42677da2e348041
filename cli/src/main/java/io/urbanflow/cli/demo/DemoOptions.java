package io.urbanflow.cli.demo;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.stream.ReplayOptions;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link DemoRun} replays and how. Immutable; validated on construction.
 *
 * @param source          a file, a folder, a {@code .gz} file, or a synthetic fleet specification
 * @param sourceOptions   format and zone of a file source
 * @param taxis           overrides the taxi count of a synthetic source; empty keeps the specification's
 * @param speed           replay pacing; empty = the speed that replays the data's time span in {@code replayTarget}
 * @param replayTarget    how long an automatically paced replay should take
 * @param brokerPort      the broker's preferred client port on 127.0.0.1 (0 = any free port); a busy port is
 *                        replaced by a free one
 * @param dashboardPort   the dashboard's preferred port (0 = any free port; a busy one is replaced by a free one);
 *                        empty = no dashboard
 * @param aggregateEvery  time between the starts of two incremental pipeline runs
 * @param ending          when the demo ends
 * @param topic           the Kafka topic the points travel through
 */
public record DemoOptions(String source, SourceOptions sourceOptions, OptionalInt taxis, Optional<ReplaySpeed> speed,
                          Duration replayTarget, int brokerPort, OptionalInt dashboardPort, Duration aggregateEvery,
                          Ending ending, String topic) {
    /** A synthetic Rome day: about a million points from 300 taxis. */
    public static final String DEFAULT_SOURCE = "synthetic:rome,taxis=300,days=1,seed=7";
    public static final Duration DEFAULT_REPLAY_TARGET = Duration.ofSeconds(60);
    /** Kafka's usual port, so that {@code urbanflow replay} and {@code urbanflow ingest} find the demo's broker. */
    public static final int DEFAULT_BROKER_PORT = 9092;
    public static final int DEFAULT_DASHBOARD_PORT = 8080;
    public static final Duration DEFAULT_AGGREGATE_EVERY = Duration.ofSeconds(5);

    /** When the demo ends. */
    public enum Ending {
        /** Once the replay is done, the lake holds every point and the last aggregates and analytics ran. */
        WHEN_CAUGHT_UP,
        /** Only on {@link DemoRun#stop()} (Ctrl-C): keeps ingesting, aggregating and serving after the report. */
        ON_STOP
    }

    public DemoOptions {
        if (source == null || source.isBlank()) {
            throw new UrbanFlowException("Cannot run demo: no source given");
        }
        sourceOptions = sourceOptions == null ? SourceOptions.defaults() : sourceOptions;
        taxis = taxis == null ? OptionalInt.empty() : taxis;
        if (taxis.isPresent() && taxis.getAsInt() < 1) {
            throw new UrbanFlowException("Cannot run demo: --taxis must be at least 1, not " + taxis.getAsInt());
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
        if (topic == null || topic.isBlank()) {
            throw new UrbanFlowException("Cannot run demo: no topic given");
        }
    }

    /** The synthetic Rome day, paced to about a minute, the dashboard on 8080, ending when caught up. */
    public static DemoOptions defaults() {
        return new DemoOptions(DEFAULT_SOURCE, SourceOptions.defaults(), OptionalInt.empty(), Optional.empty(),
                DEFAULT_REPLAY_TARGET, DEFAULT_BROKER_PORT, OptionalInt.of(DEFAULT_DASHBOARD_PORT), DEFAULT_AGGREGATE_EVERY,
                Ending.WHEN_CAUGHT_UP, ReplayOptions.DEFAULT_TOPIC);
    }

    public DemoOptions withSource(String newSource, SourceOptions newSourceOptions) {
        return new DemoOptions(newSource, newSourceOptions, taxis, speed, replayTarget, brokerPort, dashboardPort,
                aggregateEvery, ending, topic);
    }

    public DemoOptions withTaxis(int newTaxis) {
        return new DemoOptions(source, sourceOptions, OptionalInt.of(newTaxis), speed, replayTarget, brokerPort,
                dashboardPort, aggregateEvery, ending, topic);
    }

    public DemoOptions withSpeed(ReplaySpeed newSpeed) {
        return new DemoOptions(source, sourceOptions, taxis, Optional.of(newSpeed), replayTarget, brokerPort,
                dashboardPort, aggregateEvery, ending, topic);
    }

    public DemoOptions withReplayTarget(Duration target) {
        return new DemoOptions(source, sourceOptions, taxis, speed, target, brokerPort, dashboardPort, aggregateEvery,
                ending, topic);
    }

    public DemoOptions withBrokerPort(int port) {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, port, dashboardPort, aggregateEvery,
                ending, topic);
    }

    public DemoOptions withDashboardPort(int port) {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, brokerPort, OptionalInt.of(port),
                aggregateEvery, ending, topic);
    }

    public DemoOptions withoutDashboard() {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, brokerPort, OptionalInt.empty(),
                aggregateEvery, ending, topic);
    }

    public DemoOptions withAggregateEvery(Duration every) {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, brokerPort, dashboardPort, every,
                ending, topic);
    }

    public DemoOptions withEnding(Ending newEnding) {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, brokerPort, dashboardPort,
                aggregateEvery, newEnding, topic);
    }

    public DemoOptions withTopic(String newTopic) {
        return new DemoOptions(source, sourceOptions, taxis, speed, replayTarget, brokerPort, dashboardPort,
                aggregateEvery, ending, newTopic);
    }
}
