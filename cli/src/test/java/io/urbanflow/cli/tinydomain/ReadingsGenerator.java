package io.urbanflow.cli.tinydomain;

import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.ReadSummary;
import io.urbanflow.sources.RecordSink;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.RejectSink;
import io.urbanflow.sources.SourceGenerator;
import java.time.Instant;
import java.util.List;

/**
 * {@code tiny:N}: N readings of sensors s0..s4, one every 7 seconds from {@link #START}, value {@code i % 97}: a
 * sequence a test can sum by hand.
 */
final class ReadingsGenerator implements SourceGenerator {
    static final String PREFIX = "tiny:";
    static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

    @Override
    public String domain() {
        return TinyDomain.NAME;
    }

    @Override
    public boolean accepts(String specification) {
        return specification.startsWith(PREFIX);
    }

    @Override
    public String description() {
        return "tiny:N, e.g. tiny:1000";
    }

    @Override
    public RecordSource open(String specification) {
        long count;
        try {
            count = Long.parseLong(specification.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new UrbanFlowException("Cannot generate readings from '" + specification + "': expected tiny:N");
        }
        return new RecordSource() {
            @Override
            public String name() {
                return specification;
            }

            @Override
            public List<String> topics() {
                return List.of(TinyDomain.TOPIC);
            }

            @Override
            public ReadSummary read(RecordSink records, RejectSink rejects) {
                for (long i = 0; i < count; i++) {
                    records.accept(Reading.record("s" + (i % 5), START.plusSeconds(7 * i), i % 97));
                }
                return new ReadSummary(count, 0);
            }
        };
    }
}
