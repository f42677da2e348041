package io.urbanflow.sources;

/**
 * A synthetic source a domain offers, named by a specification such as {@code synthetic:rome,taxis=300,seed=7}.
 * Stateless and thread-safe.
 */
public interface SourceGenerator {
    /** The domain whose topics the records go to. */
    String domain();

    /** Whether {@code specification} names this generator (e.g. starts with {@code synthetic:rome}). */
    boolean accepts(String specification);

    /** One line for {@code urbanflow formats}: the specification's form and an example. */
    String description();

    /**
     * A single-use source generating the specification's records.
     *
     * @throws io.urbanflow.model.UrbanFlowException naming the bad key when the specification does not parse
     */
    RecordSource open(String specification);
}
