package io.urbanflow.sources;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A file format a domain reads: it turns a file into Kafka records for the domain's topics. Implementations are
 * stateless and thread-safe; each {@link #open} returns a new single-use {@link RecordSource}.
 */
public interface SourceFormat {
    /** Lines sampled for detection. */
    int DETECTION_LINES = 10;

    /** Below this score a format is not considered detected. */
    int MINIMUM_DETECTION_SCORE = 50;

    /** The name users pass to {@code --format}, such as {@code rome-crawdad} or {@code clickstream-browser}. */
    String name();

    /** The domain whose topics the records go to, such as {@code mobility}. */
    String domain();

    /** One line for {@code urbanflow formats}. */
    String description();

    /** A typical line of such a file (for a file with a header: a data line). */
    String exampleLine();

    /** The zone of the data set this format comes from, for showing its clock; empty when unknown. */
    default Optional<ZoneId> zone() {
        return Optional.empty();
    }

    /**
     * How much the start of a file looks like this format, from 0 (not at all) to 100 (certain): used by
     * {@code --format auto}, which picks the highest score of at least {@link #MINIMUM_DETECTION_SCORE}.
     *
     * @param fileName   the file's name without a {@code .gz} suffix (some formats put an id or a kind there)
     * @param firstLines the first non-blank lines of the file (at most {@link #DETECTION_LINES}), line ends removed
     * @param options    the options the file will be read with (a mapping may name its columns)
     */
    int detectionScore(String fileName, List<String> firstLines, SourceOptions options);

    /**
     * A source reading one file (plain or gzip-compressed) of this format. Opening is lazy: a missing file or a bad
     * header is reported by {@link RecordSource#read}.
     */
    RecordSource open(Path file, SourceOptions options);
}
