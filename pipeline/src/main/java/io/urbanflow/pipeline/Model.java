package io.urbanflow.pipeline;

import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;

/**
 * A SQL model: a lake table ({@link #name()}) derived from other lake tables ({@link #inputs()}), rebuilt in
 * full or incrementally. A model keeps its own state in its target table's snapshot summary (the input snapshots
 * it processed, its options), written in the same commit as its rows, so a crash never leaves data and state
 * apart. Implementations are stateless and thread-safe; {@link PipelineRunner} runs them in dependency order.
 */
public interface Model {
    /** The target table, e.g. {@code stage.gps_points}; also the model's name. */
    String name();

    /** Tables read, e.g. {@code raw.gps_points}; a model runs after the models producing them. */
    List<String> inputs();

    /**
     * Tables written: the target table ({@link #name()}) by default; a model writing several tables lists them all.
     * The DAG derives its edges from {@link #inputs()} and these, never from a second declaration.
     */
    default List<String> outputs() {
        return List.of(name());
    }

    /** The data tests of the model's contract; they run after it (see {@link DataTest}). None by default. */
    default List<DataTest> tests() {
        return List.of();
    }

    Schema schema();

    PartitionSpec partitionSpec();

    /**
     * Brings the target table up to date with the inputs' current snapshots.
     *
     * @throws io.urbanflow.model.UrbanFlowException when an input is missing or a commit conflicts; the target is
     *         then unchanged
     */
    ModelResult build(ModelContext context, BuildMode mode);
}
