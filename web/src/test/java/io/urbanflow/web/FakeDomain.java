package io.urbanflow.web;

import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.Endpoint;
import io.urbanflow.domain.JsonText;
import io.urbanflow.domain.LiveChannel;
import io.urbanflow.domain.PageContext;
import io.urbanflow.ingest.FieldMapping;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.ingest.JsonRecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.RawTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * A domain the shell has never heard of: one topic, a page ({@code /fake.html}, a test resource), an endpoint of
 * each kind (one echoes its query, one its body) and a live channel that greets each client. What the dashboard tests serve instead of a real
 * domain, since the shell knows none.
 */
final class FakeDomain implements Domain {
    static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.required(2, "kafka_partition", Types.IntegerType.get()),
            Types.NestedField.required(3, "kafka_offset", Types.LongType.get()));
    private final String name;
    private final String endpointPrefix;

    FakeDomain(String name) {
        this(name, name);
    }

    /** A domain whose endpoint is {@code /api/PREFIX/echo}. */
    FakeDomain(String name, String endpointPrefix) {
        this.name = name;
        this.endpointPrefix = endpointPrefix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "a domain for the dashboard's tests";
    }

    @Override
    public List<TopicBinding> topics() {
        return List.of(new TopicBinding(name + ".events", RawTable.of("raw." + name + "_events", SCHEMA, PartitionSpec.unpartitioned()),
                IngestTables.rejected("raw." + name + "_rejected"), new JsonRecordDecoder(FieldMapping.identity())));
    }

    @Override
    public Optional<DashboardPages> pages(PageContext context) {
        return Optional.of(new DashboardPages() {
            @Override
            public List<PageLink> links() {
                return List.of(new PageLink("Fake", "/fake.html"));
            }

            @Override
            public Optional<String> resources() {
                return Optional.of("/public-fake");
            }

            /**
             * One endpoint of each kind: {@code echo} (declared without a kind: a query), {@code about} (a read) and
             * {@code retry} (a write that echoes its body).
             */
            @Override
            public List<Endpoint> endpoints() {
                return List.of(new Endpoint(endpointPrefix + "/echo", request -> Endpoint.Response.ok(
                                JsonText.value(new StringBuilder(), Map.of("echo", request.query("text").orElse(""))).toString())),
                        Endpoint.read(endpointPrefix + "/about", request -> Endpoint.Response.ok("{\"domain\":\"" + name + "\"}")),
                        Endpoint.write(endpointPrefix + "/retry", request -> Endpoint.Response.ok(
                                JsonText.value(new StringBuilder(), Map.of("received", request.body().orElse(""))).toString())));
            }

            @Override
            public List<LiveChannel> channels() {
                return List.of(new LiveChannel() {
                    @Override
                    public String path() {
                        return "/" + name + "-live";
                    }

                    @Override
                    public void open(LiveClient client) {
                        client.send("{\"hello\":\"" + name + "\"}", () -> { });
                    }

                    @Override
                    public void close(LiveClient client) {
                    }
                });
            }

            @Override
            public Map<String, Object> health() {
                return Map.of("greetings", 1);
            }

            @Override
            public void metrics(StringBuilder out) {
                io.urbanflow.domain.PrometheusText.gauge(out, "urbanflow_fake_greetings", "Greetings of the fake domain.", 1);
            }
        });
    }
}
