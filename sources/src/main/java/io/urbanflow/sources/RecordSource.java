package io.urbanflow.sources;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A finite stream of Kafka records read from a file, a folder of files or a generator, in the source's order.
 * Reading holds constant memory whatever the input's size. A source can be read once; it is not thread-safe.
 */
public interface RecordSource {
    /** A name for messages, progress and source positions, such as the file's path or the generator's specification. */
    String name();

    /** The topics its records go to, known before reading (the replay creates them first). */
    List<String> topics();

    /**
     * Reads every line, handing each record to {@code records} in input order and each bad line to
     * {@code rejects}. Exceptions thrown by either sink stop the read and propagate.
     *
     * @return how many records were accepted and how many lines rejected
     * @throws io.urbanflow.model.UrbanFlowException when the input cannot be opened or read
     */
    ReadSummary read(RecordSink records, RejectSink rejects);

    /** The zone of the data's clock, for progress; may become known with the first record. */
    default Optional<ZoneId> zone() {
        return Optional.empty();
    }
}
