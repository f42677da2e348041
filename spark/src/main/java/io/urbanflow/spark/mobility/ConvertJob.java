package io.urbanflow.spark.mobility;

import io.urbanflow.lake.Lake;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.sources.GpsSources;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.MalformedInputException;
import io.urbanflow.sources.Quarantine;
import io.urbanflow.sources.Reject;
import io.urbanflow.sources.SourceOptions;
import io.urbanflow.spark.SparkLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code spark convert PATH}: GPS files of any of the domain's formats to Parquet, to {@code raw.gps_points}, to Spark
 * SQL, one Spark task per file. Inside a task the domain's own readers ({@link GpsSources}, format detected per file)
 * parse the file, so a line is accepted or rejected exactly as {@code urbanflow load} would. Rejected lines keep the
 * platform's policy: they go to {@code DATA/quarantine/spark-convert-*.jsonl} and the rest goes on; with
 * {@link RejectPolicy#STRICT} the first bad line (by file and line) stops the job before anything is written. As with
 * {@code load}, {@code kafka_partition} is -1 and {@code kafka_offset} the point's ordinal in its file.
 *
 * <p>A task holds one file's rows at a time: split very large inputs into several files.
 */
public final class ConvertJob {
    /** What to do with a bad line. */
    public enum RejectPolicy { QUARANTINE, STRICT }

    /**
     * What a conversion did.
     *
     * @param files      files read
     * @param points     points appended to {@code raw.gps_points}
     * @param rejected   lines rejected
     * @param parquet    the folder of the intermediate Parquet files
     * @param quarantine the quarantine file, when lines were rejected
     * @param sources    per source, from Spark SQL over the raw table: "source points vehicles first last"
     * @param took       wall time
     */
    public record Result(int files, long points, long rejected, Path parquet, Optional<Path> quarantine, List<String> sources, Duration took) {
        public Result {
            sources = List.copyOf(sources);
        }
    }

    static final StructType READ_SCHEMA = new StructType()
            .add("kind", DataTypes.IntegerType, false)
            .add("vehicle_id", DataTypes.StringType, true)
            .add("ts_micros", DataTypes.LongType, false)
            .add("lat", DataTypes.DoubleType, false)
            .add("lon", DataTypes.DoubleType, false)
            .add("occupancy", DataTypes.IntegerType, false)
            .add("source", DataTypes.StringType, true)
            .add("ordinal", DataTypes.LongType, false)
            .add("file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, true)
            .add("raw", DataTypes.StringType, true);
    private static final int POINT = 0;
    private static final int REJECT = 1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ConvertJob() {
    }

    /** The files under {@code input} (itself when it is a file), hidden ones left out, sorted by path. */
    static List<Path> files(Path input) {
        if (!Files.exists(input)) {
            throw new UrbanFlowException("Cannot convert " + input + ": no such file or folder");
        }
        if (Files.isRegularFile(input)) {
            return List.of(input.toAbsolutePath());
        }
        try (Stream<Path> walk = Files.walk(input)) {
            List<Path> files = walk.filter(Files::isRegularFile).filter(path -> !path.getFileName().toString().startsWith("."))
                    .map(Path::toAbsolutePath).sorted().toList();
            if (files.isEmpty()) {
                throw new UrbanFlowException("Cannot convert " + input + ": the folder has no files");
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one file on an executor: its points and rejects as rows of {@link #READ_SCHEMA}. */
    static List<Row> read(String file, String format, String zone) {
        List<Row> rows = new ArrayList<>();
        SourceOptions options = new SourceOptions(format, zone == null ? null : ZoneId.of(zone), null);
        long[] ordinal = {0};
        try {
            GpsSources.open(Path.of(file), options).read(
                    (GpsPoint point) -> rows.add(RowFactory.create(POINT, point.vehicleId(), point.epochMicros(), point.latitude(),
                            point.longitude(), point.occupancy(), point.source() == null ? "" : point.source(), ordinal[0]++, file,
                            0L, null, null)),
                    (Reject reject) -> rows.add(RowFactory.create(REJECT, null, 0L, 0.0, 0.0, 0, null, 0L, reject.origin(),
                            reject.lineNumber(), reject.reason(), reject.line())));
        } catch (UrbanFlowException e) {
            // A file that cannot be read at all (unknown format, unreadable) is one rejected "line 0", like a bad line.
            rows.clear();
            rows.add(RowFactory.create(REJECT, null, 0L, 0.0, 0.0, 0, null, 0L, file, 0L, e.getMessage(), ""));
        }
        return rows;
    }

    /**
     * Converts the files under {@code input} and appends their points to {@code raw.gps_points}.
     *
     * @throws MalformedInputException with {@link RejectPolicy#STRICT}, for the first bad line; nothing is written
     */
    public static Result run(SparkLake lake, Path input, SourceOptions options, RejectPolicy policy, Path dataDir, Clock clock) {
        long started = System.nanoTime();
        List<Path> files = files(input);
        SparkSession session = lake.session();
        try (Lake platform = Lake.open(lake.lakeConfig())) {
            platform.create(MobilityTables.GPS_POINTS);
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        String format = options.format();
        String zone = options.zone() == null ? null : options.zone().getId();
        JavaRDD<Row> read = context.parallelize(files.stream().map(Path::toString).toList(), files.size())
                .flatMap(file -> read(file, format, zone).iterator());
        Dataset<Row> rows = session.createDataFrame(read, READ_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Reject> rejects = rows.filter("kind = " + REJECT).select("file", "line_number", "raw", "reason")
                    .orderBy("file", "line_number").collectAsList().stream()
                    .map(row -> new Reject(row.getString(0), row.getLong(1), row.getString(2), row.getString(3))).toList();
            if (policy == RejectPolicy.STRICT && !rejects.isEmpty()) {
                throw new MalformedInputException(rejects.get(0));
            }
            Optional<Path> quarantined = Optional.empty();
            if (!rejects.isEmpty()) {
                try (Quarantine quarantine = Quarantine.open(dataDir, "spark-convert", clock)) {
                    rejects.forEach(quarantine::reject);
                    quarantined = Optional.of(quarantine.path());
                }
            }
            // 1. files -> Parquet
            Path parquet = dataDir.resolve("spark").resolve("convert").resolve(STAMP.format(LocalDateTime.now(clock)) + "-" + System.nanoTime());
            rows.filter("kind = " + POINT).select("vehicle_id", "ts_micros", "lat", "lon", "occupancy", "source", "ordinal")
                    .write().parquet(parquet.toString());
            // 2. Parquet -> the Iceberg raw table, in one commit
            Instant ingestedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            long ingestedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, ingestedAt);
            // Parquet columns read back as nullable; the readers never produce nulls, so Iceberg's check would only refuse.
            session.conf().set("spark.sql.iceberg.check-nullability", "false");
            try {
                session.read().parquet(parquet.toString())
                    .selectExpr("vehicle_id", "timestamp_micros(ts_micros) AS ts", "lat", "lon", "occupancy", "source",
                            "CAST(-1 AS INT) AS kafka_partition", "ordinal AS kafka_offset",
                            "timestamp_micros(" + ingestedMicros + "L) AS ingested_at")
                    .writeTo(MobilityTables.RAW_GPS_POINTS).append();
            } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
                throw new UrbanFlowException("Cannot append to " + MobilityTables.RAW_GPS_POINTS + ": " + e.getSimpleMessage(), e);
            }
            // 3. Spark SQL over the raw table: what this run added, per source
            List<String> sources = new ArrayList<>();
            long points = 0;
            for (Row row : session.sql("SELECT source, count(*), count(DISTINCT vehicle_id), min(ts), max(ts) FROM "
                    + MobilityTables.RAW_GPS_POINTS + " WHERE ingested_at = timestamp_micros(" + ingestedMicros + "L)"
                    + " GROUP BY source ORDER BY source").collectAsList()) {
                points += row.getLong(1);
                sources.add((row.getString(0).isEmpty() ? "(no source)" : row.getString(0)) + " points=" + row.getLong(1)
                        + " vehicles=" + row.getLong(2) + " first=" + row.getTimestamp(3).toInstant() + " last=" + row.getTimestamp(4).toInstant());
            }
            return new Result(files.size(), points, rejects.size(), parquet, quarantined, sources, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            rows.unpersist();
        }
    }
}
