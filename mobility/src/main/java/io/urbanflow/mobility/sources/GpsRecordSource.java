package io.urbanflow.mobility.sources;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.GpsPoint;
import io.urbanflow.mobility.stream.PointCodec;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceRecord;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * GPS points as Kafka records: key = vehicle id, value = {@link PointCodec} JSON, event time = the fix's time. The
 * zone of the data's clock is the format's city, else the city of the first point (UTC outside every known city).
 * Single use, not thread-safe.
 */
public final class GpsRecordSource implements RecordSource {
    private final PointSource points;
    private final String topic;
    private volatile ZoneId zone;

    public GpsRecordSource(PointSource points, String topic, Optional<City> city) {
        this.points = points;
        this.topic = topic;
        this.zone = city.map(City::zone).orElse(null);
    }

    @Override
    public String name() {
        return points.name();
    }

    @Override
    public List<String> topics() {
        return List.of(topic);
    }

    @Override
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }

    @Override
    public ReadSummary read(RecordSink records, RejectSink rejects) {
        return points.read(point -> {
            if (zone == null) {
                zone = City.containing(point.latitude(), point.longitude()).map(City::zone).orElse(ZoneId.of("UTC"));
            }
            records.accept(record(topic, point));
        }, rejects);
    }

    /** The record of one point. */
    public static SourceRecord record(String topic, GpsPoint point) {
        return new SourceRecord(topic, PointCodec.key(point), PointCodec.encode(point), point.epochMicros());
    }
}
