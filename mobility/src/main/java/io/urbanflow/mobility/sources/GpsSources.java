package io.urbanflow.mobility.sources;

import io.urbanflow.mobility.fleet.SyntheticFleet;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens GPS point sources by path, as the platform's {@link Sources} does with the GPS formats only: a file, a gzip
 * file, a zip archive or a folder of files read one after the other (each in its detected format); or the synthetic
 * fleet, named by a specification such as {@code synthetic:rome,taxis=300,days=1,seed=7}. For the domain's own uses
 * (tests, charts, first passes); the platform replays through the formats' records. Stateless.
 */
public final class GpsSources {
    private static final Sources GPS = new Sources(new ArrayList<>(GpsFormats.all()), List.of());

    private GpsSources() {
    }

    /**
     * A source for {@code path} read with {@code options}; nothing is read before {@link PointSource#read}.
     *
     * @throws UrbanFlowException when the path does not exist, a folder has no files, the format is unknown, or
     *                            {@code auto} cannot tell the format from the first lines
     */
    public static PointSource open(Path path, SourceOptions options) {
        if (SyntheticFleet.isSpec(path.toString())) {
            return synthetic(path.toString());
        }
        SourceOptions effective = options == null ? SourceOptions.defaults() : options;
        Sources.InputFiles inputs = GPS.inputs(path, effective);
        if (inputs.files().size() == 1 && inputs.container().equals(inputs.files().get(0).path())) {
            return ((GpsFormat) inputs.files().get(0).format()).openPoints(path, effective);
        }
        return new FileSetPoints(inputs, effective);
    }

    /** As {@link #open(Path, SourceOptions)}, for a command-line argument that may be a synthetic specification. */
    public static PointSource open(String pathOrSpecification, SourceOptions options) {
        if (SyntheticFleet.isSpec(pathOrSpecification)) {
            return synthetic(pathOrSpecification);
        }
        return open(Path.of(pathOrSpecification), options);
    }

    /**
     * The GPS format of a file (or of a folder's first file) judged from its first lines.
     *
     * @throws UrbanFlowException when no GPS format scores at least {@link GpsFormat#MINIMUM_DETECTION_SCORE}
     */
    public static GpsFormat detect(Path path, SourceOptions options) {
        return (GpsFormat) GPS.detect(path, options);
    }

    private static PointSource synthetic(String specification) {
        return SyntheticFleet.of(SyntheticFleet.parseSpec(specification));
    }

    /** The files of a folder or archive, read one after the other. Single use. */
    private static final class FileSetPoints implements PointSource {
        private final Sources.InputFiles inputs;
        private final SourceOptions options;

        FileSetPoints(Sources.InputFiles inputs, SourceOptions options) {
            this.inputs = inputs;
            this.options = options;
        }

        @Override
        public String name() {
            return inputs.container().toString();
        }

        @Override
        public ReadSummary read(PointSink points, RejectSink rejects) {
            ReadSummary total = new ReadSummary(0, 0);
            try (inputs) {
                for (Sources.InputFile file : inputs.files()) {
                    total = total.plus(((GpsFormat) file.format()).openPoints(file.path(), options).read(points, rejects));
                }
            }
            return total;
        }
    }
}
