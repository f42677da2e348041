package io.urbanflow.domain;

import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.Model;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import io.urbanflow.sources.Sources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered domains, checked before anything runs: at least one; no two domains, topics, formats or models of
 * one name; no table declared twice; every model input is a raw table some domain's topic writes or another model's
 * table. Immutable and thread-safe.
 */
public final class Domains {
    private static final Logger LOG = LoggerFactory.getLogger(Domains.class);

    private final Map<String, Domain> byName;

    private Domains(Map<String, Domain> byName) {
        this.byName = byName;
    }

    /**
     * The domains {@link ServiceLoader} finds on the class path, sorted by name.
     *
     * @throws UrbanFlowException when none is found or the set fails a check
     */
    public static Domains load() {
        return load(Domains.class.getClassLoader());
    }

    /**
     * The domains {@link ServiceLoader} finds through {@code loader} (a domain's jar added at run time), sorted by name.
     *
     * @throws UrbanFlowException when none is found or the set fails a check
     */
    public static Domains load(ClassLoader loader) {
        List<Domain> found = new ArrayList<>();
        for (Domain domain : ServiceLoader.load(Domain.class, loader)) {
            found.add(domain);
        }
        if (found.isEmpty()) {
            throw new UrbanFlowException("Cannot start: no domain found on the class path (expected "
                    + "META-INF/services/" + Domain.class.getName() + " in a domain's jar, e.g. urbanflow-mobility)");
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        Domains domains = of(found);
        for (Domain domain : found) {
            LOG.debug("Domain {}: {} topics, {} formats, {} models", domain.name(), domain.topics().size(),
                    domain.formats().size(), domain.models().size());
        }
        return domains;
    }

    /**
     * These domains, in this order.
     *
     * @throws UrbanFlowException when the list is empty or fails a check
     */
    public static Domains of(List<Domain> domains) {
        if (domains.isEmpty()) {
            throw new UrbanFlowException("Cannot start: no domain registered");
        }
        Map<String, Domain> byName = new LinkedHashMap<>();
        for (Domain domain : domains) {
            String name = domain.name();
            if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
                throw new UrbanFlowException("Cannot register domain '" + name + "' (" + domain.getClass().getName()
                        + "): a name is lower-case letters, digits and dashes");
            }
            if (byName.put(name, domain) != null) {
                throw new UrbanFlowException("Cannot register domain " + name + " twice (" + domain.getClass().getName() + ")");
            }
        }
        Domains result = new Domains(byName);
        result.check();
        return result;
    }

    private void check() {
        Map<String, String> topics = new HashMap<>();
        Map<String, String> tables = new HashMap<>();
        Map<String, String> formats = new HashMap<>();
        Map<String, String> models = new HashMap<>();
        for (Domain domain : byName.values()) {
            for (TopicBinding binding : domain.topics()) {
                unique(topics, binding.topic(), domain, "topic");
                String owner = tables.get(binding.table().name());
                if (owner != null && !owner.equals(domain.name())) {
                    throw new UrbanFlowException("Cannot register domain " + domain.name() + ": table " + binding.table().name()
                            + " is already written by domain " + owner);
                }
                tables.put(binding.table().name(), domain.name());
                tables.putIfAbsent(binding.rejected().name(), domain.name());
            }
            for (SourceFormat format : domain.formats()) {
                unique(formats, format.name(), domain, "format");
                if (!format.domain().equals(domain.name())) {
                    throw new UrbanFlowException("Cannot register format " + format.name() + " of domain " + domain.name()
                            + ": it says it belongs to domain " + format.domain());
                }
            }
            for (Model model : domain.models()) {
                unique(models, model.name(), domain, "model");
            }
        }
        for (Domain domain : byName.values()) {
            for (Model model : domain.models()) {
                if (tables.containsKey(model.name())) {
                    throw new UrbanFlowException("Cannot register model " + model.name() + " of domain " + domain.name()
                            + ": a topic's raw table has that name");
                }
                for (String input : model.inputs()) {
                    if (!tables.containsKey(input) && !models.containsKey(input)) {
                        throw new UrbanFlowException("Cannot register model " + model.name() + " of domain " + domain.name()
                                + ": its input " + input + " is neither a topic's raw table nor a model ("
                                + "known: " + String.join(", ", new java.util.TreeSet<>(union(tables.keySet(), models.keySet()))) + ")");
                    }
                }
            }
        }
    }

    private static Set<String> union(Collection<String> a, Collection<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void unique(Map<String, String> seen, String name, Domain domain, String what) {
        String owner = seen.putIfAbsent(name, domain.name());
        if (owner != null) {
            throw new UrbanFlowException("Cannot register " + what + " " + name + " of domain " + domain.name()
                    + ": domain " + owner + " already has one of that name");
        }
    }

    public List<Domain> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /**
     * @throws UrbanFlowException naming the known domains when there is none of that name
     */
    public Domain named(String name) {
        Domain domain = byName.get(name == null ? "" : name.trim().toLowerCase(Locale.ROOT));
        if (domain == null) {
            throw new UrbanFlowException("Cannot find domain '" + name + "': known domains are " + String.join(", ", byName.keySet()));
        }
        return domain;
    }

    /**
     * The domains a {@code --domain} value selects: one by name, or every one for {@code all} or null.
     *
     * @throws UrbanFlowException for an unknown name
     */
    public List<Domain> select(String name) {
        if (name == null || name.isBlank() || name.trim().equalsIgnoreCase("all")) {
            return all();
        }
        return List.of(named(name));
    }

    /** Every domain's topic bindings, in domain order. */
    public List<TopicBinding> bindings() {
        return bindings(all());
    }

    public static List<TopicBinding> bindings(List<Domain> domains) {
        return domains.stream().flatMap(domain -> domain.topics().stream()).toList();
    }

    /** The binding of a topic, if a domain binds it. */
    public java.util.Optional<TopicBinding> binding(String topic) {
        return bindings().stream().filter(binding -> binding.topic().equals(topic)).findFirst();
    }

    /** Every domain's models. */
    public List<Model> models() {
        return models(all());
    }

    public static List<Model> models(List<Domain> domains) {
        return domains.stream().flatMap(domain -> domain.models().stream()).toList();
    }

    /** The formats and generators of every domain. */
    public Sources sources() {
        List<SourceFormat> formats = new ArrayList<>();
        List<SourceGenerator> generators = new ArrayList<>();
        for (Domain domain : byName.values()) {
            formats.addAll(domain.formats());
            generators.addAll(domain.generators());
        }
        return new Sources(formats, generators);
    }

    /** The domain owning a topic. */
    public java.util.Optional<Domain> ofTopic(String topic) {
        return byName.values().stream().filter(domain -> domain.topics().stream().anyMatch(binding -> binding.topic().equals(topic)))
                .findFirst();
    }

    @Override
    public String toString() {
        return byName.values().stream().map(Domain::name).collect(Collectors.joining(", ", "Domains[", "]"));
    }
}
