package io.urbanflow.cli.tinydomain;

import io.urbanflow.sources.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A reading's Kafka record: key the sensor, value {@code {"sensor":..,"ts":"<ISO>","value":..}}. */
final class Reading {
    private Reading() {
    }

    static SourceRecord record(String sensor, Instant ts, long value) {
        String json = "{\"sensor\":\"" + sensor + "\",\"ts\":\"" + ts + "\",\"value\":" + value + "}";
        return new SourceRecord(TinyDomain.TOPIC, sensor.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                ChronoUnit.MICROS.between(Instant.EPOCH, ts));
    }
}
