package io.urbanflow.mobility.analytics.charts;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.uber.h3core.H3Core;
import io.urbanflow.lake.TableWrites;
import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.testing.SampleData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts read the pipeline's tables when they exist: a lake with the Rome sample in raw, and stage and mart
 * tables written here with the columns the charts read (the same names as the pipeline's and analytics' schemas).
 */
class PlotterLakeTablesTest {
    static final Schema STAGE = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "ts", Types.TimestampType.withZone()),
            required(3, "lat", Types.DoubleType.get()),
            required(4, "lon", Types.DoubleType.get()),
            optional(5, "speed_kmh", Types.DoubleType.get()),
            required(6, "h3_cell", Types.LongType.get()),
            required(7, "is_outlier", Types.BooleanType.get()));
    static final Schema TRAFFIC = new Schema(
            required(1, "interval_10min", Types.TimestampType.withZone()),
            required(2, "total_points", Types.LongType.get()),
            required(3, "unique_taxis", Types.LongType.get()));
    static final Schema CLUSTERS = new Schema(
            required(1, "run_id", Types.StringType.get()),
            required(2, "algorithm", Types.StringType.get()),
            required(3, "input", Types.StringType.get()),
            required(4, "parameters", Types.StringType.get()),
            required(5, "cluster_id", Types.IntegerType.get()),
            required(6, "centroid_lat", Types.DoubleType.get()),
            required(7, "centroid_lon", Types.DoubleType.get()),
            required(8, "size", Types.IntegerType.get()),
            required(9, "radius_m", Types.DoubleType.get()));
    static final Schema STOPS = new Schema(
            required(1, "vehicle_id", Types.StringType.get()),
            required(2, "start_ts", Types.TimestampType.withZone()),
            required(3, "lat", Types.DoubleType.get()),
            required(4, "lon", Types.DoubleType.get()),
            optional(5, "kmeans_cluster_id", Types.IntegerType.get()));

    @TempDir
    static Path dir;
    static ChartLake lake;
    static List<GpsPoint> rome;
    /** The stage rows written: point, speed (or null), outlier flag. */
    static List<Object[]> stage = new ArrayList<>();
    static H3Core h3;

    @BeforeAll
    static void lake_with_stage_and_marts() throws IOException {
        h3 = H3Core.newInstance();
        lake = ChartLake.create(dir);
        rome = ChartLake.read(SampleData.romeCrawdad());
        lake.append(rome);
        writeStage(lake, rome);
        writeTraffic(lake, rome);

        Table clusters = lake.lake.createIfMissing("mart.clusters", CLUSTERS, PartitionSpec.unpartitioned());
        List<Record> runs = new ArrayList<>();
        runs.add(cluster("2024-01-01T00:00:00Z", "kmeans", 0, 41.80, 12.30, 10));
        runs.add(cluster("2024-01-01T00:00:00Z", "kmeans", 1, 41.85, 12.40, 10));
        runs.add(cluster("2024-02-01T00:00:00Z", "kmeans", 0, 41.90, 12.48, 30));
        runs.add(cluster("2024-02-01T00:00:00Z", "kmeans", 1, 41.80, 12.25, 20));
        runs.add(cluster("2024-02-01T00:00:00Z", "kmeans", 2, 41.96, 12.48, 10));
        runs.add(cluster("2024-02-01T00:00:00Z", "dbscan", 0, 41.70, 12.70, 5));
        TableWrites.append(clusters, runs);

        Table stops = lake.lake.createIfMissing("mart.stops", STOPS, PartitionSpec.unpartitioned());
        List<Record> stopRows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            GpsPoint point = rome.get(i * 80);
            Record record = GenericRecord.create(STOPS);
            record.setField("vehicle_id", point.vehicleId());
            record.setField("start_ts", OffsetDateTime.ofInstant(point.instant(), ZoneOffset.UTC));
            record.setField("lat", point.latitude());
            record.setField("lon", point.longitude());
            record.setField("kmeans_cluster_id", i % 7 == 0 ? null : i % 3);
            stopRows.add(record);
        }
        TableWrites.append(stops, stopRows);
    }

    @AfterAll
    static void close() {
        lake.close();
    }

    @Test
    void heatmap_counts_stage_points_without_outliers_and_rolls_cells_up_to_their_parents() {
        CellMap fine = (CellMap) lake.plotter().plot(ChartKind.HEATMAP, PlotOptions.defaults()).data();
        CellMap coarse = (CellMap) lake.plotter().plot(ChartKind.HEATMAP, PlotOptions.defaults().withResolution(6)).data();

        Map<Long, Long> expectedFine = new HashMap<>();
        Map<Long, Long> expectedCoarse = new HashMap<>();
        for (Object[] row : stage) {
            GpsPoint point = (GpsPoint) row[0];
            if (!(Boolean) row[2] && City.ROME.bounds().contains(point.latitude(), point.longitude())) {
                long cell = h3.latLngToCell(point.latitude(), point.longitude(), 8);
                expectedFine.merge(cell, 1L, Long::sum);
                expectedCoarse.merge(h3.cellToParent(cell, 6), 1L, Long::sum);
            }
        }
        assertThat(fine.table()).isEqualTo("stage.gps_points");
        assertThat(counts(fine)).isEqualTo(expectedFine);
        assertThat(counts(coarse)).isEqualTo(expectedCoarse);
    }

    @Test
    void speed_is_the_mean_of_the_stage_speeds() {
        SpeedMap speeds = (SpeedMap) lake.plotter().plot(ChartKind.SPEED, PlotOptions.defaults().withMinSamples(1)).data();
        double sum = 0;
        long count = 0;
        for (Object[] row : stage) {
            GpsPoint point = (GpsPoint) row[0];
            if (row[1] != null && !(Boolean) row[2] && City.ROME.bounds().contains(point.latitude(), point.longitude())) {
                sum += (Double) row[1];
                count++;
            }
        }
        assertThat(speeds.table()).isEqualTo("stage.gps_points");
        assertThat(speeds.hours()).hasSize(1);
        assertThat(speeds.hours().get(0).samples()).isEqualTo(count);
        assertThat(speeds.hours().get(0).meanKmh()).isCloseTo(sum / count, within(1e-9));
    }

    @Test
    void timeseries_reads_the_traffic_mart_of_a_one_city_lake() {
        TrafficSeries series = (TrafficSeries) lake.plotter().plot(ChartKind.TIMESERIES, PlotOptions.defaults()).data();
        assertThat(series.table()).isEqualTo("mart.traffic_10min");
        assertThat(series.totalPoints()).isEqualTo(rome.size());
    }

    @Test
    void clusters_come_from_the_last_k_means_run_and_its_stops() {
        ClusterMap map = (ClusterMap) lake.plotter().plot(ChartKind.CLUSTERS, PlotOptions.defaults()).data();
        assertThat(map.table()).isEqualTo("mart.stops");
        assertThat(map.method()).contains("mart.clusters").contains("stops");
        assertThat(map.centroids()).extracting(ClusterMap.Centroid::cluster, ClusterMap.Centroid::latitude, ClusterMap.Centroid::size)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 41.90, 30L), org.assertj.core.groups.Tuple.tuple(1, 41.80, 20L),
                        org.assertj.core.groups.Tuple.tuple(2, 41.96, 10L));
        // stops without a k-means cluster are left out
        assertThat(map.members()).hasSize((int) java.util.stream.IntStream.range(0, 60).filter(i -> i % 7 != 0).count());
        assertThat(map.members()).extracting(ClusterMap.Member::cluster).containsOnly(0, 1, 2);

        ClusterMap recomputed = (ClusterMap) lake.plotter().plot(ChartKind.CLUSTERS,
                PlotOptions.defaults().withClusters(ClusterSource.KMEANS, 4).withSample(1000, 7)).data();
        assertThat(recomputed.centroids()).hasSize(4);
        assertThat(recomputed.method()).startsWith("k-means++ with k=4");
    }

    @Test
    void a_stage_behind_raw_is_not_used() {
        try (ChartLake behind = ChartLake.create(dir.resolve("behind"))) {
            behind.append(rome);
            writeStage(behind, rome.subList(0, 3_000));
            CellMap map = (CellMap) behind.plotter().plot(ChartKind.HEATMAP, PlotOptions.defaults()).data();
            assertThat(map.table()).isEqualTo("raw.gps_points");
            assertThat(map.points()).isEqualTo(rome.stream().filter(point -> City.ROME.bounds().contains(point.latitude(), point.longitude())).count());
        }
    }

    /** Stage rows: H3 at resolution 8, speed from the vehicle's previous point, every 10th point an outlier. */
    private static void writeStage(ChartLake target, List<GpsPoint> points) {
        Table table = target.lake.createIfMissing("stage.gps_points", STAGE, PartitionSpec.unpartitioned());
        List<GpsPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(GpsPoint::vehicleId).thenComparingLong(GpsPoint::epochMicros));
        List<Record> records = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            GpsPoint point = sorted.get(i);
            GpsPoint previous = i > 0 && sorted.get(i - 1).vehicleId().equals(point.vehicleId()) ? sorted.get(i - 1) : null;
            Double speed = previous == null || previous.epochMicros() == point.epochMicros() ? null
                    : Math.abs(point.latitude() - previous.latitude()) * 111_195 / ((point.epochMicros() - previous.epochMicros()) / 1e6) * 3.6;
            boolean outlier = i % 10 == 0;
            Record record = GenericRecord.create(STAGE);
            record.setField("vehicle_id", point.vehicleId());
            record.setField("ts", OffsetDateTime.ofInstant(point.instant(), ZoneOffset.UTC));
            record.setField("lat", point.latitude());
            record.setField("lon", point.longitude());
            record.setField("speed_kmh", speed);
            record.setField("h3_cell", h3.latLngToCell(point.latitude(), point.longitude(), 8));
            record.setField("is_outlier", outlier);
            records.add(record);
            rows.add(new Object[] {point, speed, outlier});
        }
        TableWrites.append(table, records);
        if (target == lake) {
            stage.addAll(rows);
        }
    }

    private static void writeTraffic(ChartLake target, List<GpsPoint> points) {
        Map<Instant, long[]> intervals = new TreeMap<>();
        Map<Instant, java.util.Set<String>> vehicles = new HashMap<>();
        for (GpsPoint point : points) {
            Instant start = point.instant().truncatedTo(ChronoUnit.HOURS).plus(point.instant().atZone(ZoneOffset.UTC).getMinute() / 10 * 10, ChronoUnit.MINUTES);
            intervals.computeIfAbsent(start, key -> new long[1])[0]++;
            vehicles.computeIfAbsent(start, key -> new java.util.HashSet<>()).add(point.vehicleId());
        }
        Table table = target.lake.createIfMissing("mart.traffic_10min", TRAFFIC, PartitionSpec.unpartitioned());
        List<Record> records = new ArrayList<>();
        intervals.forEach((start, count) -> {
            Record record = GenericRecord.create(TRAFFIC);
            record.setField("interval_10min", OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            record.setField("total_points", count[0]);
            record.setField("unique_taxis", (long) vehicles.get(start).size());
            records.add(record);
        });
        TableWrites.append(table, records);
    }

    private static Record cluster(String run, String algorithm, int id, double latitude, double longitude, int size) {
        Record record = GenericRecord.create(CLUSTERS);
        record.setField("run_id", run);
        record.setField("algorithm", algorithm);
        record.setField("input", "stops");
        record.setField("parameters", "k=3");
        record.setField("cluster_id", id);
        record.setField("centroid_lat", latitude);
        record.setField("centroid_lon", longitude);
        record.setField("size", size);
        record.setField("radius_m", 500.0);
        return record;
    }

    private static Map<Long, Long> counts(CellMap map) {
        Map<Long, Long> counts = new HashMap<>();
        for (CellMap.CellValue cell : map.cells()) {
            counts.put(cell.cell(), (long) cell.value());
        }
        return counts;
    }
}
