package io.urbanflow.sources;

/** Receives the records of a {@link RecordSource}, in the source's order, on the reading thread. */
@FunctionalInterface
public interface RecordSink {
    void accept(SourceRecord record);
}
