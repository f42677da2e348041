package io.urbanflow.sources.internal;

import io.urbanflow.sources.PointSink;
import io.urbanflow.sources.PointSource;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceOptions;
import java.nio.file.Path;
import java.util.List;

/** The files of a directory, in the given order, read one after the other in one format. Single use. */
public final class DirectorySource implements PointSource {
    private final Path directory;
    private final List<Path> files;
    private final SourceFormat format;
    private final SourceOptions options;

    public DirectorySource(Path directory, List<Path> files, SourceFormat format, SourceOptions options) {
        this.directory = directory;
        this.files = List.copyOf(files);
        this.format = format;
        this.options = options;
    }

    @Override
    public String name() {
        return directory.toString();
    }

    public List<Path> files() {
        return files;
    }

    @Override
    public ReadSummary read(PointSink points, RejectSink rejects) {
        ReadSummary total = new ReadSummary(0, 0);
        for (Path file : files) {
            total = total.plus(format.open(file, options).read(points, rejects));
        }
        return total;
    }
}
