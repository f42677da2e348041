package io.urbanflow.cli.tinydomain;

import io.urbanflow.domain.Domain;
import io.urbanflow.ingest.FieldMapping;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.ingest.JsonRecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.RawTable;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.IntervalAggregation;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * A third domain written the way a user would write one, outside every platform module: meter readings
 * ({@code sensor,ts,value}) from CSV files or a generator, on topic {@code tiny.readings} into
 * {@code raw.tiny_readings} through the platform's generic JSON decoder, and one model, {@code mart.tiny_10min}.
 * Registered only by {@link TinyDomainEndToEndTest}'s class loader, so the other tests never see it.
 */
public final class TinyDomain implements Domain {
    static final String NAME = "tiny";
    static final String TOPIC = "tiny.readings";
    static final String RAW = "raw.tiny_readings";
    static final String MART = "mart.tiny_10min";
    static final Schema RAW_SCHEMA = new Schema(
            Types.NestedField.required(1, "sensor", Types.StringType.get()),
            Types.NestedField.required(2, "ts", Types.TimestampType.withZone()),
            Types.NestedField.required(3, "value", Types.LongType.get()),
            Types.NestedField.required(4, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(5, "kafka_offset", Types.LongType.get()));
    static final Schema MART_SCHEMA = new Schema(
            Types.NestedField.required(1, "interval_10min", Types.TimestampType.withZone()),
            Types.NestedField.required(2, "readings", Types.LongType.get()),
            Types.NestedField.required(3, "sensors", Types.LongType.get()),
            Types.NestedField.required(4, "total", Types.LongType.get()));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "meter readings: a domain the platform has never heard of";
    }

    @Override
    public List<TopicBinding> topics() {
        return List.of(new TopicBinding(TOPIC,
                RawTable.of(RAW, RAW_SCHEMA, PartitionSpec.builderFor(RAW_SCHEMA).day("ts").build()),
                IngestTables.rejected("raw.tiny_rejected"), new JsonRecordDecoder(FieldMapping.identity())));
    }

    @Override
    public List<SourceFormat> formats() {
        return List.of(new ReadingsFormat());
    }

    @Override
    public List<SourceGenerator> generators() {
        return List.of(new ReadingsGenerator());
    }

    @Override
    public List<Model> models() {
        return List.of(new Tiny10MinModel());
    }

    /** Readings and sensors per 10 minutes, through the platform's interval aggregation. */
    static final class Tiny10MinModel implements Model {
        @Override
        public String name() {
            return MART;
        }

        @Override
        public List<String> inputs() {
            return List.of(RAW);
        }

        @Override
        public Schema schema() {
            return MART_SCHEMA;
        }

        @Override
        public PartitionSpec partitionSpec() {
            return PartitionSpec.builderFor(MART_SCHEMA).day("interval_10min").build();
        }

        @Override
        public ModelResult build(ModelContext context, BuildMode mode) {
            return IntervalAggregation.run(context, this, context.input(RAW, name()), mode, ZoneOffset.UTC, "", "TRUE",
                    (input, interval, where) -> "SELECT " + interval + " AS interval_10min, count(*) AS readings,"
                            + " count(DISTINCT sensor) AS sensors, sum(value)::BIGINT AS total FROM " + input
                            + " WHERE " + where + " GROUP BY 1");
        }
    }
}
