package io.urbanflow.mobility.sources;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.mobility.fleet.SyntheticFleet;
import io.urbanflow.mobility.sources.internal.DirectorySource;
import io.urbanflow.sources.text.Inputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens GPS point sources by path: a file, a gzip-compressed file (recognised by its content, read as it streams),
 * or a directory, whose regular files (except names starting with {@code .} or {@code _}) are read in name order as one source in one format;
 * or the synthetic fleet, named by a specification such as {@code synthetic:rome,taxis=300,days=1,seed=7}.
 * Stateless.
 */
public final class GpsSources {
    private GpsSources() {
    }

    /**
     * A source for {@code path} read with {@code options}; nothing is read before {@link PointSource#read}.
     *
     * @throws UrbanFlowException when the path does not exist, a directory has no files, the format is unknown,
     *                            or {@code auto} cannot tell the format from the first lines
     */
    public static PointSource open(Path path, SourceOptions options) {
        SourceOptions effective = options == null ? SourceOptions.defaults() : options;
        if (SyntheticFleet.isSpec(path.toString())) {
            return synthetic(path.toString());
        }
        if (Files.isDirectory(path)) {
            List<Path> files = filesOf(path);
            GpsFormat format = effective.autoDetect() ? detect(files.get(0), effective)
                    : GpsFormats.byName(effective.format());
            return new DirectorySource(path, files, format, effective);
        }
        if (!Files.exists(path)) {
            throw new UrbanFlowException("Cannot read " + path + ": no such file or directory");
        }
        GpsFormat format = effective.autoDetect() ? detect(path, effective) : GpsFormats.byName(effective.format());
        return format.open(path, effective);
    }

    /** As {@link #open(Path, SourceOptions)}, for a command-line argument that may be a synthetic specification. */
    public static PointSource open(String pathOrSpecification, SourceOptions options) {
        if (SyntheticFleet.isSpec(pathOrSpecification)) {
            return synthetic(pathOrSpecification);
        }
        return open(Path.of(pathOrSpecification), options);
    }

    /**
     * The format of a file (or of a directory's first file) judged from its first lines.
     *
     * @throws UrbanFlowException when no format scores at least {@link GpsFormat#MINIMUM_DETECTION_SCORE}
     */
    public static GpsFormat detect(Path path, SourceOptions options) {
        SourceOptions effective = options == null ? SourceOptions.defaults() : options;
        Path file = Files.isDirectory(path) ? filesOf(path).get(0) : path;
        if (!Files.exists(file)) {
            throw new UrbanFlowException("Cannot read " + file + ": no such file or directory");
        }
        List<String> lines = Inputs.firstLines(file, GpsFormat.DETECTION_LINES);
        if (lines.isEmpty()) {
            throw new UrbanFlowException("Cannot detect the format of " + file + ": it has no lines; pass --format");
        }
        String fileName = Inputs.baseName(file);
        GpsFormat best = null;
        int bestScore = GpsFormat.MINIMUM_DETECTION_SCORE - 1;
        for (GpsFormat format : GpsFormats.all()) {
            int score = format.detectionScore(fileName, lines, effective);
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
        }
        if (best == null) {
            String first = lines.get(0);
            throw new UrbanFlowException("Cannot detect the format of " + file + ": first line '"
                    + (first.length() > 120 ? first.substring(0, 120) + "..." : first) + "' matches none of "
                    + GpsFormats.names() + "; pass --format");
        }
        return best;
    }

    private static List<Path> filesOf(Path directory) {
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(GpsSources::isDataFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UrbanFlowException("Cannot list directory " + directory + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UrbanFlowException("Cannot read directory " + directory + ": it holds no files");
        }
        return files;
    }

    /** Hidden files and {@code _}-prefixed ones ({@code _SUCCESS}, cabspotting's {@code _cabs.txt}) are not data. */
    private static boolean isDataFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && !name.startsWith("_");
    }

    private static PointSource synthetic(String specification) {
        return SyntheticFleet.of(SyntheticFleet.parseSpec(specification));
    }
}
