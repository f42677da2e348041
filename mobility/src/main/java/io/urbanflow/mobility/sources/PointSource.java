package io.urbanflow.mobility.sources;

import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RejectSink;

/**
 * A finite stream of GPS points from a file, a folder of files or a generator. Reading holds constant memory
 * whatever the input's size. A source can be read once; it is not thread-safe.
 */
public interface PointSource {
    /** A name for messages and progress, such as the file's path. */
    String name();

    /**
     * Reads every line, handing each accepted point to {@code points} in input order and each bad line to
     * {@code rejects}. Exceptions thrown by either sink stop the read and propagate.
     *
     * @return how many points were accepted and rejected
     * @throws io.urbanflow.model.UrbanFlowException when the input cannot be opened or read
     */
    ReadSummary read(PointSink points, RejectSink rejects);
}
