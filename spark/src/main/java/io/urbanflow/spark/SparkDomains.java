package io.urbanflow.spark;

import io.urbanflow.model.UrbanFlowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The {@link SparkDomain}s on the class path and their models by name. Immutable.
 *
 * @param domains the domains in name order
 */
public record SparkDomains(List<SparkDomain> domains) {
    public SparkDomains {
        domains = List.copyOf(domains);
        Map<String, String> owners = new LinkedHashMap<>();
        for (SparkDomain domain : domains) {
            for (SparkModel model : domain.models()) {
                String previous = owners.putIfAbsent(model.name(), domain.name());
                if (previous != null) {
                    throw new UrbanFlowException("Cannot load Spark models: " + model.name() + " comes from both "
                            + previous + " and " + domain.name());
                }
            }
        }
    }

    /** Every {@link SparkDomain} found by {@link ServiceLoader}. */
    public static SparkDomains load() {
        List<SparkDomain> found = new ArrayList<>();
        ServiceLoader.load(SparkDomain.class).forEach(found::add);
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return new SparkDomains(found);
    }

    public List<SparkModel> models() {
        return domains.stream().flatMap(domain -> domain.models().stream()).toList();
    }

    /**
     * The model of that table name.
     *
     * @throws UrbanFlowException listing the known models when there is none
     */
    public SparkModel model(String name) {
        return models().stream().filter(model -> model.name().equals(name.trim())).findFirst()
                .orElseThrow(() -> new UrbanFlowException("Cannot run model '" + name + "' on Spark: known models are "
                        + models().stream().map(SparkModel::name).collect(Collectors.joining(", "))));
    }
}
