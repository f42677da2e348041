package io.urbanflow.domain;

import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.pipeline.Model;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.util.List;
import java.util.Optional;

/**
 * An event domain plugged into the platform: what it reads, where its messages land, what it builds from them and
 * what it shows. A domain overrides only what it contributes; the platform owns Kafka, offsets, commits, the DAG and
 * the dashboard shell. Found by {@link java.util.ServiceLoader} (a {@code META-INF/services/io.urbanflow.domain.Domain}
 * entry in the domain's jar) and checked by {@link Domains}. Implementations are stateless and thread-safe, with a
 * public no-argument constructor.
 */
public interface Domain {
    /** A short lower-case name, unique among domains: {@code mobility}, {@code clickstream}. */
    String name();

    /** One line for listings. */
    String description();

    /** Its topics, each with the raw table its messages land in and their decoder. */
    List<TopicBinding> topics();

    /** The file formats whose records go to its topics. */
    default List<SourceFormat> formats() {
        return List.of();
    }

    /** Its synthetic sources. */
    default List<SourceGenerator> generators() {
        return List.of();
    }

    /** Its models; each reads raw tables of its topics or other models' tables, by name. */
    default List<Model> models() {
        return List.of();
    }

    /** Its dashboard pages, started for one dashboard; empty when it has none. */
    default Optional<DashboardPages> pages(PageContext context) {
        return Optional.empty();
    }

    /** How {@code urbanflow demo} runs it; empty when it has no demo. */
    default Optional<DemoSource> demo() {
        return Optional.empty();
    }
}
