package io.urbanflow.domain;

import io.urbanflow.model.Settings;
import io.urbanflow.query.DuckDbQueryEngine;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import io.urbanflow.stream.ReplaySpeed;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How {@code urbanflow demo} runs a domain: what it replays by default, how a source is measured and paced, what the
 * live summary shows after each pipeline run, what runs at the end and which queries the report suggests. Stateless
 * and thread-safe.
 */
public interface DemoSource {
    /** The specification replayed when the user names none, e.g. a generator's. */
    String defaultSpecification();

    /** What {@code --size} scales, e.g. {@code taxis} or {@code visitors}. */
    String sizeName();

    /**
     * Measures the source (a file may be read once for its time span) and chooses the replay speed.
     *
     * @throws io.urbanflow.model.UrbanFlowException when the source cannot be opened, holds no record, or a size is
     *                                               given for a source that has none
     */
    Plan prepare(Request request);

    /**
     * What the demo asks for.
     *
     * @param specification the source named by the user, or {@link #defaultSpecification()}
     * @param sourceOptions format and zone of a file
     * @param size          the generator's size ({@link #sizeName()}), when given
     * @param speed         the pacing, when given; else the source's span replayed in {@code replayTime}
     * @param replayTime    how long an automatically paced replay takes
     * @param sources       every registered format and generator
     * @param engine        the lake (to continue after the data it holds)
     * @param info          where to say what was chosen
     */
    record Request(String specification, SourceOptions sourceOptions, OptionalInt size, Optional<ReplaySpeed> speed,
                   Duration replayTime, Sources sources, DuckDbQueryEngine engine, Consumer<String> info) {
    }

    /** A measured source, ready to replay. Thread-safe. */
    interface Plan {
        /** The specification as replayed (with any continuation it chose). */
        String specification();

        /** One line: "a synthetic Rome day, 300 taxis (...)". */
        String description();

        /** What the records are called in the summary: {@code points}, {@code events}. */
        default String unit() {
            return "records";
        }

        /** A fresh source of the same records each call. */
        RecordSource open();

        ReplaySpeed speed();

        /** The data's time span; zero when unknown. */
        Duration span();

        /** The zone of the data's clock. */
        ZoneId zone();

        /** How far through the data a record of this time is, 0..1; -1 when unknown. */
        double progress(long dataClockMicros);

        /** What the lake's earlier data made the demo continue with, e.g. "the next synthetic day, 2014-02-02". */
        default Optional<String> continuedWith() {
            return Optional.empty();
        }

        /** The settings with the keys that follow the data's city or zone set, unless configured. */
        default Settings localize(Settings settings) {
            return settings;
        }

        /** The latest figures worth showing after a pipeline run, e.g. "latest interval 10:40-10:50: 337 points, 193 taxis". */
        default Optional<String> status(DuckDbQueryEngine engine) {
            return Optional.empty();
        }

        /**
         * Work at the end, after the final pipeline run (analytics, say).
         *
         * @return one line for the report, or empty when there was nothing to do
         */
        default Optional<String> finish(io.urbanflow.lake.Lake lake, DuckDbQueryEngine engine, Settings settings, java.time.Clock clock) {
            return Optional.empty();
        }

        /** Queries to suggest, with the real table and column names; only those whose tables have rows. */
        default List<String> queries(Predicate<String> tableHasRows) {
            return List.of();
        }
    }
}
