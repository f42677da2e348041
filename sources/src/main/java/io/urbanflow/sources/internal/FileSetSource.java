package io.urbanflow.sources.internal;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.sources.Sources;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a folder or zip archive, each in its own format, read one after the other in the given order as one
 * source. Closes the archive's file system (when there is one) after reading. Single use.
 */
public final class FileSetSource implements RecordSource {
    private final Sources.InputFiles inputs;
    private final List<RecordSource> sources = new ArrayList<>();
    private RecordSource current;

    public FileSetSource(Sources.InputFiles inputs, SourceOptions options) {
        this.inputs = inputs;
        inputs.files().forEach(file -> sources.add(file.open(options)));
    }

    @Override
    public String name() {
        return inputs.container().toString();
    }

    @Override
    public List<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        sources.forEach(source -> topics.addAll(source.topics()));
        return List.copyOf(topics);
    }

    @Override
    public Optional<ZoneId> zone() {
        return (current != null ? current : sources.get(0)).zone();
    }

    @Override
    public ReadSummary read(RecordSink records, RejectSink rejects) {
        ReadSummary total = new ReadSummary(0, 0);
        try {
            for (RecordSource source : sources) {
                current = source;
                total = total.plus(source.read(records, rejects));
            }
        } finally {
            inputs.close();
        }
        return total;
    }
}
