package io.urbanflow.spark.mobility;

import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.analytics.ZoneIndex;
import io.urbanflow.pipeline.IntervalAggregation;
import io.urbanflow.pipeline.ZoneOffsetCache;
import io.urbanflow.spark.SparkLake;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@code spark cells}: the cell aggregation of {@code mart.cell_traffic_10min} written with Spark's core API, one
 * technique per step:
 * <ol>
 *   <li><b>UDF</b>: the stage's non-outlier points with their H3 cell from {@code h3_cell(lat, lon, resolution)};</li>
 *   <li><b>broadcast join</b>: the zones (small) go to every executor once; each point looks its zone up in a task-local
 *       index instead of shuffling points and zones to meet;</li>
 *   <li><b>pair RDD</b>: each point becomes ((cell, interval, zone), 1);</li>
 *   <li><b>reduceByKey</b>: counts are summed inside each partition before the shuffle, so one record per key and
 *       partition crosses the network; {@code groupByKey} would ship every point (see {@code urbanflow bench spark});</li>
 *   <li><b>partitionBy</b>: the (much smaller) counts are hash-partitioned on the cell alone ({@link CellPartitioner}),
 *       so all intervals of a cell sit in one partition;</li>
 *   <li><b>persist</b>: the counts are used twice (the table and the busiest cells), so they are kept, not recomputed
 *       from the points;</li>
 *   <li><b>sortByKey</b>: per-cell totals (summed without a shuffle, thanks to the partitioner) sorted by count.</li>
 * </ol>
 * The result goes to {@value #TABLE}: one row per interval, cell and zone, whose points summed per interval and cell
 * equal {@code mart.cell_traffic_10min.points}.
 */
public final class CellTrafficJob {
    public static final String TABLE = "spark.cell_traffic_rdd";

    /** How the pair RDD is aggregated: the bench compares the two. */
    public enum Aggregation { REDUCE_BY_KEY, GROUP_BY_KEY }

    /**
     * What the job wrote.
     *
     * @param points  points counted
     * @param rows    rows written to {@value #TABLE}
     * @param zoneSet the zone set joined; empty when none is loaded
     * @param busiest the busiest cells over all intervals, most points first
     * @param took    wall time
     */
    public record Result(long points, long rows, String zoneSet, List<BusyCell> busiest, Duration took) {
        public Result {
            busiest = List.copyOf(busiest);
        }
    }

    /** A cell and its points over all intervals. */
    public record BusyCell(long cell, long points) {
        public String cellHex() {
            return Long.toHexString(cell);
        }
    }

    private CellTrafficJob() {
    }

    /** Non-outlier points of {@code stage.gps_points}: ts (epoch microseconds), lat, lon, cell. */
    static Dataset<Row> stagePoints(SparkSession session, int resolution) {
        H3CellUdf.register(session);
        return session.sql("SELECT unix_micros(ts) AS ts_micros, lat, lon, " + H3CellUdf.NAME + "(lat, lon, " + resolution + ") AS cell"
                + " FROM " + MobilityTables.STAGE_GPS_POINTS + " WHERE NOT is_outlier");
    }

    /**
     * Each point as ((cell, interval aligned in {@code zone}, zone id), 1). {@code points} has the columns
     * {@code ts_micros, lat, lon, cell}; {@code zones} may be null (no join).
     */
    static JavaPairRDD<CellKey, Long> keyed(JavaRDD<Row> points, ZoneId zone, Broadcast<ZoneTable> zones) {
        return points.mapPartitionsToPair(rows -> {
            ZoneOffsetCache offsets = new ZoneOffsetCache(zone);
            ZoneTable table = zones == null ? ZoneTable.none() : zones.value();
            ZoneIndex index = table.isEmpty() ? null : table.index();
            return new Iterator<Tuple2<CellKey, Long>>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Tuple2<CellKey, Long> next() {
                    Row row = rows.next();
                    long micros = row.getLong(0);
                    long interval = micros - offsets.localMicros(micros) % IntervalAggregation.INTERVAL_MICROS;
                    String zoneId = null;
                    if (index != null) {
                        int found = index.locate(row.getDouble(1), row.getDouble(2));
                        zoneId = found == ZoneIndex.NO_ZONE ? null : index.zone(found).zoneId();
                    }
                    return new Tuple2<>(new CellKey(row.getLong(3), interval, zoneId), 1L);
                }
            };
        });
    }

    /** Points per key by {@code aggregation}. */
    static JavaPairRDD<CellKey, Long> count(JavaPairRDD<CellKey, Long> keyed, Aggregation aggregation) {
        return switch (aggregation) {
            case REDUCE_BY_KEY -> keyed.reduceByKey(Long::sum);
            case GROUP_BY_KEY -> keyed.groupByKey().mapValues(ones -> {
                long sum = 0;
                for (long one : ones) {
                    sum += one;
                }
                return sum;
            });
        };
    }

    /**
     * Runs the job over {@code stage.gps_points} and replaces {@value #TABLE}.
     *
     * @param resolution H3 resolution of the cells (the stage's, {@code stage.h3-resolution})
     * @param zone       the zone the intervals are aligned in ({@code aggregate.zone})
     * @param zones      the zones to join; {@link ZoneTable#none()} for none
     * @param top        how many busiest cells to return
     */
    public static Result run(SparkLake lake, int resolution, ZoneId zone, ZoneTable zones, int top) {
        long started = System.nanoTime();
        SparkSession session = lake.session();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Broadcast<ZoneTable> broadcastZones = context.broadcast(zones);
        JavaPairRDD<CellKey, Long> keyed = keyed(stagePoints(session, resolution).javaRDD(), zone, broadcastZones);
        CellPartitioner byCell = new CellPartitioner(Math.max(2, context.defaultParallelism()));
        JavaPairRDD<CellKey, Long> counts = count(keyed, Aggregation.REDUCE_BY_KEY)
                .partitionBy(byCell)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            lake.createNamespace(TABLE.substring(0, TABLE.indexOf('.')));
            StructType schema = new StructType()
                    .add("interval_micros", DataTypes.LongType, false)
                    .add("h3_cell", DataTypes.LongType, false)
                    .add("zone_id", DataTypes.StringType, true)
                    .add("points", DataTypes.LongType, false);
            JavaRDD<Row> rows = counts.map(entry -> RowFactory.create(entry._1().intervalMicros, entry._1().cell, entry._1().zoneId, entry._2()));
            session.createDataFrame(rows, schema)
                    .selectExpr("timestamp_micros(interval_micros) AS interval_10min", "h3_cell", "lower(hex(h3_cell)) AS h3_cell_hex",
                            "zone_id", "points")
                    .writeTo(TABLE).using("iceberg").createOrReplace();
            // Per-cell totals: the counts are partitioned by cell, so this reduce runs inside each partition.
            JavaPairRDD<Long, Long> perCell = counts.mapPartitionsToPair(entries -> new Iterator<Tuple2<Long, Long>>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public Tuple2<Long, Long> next() {
                    Tuple2<CellKey, Long> entry = entries.next();
                    return new Tuple2<>(entry._1().cell, entry._2());
                }
            }, true).reduceByKey(byCell, Long::sum);
            List<BusyCell> busiest = new ArrayList<>();
            for (Tuple2<Long, Long> cell : perCell.mapToPair(Tuple2::swap).sortByKey(false).take(top)) {
                busiest.add(new BusyCell(cell._2(), cell._1()));
            }
            long points = counts.values().fold(0L, Long::sum);
            long written = session.table(TABLE).count();
            return new Result(points, written, zones.zoneSet(), busiest, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            counts.unpersist(false);
            broadcastZones.destroy();
        }
    }
}
