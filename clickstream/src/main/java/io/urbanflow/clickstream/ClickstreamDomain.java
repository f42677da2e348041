package io.urbanflow.clickstream;

import io.urbanflow.clickstream.internal.EventFileFormat;
import io.urbanflow.clickstream.internal.EventRowDecoder;
import io.urbanflow.domain.Domain;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Web clickstream events of an e-commerce site: the four JSON-lines event files (browser, location, device, geo) and
 * a synthetic shop; four topics ({@code clickstream.browser_events} ...) landing in four raw tables with one shared
 * table of rejects; sessions, purchases, funnels, traffic sources, products and data quality; the Clickstream page;
 * the demo's shop. Registered through {@code META-INF/services/io.urbanflow.domain.Domain}. Stateless and thread-safe.
 */
public final class ClickstreamDomain implements Domain {
    public static final String NAME = "clickstream";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "web clickstream of an e-commerce site: sessions, funnels, purchases";
    }

    /** One binding per {@link EventKind}, all rejecting into {@code raw.clickstream_rejected}. */
    @Override
    public List<TopicBinding> topics() {
        List<TopicBinding> bindings = new ArrayList<>();
        for (EventKind kind : EventKind.values()) {
            bindings.add(new TopicBinding(kind.topic(), kind.table(), ClickstreamTables.REJECTED, EventRowDecoder.decoder(kind)));
        }
        return bindings;
    }

    @Override
    public List<SourceFormat> formats() {
        return EventFileFormat.all();
    }

    @Override
    public List<SourceGenerator> generators() {
        return List.of(new SyntheticClickstream());
    }
}
