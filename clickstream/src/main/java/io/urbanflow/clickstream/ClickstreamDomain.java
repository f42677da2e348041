package io.urbanflow.clickstream;

import io.urbanflow.clickstream.internal.EventFileFormat;
import io.urbanflow.clickstream.internal.EventBatchWriter;
import io.urbanflow.clickstream.web.ClickstreamPages;
import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.DemoSource;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.PageContext;
import io.urbanflow.clickstream.models.DataQualityModel;
import io.urbanflow.clickstream.models.FunnelDailyModel;
import io.urbanflow.clickstream.models.ProductsModel;
import io.urbanflow.clickstream.models.PurchaseItemsModel;
import io.urbanflow.clickstream.models.PurchasesModel;
import io.urbanflow.clickstream.models.SessionsModel;
import io.urbanflow.clickstream.models.StageClickstreamEventsModel;
import io.urbanflow.clickstream.models.TrafficSourcesModel;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.pipeline.Model;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            bindings.add(new TopicBinding(kind.topic(), kind.table(), ClickstreamTables.REJECTED, EventBatchWriter.decoder(kind)));
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

    /** The Clickstream page and its endpoints ({@link ClickstreamPages}). */
    @Override
    public Optional<DashboardPages> pages(PageContext context) {
        return Optional.of(new ClickstreamPages(context));
    }

    /** The demo's synthetic shop ({@link ClickstreamDemo}). */
    @Override
    public Optional<DemoSource> demo() {
        return Optional.of(new ClickstreamDemo());
    }

    /** Stage, then sessions, purchases and their items, then the daily marts and data quality. */
    @Override
    public List<Model> models() {
        return List.of(new StageClickstreamEventsModel(), new SessionsModel(), new PurchasesModel(), new PurchaseItemsModel(),
                new FunnelDailyModel(), new TrafficSourcesModel(), new ProductsModel(), new DataQualityModel());
    }
}
