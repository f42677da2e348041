package io.urbanflow.spark.mobility;

import org.apache.spark.Partitioner;

/**
 * A hash partitioner on the H3 cell alone: a {@link CellKey} and its cell (a {@code Long}) land in the same partition,
 * so every interval of a cell sits together and per-cell totals of an RDD partitioned this way need no shuffle.
 */
final class CellPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    CellPartitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("Cannot partition cells into " + partitions + " partitions");
        }
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long cell = key instanceof CellKey cellKey ? cellKey.cell : (Long) key;
        return Math.floorMod(Long.hashCode(cell), partitions);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CellPartitioner partitioner && partitioner.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
