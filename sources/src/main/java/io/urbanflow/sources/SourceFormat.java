package io.urbanflow.sources;

import io.urbanflow.model.City;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A file format UrbanFlow reads GPS points from. Implementations are stateless and thread-safe; each
 * {@link #open} returns a new single-use {@link PointSource}.
 */
public interface SourceFormat {
    /** The name users pass to {@code --format}, such as {@code rome-crawdad}. */
    String name();

    /** One line for {@code urbanflow formats}. */
    String description();

    /** A typical line of such a file (for a file with a header: a data line). */
    String exampleLine();

    /** The city of the data set this format comes from (its zone and bounds), empty for generic formats. */
    Optional<City> city();

    /**
     * How much the start of a file looks like this format, from 0 (not at all) to 100 (certain): used by
     * {@code --format auto}, which picks the highest score above {@link #MINIMUM_DETECTION_SCORE}.
     *
     * @param fileName   the file's name without a {@code .gz} suffix (some formats put the vehicle id there)
     * @param firstLines the first non-blank lines of the file (at most {@link #DETECTION_LINES}), line ends removed
     * @param options    the options the file will be read with (the CSV mapping may name its columns)
     */
    int detectionScore(String fileName, List<String> firstLines, SourceOptions options);

    /**
     * A source reading one file (plain or gzip-compressed) of this format. Opening is lazy: a missing file
     * or a bad header is reported by {@link PointSource#read}.
     */
    PointSource open(Path file, SourceOptions options);

    /** Lines sampled for detection. */
    int DETECTION_LINES = 10;

    /** Below this score a format is not considered detected. */
    int MINIMUM_DETECTION_SCORE = 50;
}
